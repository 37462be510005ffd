"""Network helpers (vmss_lint.azure.network) and the behaviour of the network rules beyond their fixtures."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES
from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.model import Deployment, Resource
from vmss_lint.azure.network import load_balancer_kind, load_balancer_of, load_balancer_sku, subnet_of
from vmss_lint.source import Location
from vmss_lint.values import Unknown

HERE = Location("t.json", 1, 1, 1, 2)
NET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/resource-group/providers/Microsoft.Network"


def lb(body: dict, name: str = "lb", existing: bool = False) -> Resource:
    return Resource("Microsoft.Network/loadBalancers", "2024-05-01", name, body, HERE, existing=existing)


def test_load_balancer_sku_defaults_to_basic() -> None:
    assert load_balancer_sku(lb({})) == "Basic"
    assert load_balancer_sku(lb({"sku": None})) == "Basic"
    assert load_balancer_sku(lb({"sku": {"tier": "Regional"}})) == "Basic"
    assert load_balancer_sku(lb({"sku": {"name": "Standard"}})) == "Standard"
    assert isinstance(load_balancer_sku(lb({"sku": Unknown("parameter")})), Unknown)


def test_load_balancer_kind() -> None:
    public = lb({"properties": {"frontendIPConfigurations": [{"name": "fe", "properties": {"publicIPAddress": {"id": "x"}}}]}})
    internal = lb({"properties": {"frontendIPConfigurations": [{"name": "fe", "properties": {"subnet": {"id": "x"}}}]}})
    assert load_balancer_kind(public) == "public"
    assert load_balancer_kind(internal) == "internal"
    assert isinstance(load_balancer_kind(lb({})), Unknown)


def test_existing_and_outside_load_balancers_are_unknown() -> None:
    existing = lb({}, existing=True)
    deployment = Deployment("t.json", resources=[existing])
    assert isinstance(load_balancer_of(deployment, f"{NET}/loadBalancers/lb/backendAddressPools/pool"), Unknown)
    assert isinstance(load_balancer_of(deployment, f"{NET}/loadBalancers/other/backendAddressPools/pool"), Unknown)
    assert load_balancer_of(deployment, f"{NET}/applicationGateways/agw/backendAddressPools/pool") is None


def test_subnet_inline_and_as_resource() -> None:
    vnet = Resource("Microsoft.Network/virtualNetworks", "2024-05-01", "vnet", {"properties": {"subnets": [{"name": "a", "properties": {}}]}}, HERE)
    subnet = Resource("Microsoft.Network/virtualNetworks/subnets", "2024-05-01", "vnet/b", {"properties": {}}, HERE)
    deployment = Deployment("t.json", resources=[vnet, subnet])
    assert subnet_of(deployment, {"id": f"{NET}/virtualNetworks/vnet/subnets/a"}) == (vnet, ("properties", "subnets", 0))
    assert subnet_of(deployment, {"id": f"{NET}/virtualNetworks/vnet/subnets/b"}) == (subnet, ())
    assert isinstance(subnet_of(deployment, {"id": f"{NET}/virtualNetworks/vnet/subnets/c"}), Unknown)


def _findings(path: Path, rule_id: str, **config) -> list:
    report = lint([path], Config(**config))
    return [finding for finding in report.findings if finding.rule_id == rule_id or rule_id in finding.message]


def test_flexible_outbound_is_a_warning_unless_strict() -> None:
    bad = FIXTURES / "rules" / "VMSS-FLEX-042" / "bad.json"
    assert {finding.severity.value for finding in _findings(bad, "VMSS-FLEX-042")} == {"warning"}
    strict = _findings(bad, "VMSS-FLEX-042", options={"flexOutboundStrict": True})
    assert strict and {finding.severity.value for finding in strict} == {"error"}


def test_flexible_outbound_outside_the_template_is_only_a_note() -> None:
    good = FIXTURES / "rules" / "VMSS-FLEX-042" / "good.json"
    assert not _findings(good, "VMSS-FLEX-042")
    notes = _findings(good, "VMSS-FLEX-042", show_unknown=True)
    assert [finding.rule_id for finding in notes] == ["LINT-008"]
    assert "hub/subnets/apps" in notes[0].message


def test_unknown_load_balancer_reference_is_undecided(tmp_path: Path) -> None:
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            {
                "type": "Microsoft.Compute/virtualMachineScaleSets",
                "apiVersion": "2024-07-01",
                "name": "web",
                "location": "westeurope",
                "sku": {"name": "Standard_D2s_v5", "capacity": 2},
                "properties": {
                    "orchestrationMode": "Flexible",
                    "platformFaultDomainCount": 1,
                    "virtualMachineProfile": {"networkProfile": {"networkApiVersion": "2020-11-01", "networkInterfaceConfigurations": [
                        {"name": "nic", "properties": {"ipConfigurations": [{"name": "ipc", "properties": {
                            "subnet": {"id": "[parameters('subnetId')]"},
                            "loadBalancerBackendAddressPools": [{"id": "[parameters('poolId')]"}],
                        }}]}}
                    ]}},
                },
            }
        ],
    }
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps(template, indent=2), encoding="utf-8")
    assert not [f for f in lint([path], Config()).findings if f.rule_id.startswith("VMSS-")]
    notes = [f.message for f in lint([path], Config(show_unknown=True)).findings if f.rule_id == "LINT-008"]
    assert any(message.startswith("VMSS-FLEX-038") for message in notes)
    assert any(message.startswith("VMSS-FLEX-042") for message in notes)
