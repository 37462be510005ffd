"""vmss_lint.azure.api_versions: version order, first-seen look-ups and the walk over a resource body."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, shared_or_skip
from vmss_lint.azure import api_versions
from vmss_lint.model import AVAILABILITY_SET, VM, VMSS, VMSS_VM
from vmss_lint.values import Unknown


@pytest.mark.parametrize(
    "older,newer",
    [
        ("2015-06-15", "2016-03-30"),
        ("2016-04-30", "2016-04-30-preview"),  # a preview sorts after the GA of the same date
        ("2016-03-30", "2016-04-30-preview"),
        ("2016-04-30-preview", "2017-03-30"),
        ("2020-12-01", "2021-03-01"),
    ],
)
def test_version_order(older: str, newer: str) -> None:
    assert api_versions.older_than(older, newer)
    assert not api_versions.older_than(newer, older)
    assert api_versions.compare(older, newer) == -1
    assert api_versions.compare(newer, older) == 1
    assert api_versions.compare(newer, newer) == 0


@pytest.mark.parametrize("text", ["2024-07-01", "2016-04-30-preview", "2024-03-01-beta"])
def test_well_formed(text: str) -> None:
    assert api_versions.is_well_formed(text)


@pytest.mark.parametrize("text", ["latest", "2024-7-1", "2024-07-01-", "", None, 20240701, Unknown("x")])
def test_not_well_formed(text: object) -> None:
    assert not api_versions.is_well_formed(text)


def test_known_versions_per_type() -> None:
    assert api_versions.is_known_version(VMSS, "2024-07-01")
    assert api_versions.is_known_version(VMSS, "2016-04-30-PREVIEW")
    assert api_versions.is_known_version(VMSS, "2016-08-30")  # advertised by the service without a schema
    assert not api_versions.is_known_version(VMSS, "2021-05-01")
    assert not api_versions.is_known_version(VMSS, "2022-03-02")  # a disk-only Compute version
    assert "2022-03-02" in api_versions.compute_versions()
    assert api_versions.known_versions(VMSS_VM)[0] == "2017-12-01"
    assert api_versions.newest_version(VMSS) == max(api_versions.known_versions(VMSS), key=api_versions.version_key)
    versions = api_versions.known_versions(AVAILABILITY_SET)
    assert list(versions) == sorted(versions, key=api_versions.version_key)


def test_first_seen_lookups_are_case_insensitive() -> None:
    assert api_versions.first_seen(VMSS, "properties.orchestrationMode") == "2020-12-01"
    assert api_versions.first_seen(VMSS, ("properties", "OrchestrationMode")) == "2020-12-01"
    assert api_versions.first_seen(VMSS, ("properties", "virtualMachineProfile", "priority")) == "2017-12-01"
    assert api_versions.enum_first_seen(VMSS, "properties.virtualMachineProfile.priority", "spot") == "2019-03-01"
    assert api_versions.first_seen(VMSS, "properties.noSuchThing") is None
    assert api_versions.first_seen("Microsoft.Network/loadBalancers", "properties") is None


def test_spellings_merge_to_the_earliest() -> None:
    # 2015-06-15 … 2016-04-30-preview spelled it `overProvision`; ARM names are case-insensitive.
    assert api_versions.first_seen(VMSS, "properties.overprovision") == "2015-06-15"


def test_removed_paths_are_not_listed() -> None:
    # `identityIds` existed only in 2017-12-01 … 2018-04-01: too unreliable to call a template wrong.
    assert api_versions.first_seen(VMSS, "identity.identityIds") is None


def test_path_key() -> None:
    assert api_versions.path_key(("properties", "A", 3, "B")) == "properties.a[*].b"
    assert api_versions.path_key(("zones", "*")) == "zones[*]"


def _too_early(api: str, body: dict, resource_type: str = VMSS, skip: tuple[str, ...] = ()) -> list:
    return list(api_versions.find_too_early(resource_type, api, body, skip=skip))


def test_walk_reports_the_outermost_new_property_only() -> None:
    body = {"properties": {"priorityMixPolicy": {"baseRegularPriorityCount": 2}}}
    found = _too_early("2021-03-01", body)
    assert [(item.path, item.first, item.value) for item in found] == [(("properties", "priorityMixPolicy"), "2022-08-01", None)]


def test_walk_reports_new_enum_values_in_objects_and_arrays() -> None:
    body = {
        "properties": {
            "virtualMachineProfile": {
                "priority": "Spot",
                "storageProfile": {"dataDisks": [{"lun": 0, "managedDisk": {"storageAccountType": "premiumv2_lrs"}}]},
            }
        }
    }
    found = {(item.path, item.value) for item in _too_early("2018-10-01", body)}
    assert (("properties", "virtualMachineProfile", "priority"), "Spot") in found
    disk = ("properties", "virtualMachineProfile", "storageProfile", "dataDisks", 0, "managedDisk", "storageAccountType")
    assert (disk, "premiumv2_lrs") in found


def test_walk_is_quiet_on_current_unknown_and_unlisted_values() -> None:
    body = {
        "properties": {
            "orchestrationMode": "Flexible",
            "virtualMachineProfile": {"priority": Unknown("parameter")},
            "somethingNew": {"x": 1},
        },
        "tags": {"anything": "goes"},
    }
    assert _too_early("2024-07-01", body) == []
    assert _too_early("2018-10-01", {"properties": Unknown("expression")}) == []
    assert _too_early("not-a-version", {"properties": {"orchestrationMode": "Flexible"}}) == []


def test_walk_skips_owned_subtrees() -> None:
    body = {"properties": {"resiliencyPolicy": {"resilientVMCreationPolicy": {"enabled": True}}, "orchestrationMode": "Uniform"}}
    found = _too_early("2020-06-01", body, skip=("properties.resiliencyPolicy",))
    assert [item.key for item in found] == ["properties.orchestrationmode"]


def test_walk_for_other_types() -> None:
    vm = {"properties": {"platformFaultDomain": 0, "userData": "e30="}}
    keys = {item.key for item in _too_early("2019-07-01", vm, VM)}
    assert {"properties.platformfaultdomain", "properties.userdata"} <= keys


def test_derivation_is_deterministic_and_matches_the_shipped_data(tmp_path: Path) -> None:
    shared = shared_or_skip("facts/api-firstseen").parent.parent
    output = tmp_path / "api-firstseen.json"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "derive_api_versions.py"), "--shared", str(shared), "--output", str(output)],
        check=True, capture_output=True,
    )
    shipped = (REPO / "schemas" / "api-firstseen.json").read_text(encoding="utf-8")
    assert output.read_text(encoding="utf-8") == shipped, "schemas/api-firstseen.json is stale: re-run tools/derive_api_versions.py"
    assert json.loads(shipped)["resource_types"][VMSS]["paths"]["properties.orchestrationmode"] == "2020-12-01"
