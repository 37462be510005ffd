"""Edge cases of the placement, unsupported-parameter, networking and Spot rules that the bad/good
fixtures do not cover: unknown values never fire,
the FLEX-030 decision table, profiles and options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from vmss_lint.findings import Severity
from vmss_lint.model import VMSS, VMSS_VM, Deployment, Resource
from vmss_lint.registry import load_registry
from vmss_lint.source import Location
from vmss_lint.values import Unknown

HERE = Location("t.json", 1, 1, 1, 2)


@dataclass
class Ctx:
    profile: str = "current"
    options: dict[str, Any] = field(default_factory=dict)
    deployment: Deployment = field(default_factory=lambda: Deployment("t.json"))

    previous: Deployment | None = None

    def option(self, name: str) -> Any:
        return self.options.get(name, False)

    def previous_of(self, resource: Resource) -> Resource | None:
        return None


@pytest.fixture(scope="module")
def rules():
    return load_registry(entry_points=False)


def run(rules, rule_id: str, body: dict, *, type_: str = VMSS, api: str = "2024-07-01", **ctx: Any):
    resource = Resource(type=type_, api_version=api, name="web", body=body, declared_at=HERE)
    return list(rules.get(rule_id).check(resource, Ctx(**ctx)))


def flex(size: Any, fd: Any, spg: Any) -> dict:
    return {"sku": {"name": size}, "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": fd, "singlePlacementGroup": spg}}


@pytest.mark.parametrize(
    "size,fd,spg,expected",
    [
        ("Standard_D2s_v5", 1, True, Severity.ERROR),
        ("Standard_D2s_v5", 3, True, Severity.ERROR),
        ("Standard_D2s_v5", 3, False, None),
        ("Standard_HB120rs_v3", 1, True, Severity.ERROR),
        ("Standard_HB120rs_v3", 2, True, None),
        ("Standard_HB120rs_v3", 2, False, Severity.ERROR),
        ("Standard_HB120rs_v3", 1, False, None),
        ("Standard_L8s_v3", 2, True, Severity.WARNING),
        ("Standard_L8s_v3", 2, False, Severity.WARNING),
        ("Standard_D2s_v5", 3, None, None),
        (Unknown("parameter"), 3, True, None),
        ("Standard_D2s_v5", Unknown("parameter"), True, None),
        ("Standard_D2s_v5", 3, Unknown("parameter"), None),
    ],
)
def test_flexible_single_placement_group_table(rules, size, fd, spg, expected) -> None:
    found = run(rules, "VMSS-FLEX-030", flex(size, fd, spg))
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1
        assert (found[0].severity or Severity.ERROR) is expected


def test_live_migration_option_counts_as_mpu(rules) -> None:
    body = flex("Standard_NV36ads_A10_v5", 2, True)
    assert run(rules, "VMSS-FLEX-030", body) == []
    assert len(run(rules, "VMSS-FLEX-030", body, options={"accept_live_migration_as_mpu": True})) == 1


def test_uniform_network_api_version_is_checked_by_key_presence(rules) -> None:
    body = {"properties": {"virtualMachineProfile": {"networkProfile": {"networkApiVersion": None}}}}
    assert len(run(rules, "VMSS-UNI-041", body)) == 1
    body = {"properties": {"virtualMachineProfile": {"networkProfile": {"networkApiVersion": Unknown("if(...)")}}}}
    assert len(run(rules, "VMSS-UNI-041", body)) == 1
    assert run(rules, "VMSS-UNI-041", {"properties": {"virtualMachineProfile": {"networkProfile": Unknown("p")}}}) == []


def test_instance_protection_profiles(rules) -> None:
    body = {"properties": {"protectionPolicy": {"protectFromScaleIn": True}}}
    assert run(rules, "VMSS-FLEX-037", body, type_=VMSS_VM, api="2023-09-01") == []
    assert len(run(rules, "VMSS-FLEX-037", body, type_=VMSS_VM, api="2023-07-01")) == 1
    assert len(run(rules, "VMSS-FLEX-037", body, type_=VMSS_VM, api="2024-07-01", profile="seed-2022")) == 1


def test_spot_rules_ignore_unknown_priority(rules) -> None:
    body = {
        "location": "chinanorth3",
        "sku": {"name": "Standard_B2s"},
        "properties": {"virtualMachineProfile": {"priority": Unknown("parameter"), "evictionPolicy": "Delete"}},
    }
    for rule_id in ("VMSS-GEN-055", "VMSS-GEN-057", "VMSS-GEN-059", "VMSS-GEN-159"):
        assert run(rules, rule_id, body) == [], rule_id


def test_max_price_values(rules) -> None:
    def price(value: Any) -> list:
        body = {"properties": {"virtualMachineProfile": {"priority": "Spot", "billingProfile": {"maxPrice": value}}}}
        return run(rules, "VMSS-GEN-057", body)

    assert price(-1) == []
    assert price(0.01538) == []
    assert [v.severity for v in price(0)] == [None]
    assert [v.severity for v in price(-0.5)] == [None]
    assert [v.severity for v in price(0.123456)] == [Severity.WARNING]


def test_priority_mix_on_contested_size_warns(rules) -> None:
    body = {
        "sku": {"name": "Standard_M128ms"},
        "properties": {"platformFaultDomainCount": 2, "priorityMixPolicy": {"baseRegularPriorityCount": 1}},
    }
    found = run(rules, "VMSS-FLEX-054", body)
    assert [v.severity for v in found] == [Severity.WARNING]
