"""Health sources, durations, API dates and Spot priority, and edge cases of the upgrade, repair,
patching, disk and instance-mix rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.model import VMSS, VMSS_EXTENSION, Deployment, Resource
from vmss_lint.azure.api_versions import api_before
from vmss_lint.azure.extensions import child_health_extensions, has_service_fabric
from vmss_lint.azure.health import inline_health_source
from vmss_lint.azure.properties import duration_seconds
from vmss_lint.azure.scale_set import is_spot
from vmss_lint.source import Location
from vmss_lint.values import Unknown

HERE = Location("t.json", 1, 1, 1, 2)
HEALTH = {"publisher": "Microsoft.ManagedServices", "type": "ApplicationHealthLinux", "typeHandlerVersion": "2.0",
          "settings": {"protocol": "http", "port": 80, "requestPath": "/"}}


def scale_set(properties: dict, api: str | Unknown = "2024-11-01", name: str = "web") -> Resource:
    return Resource(VMSS, api, name, {"properties": properties}, HERE)


def child(name: str, properties: dict) -> Resource:
    return Resource(VMSS_EXTENSION, "2024-11-01", name, {"properties": properties}, HERE)


@pytest.mark.parametrize(
    "text,seconds",
    [("PT10M", 600), ("PT90M", 5400), ("PT0S", 0), ("P1DT2H", 93600), ("pt1h30m", 5400), ("PT1.5S", 1.5),
     ("P", None), ("PT", None), ("10 minutes", None), ("T10M", None), (600, None)],
)
def test_duration_seconds(text, seconds) -> None:
    assert duration_seconds(text) == seconds


def test_api_before_compares_dates_and_keeps_unknown() -> None:
    assert api_before(scale_set({}, "2018-06-01"), "2018-10-01") is True
    assert api_before(scale_set({}, "2018-10-01"), "2018-10-01") is False
    assert api_before(scale_set({}, "2018-10-01-preview"), "2018-10-01") is False
    assert isinstance(api_before(scale_set({}, Unknown("parameter")), "2018-10-01"), Unknown)
    assert isinstance(api_before(scale_set({}, "latest"), "2018-10-01"), Unknown)


def test_inline_health_source() -> None:
    probe = {"virtualMachineProfile": {"networkProfile": {"healthProbe": {"id": "/x/probes/p"}}}}
    extension = {"virtualMachineProfile": {"extensionProfile": {"extensions": [{"name": "h", "properties": HEALTH}]}}}
    assert inline_health_source(scale_set(probe)) is True
    assert inline_health_source(scale_set(probe), accept_probe=False) is False
    assert inline_health_source(scale_set(extension), accept_probe=False) is True
    assert inline_health_source(scale_set({"virtualMachineProfile": {}})) is False
    unknown = {"virtualMachineProfile": {"extensionProfile": {"extensions": Unknown("variable")}}}
    assert isinstance(inline_health_source(scale_set(unknown)), Unknown)


def test_child_extensions_belong_to_their_parent_only() -> None:
    web = scale_set({"virtualMachineProfile": {}})
    deployment = Deployment("t.json", [web, child("web/health", HEALTH), child("api/health", HEALTH),
                                       child("web/script", {"publisher": "Microsoft.Azure.Extensions", "type": "CustomScript"})])
    assert [item.name for item in child_health_extensions(web, deployment)] == ["web/health"]


def test_service_fabric_inline_or_child() -> None:
    sf = {"publisher": "Microsoft.Azure.ServiceFabric", "type": "ServiceFabricNode"}
    inline = scale_set({"virtualMachineProfile": {"extensionProfile": {"extensions": [{"name": "sf", "properties": sf}]}}})
    assert has_service_fabric(inline, Deployment("t.json", [inline])) is True
    plain = scale_set({"virtualMachineProfile": {}})
    assert has_service_fabric(plain, Deployment("t.json", [plain, child("web/sf", sf)])) is True
    assert has_service_fabric(plain, Deployment("t.json", [plain])) is False


def test_is_spot() -> None:
    assert is_spot("spot") and is_spot("Low") and not is_spot("Regular") and not is_spot(Unknown("p"))


def _lint(tmp_path: Path, resources: list[dict], profile: str = "current") -> list[tuple[str, str]]:
    path = tmp_path / "main.json"
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0", "parameters": {"mode": {"type": "string"}, "extensions": {"type": "array"}},
                "resources": resources}
    path.write_text(json.dumps(template))
    config = Config()
    config.profile = profile
    report = lint([path], config)
    return [(finding.rule_id, finding.severity.value) for finding in report.active_findings]


def _vmss(properties: dict, profile: dict | None = None) -> dict:
    body = {"orchestrationMode": "Uniform", "virtualMachineProfile": profile or {}}
    body.update(properties)
    return {"type": VMSS, "apiVersion": "2024-11-01", "name": "web", "location": "westeurope",
            "sku": {"name": "Standard_D2s_v5", "capacity": 2}, "properties": body}


def test_expression_values_never_fire(tmp_path: Path) -> None:
    found = _lint(tmp_path, [_vmss({"upgradePolicy": {"mode": "[parameters('mode')]"},
                                    "automaticRepairsPolicy": {"enabled": True, "gracePeriod": "[parameters('mode')]"}},
                                   {"extensionProfile": {"extensions": "[parameters('extensions')]"}})])
    assert not [item for item in found if item[0] in ("VMSS-GEN-060", "VMSS-GEN-062", "VMSS-GEN-063", "VMSS-GEN-160")]


def test_child_only_health_extension_warns_instead_of_erroring(tmp_path: Path) -> None:
    extension = {"type": VMSS_EXTENSION, "apiVersion": "2024-11-01", "name": "web/health", "properties": HEALTH}
    found = _lint(tmp_path, [_vmss({"upgradePolicy": {"mode": "Rolling"}, "automaticRepairsPolicy": {"enabled": True}}), extension])
    assert ("VMSS-GEN-160", "warning") in found
    assert not [item for item in found if item[0] in ("VMSS-GEN-060", "VMSS-GEN-062")]


def test_flexible_rolling_needs_the_extension_not_a_probe(tmp_path: Path) -> None:
    flexible = _vmss({"orchestrationMode": "Flexible", "platformFaultDomainCount": 1, "upgradePolicy": {"mode": "Rolling"}},
                     {"networkProfile": {"healthProbe": {"id": "/x/probes/p"}}})
    assert ("VMSS-GEN-060", "error") in _lint(tmp_path, [flexible])


def test_both_health_sources_warn_without_repairs(tmp_path: Path) -> None:
    profile = {"networkProfile": {"healthProbe": {"id": "/x/probes/p"}},
               "extensionProfile": {"extensions": [{"name": "h", "properties": HEALTH}]}}
    assert ("VMSS-GEN-061", "warning") in _lint(tmp_path, [_vmss({}, profile)])


def test_automatic_updates_absent_is_fine_with_os_upgrade(tmp_path: Path) -> None:
    profile = {"osProfile": {"windowsConfiguration": {"provisionVMAgent": True}},
               "extensionProfile": {"extensions": [{"name": "h", "properties": HEALTH}]}}
    found = _lint(tmp_path, [_vmss({"upgradePolicy": {"mode": "Automatic", "automaticOSUpgradePolicy": {"enableAutomaticOSUpgrade": True}}}, profile)])
    assert "VMSS-GEN-066" not in [item[0] for item in found]


def test_uniform_guest_patching_is_an_error_under_seed_profile(tmp_path: Path) -> None:
    profile = {"osProfile": {"linuxConfiguration": {"patchSettings": {"patchMode": "AutomaticByPlatform"}}}}
    assert ("VMSS-UNI-080", "warning") in _lint(tmp_path, [_vmss({}, profile)])
    assert ("VMSS-UNI-080", "error") in _lint(tmp_path, [_vmss({}, profile)], profile="seed-2022")


def test_unmanaged_disks_on_a_flexible_set_are_left_to_flex_036(tmp_path: Path) -> None:
    profile = {"storageProfile": {"osDisk": {"createOption": "FromImage", "vhdContainers": ["https://a.blob.core.windows.net/v"]}}}
    flexible = _vmss({"orchestrationMode": "Flexible", "platformFaultDomainCount": 1}, profile)
    assert "VMSS-GEN-093" not in [item[0] for item in _lint(tmp_path, [flexible])]
    assert ("VMSS-GEN-093", "error") in _lint(tmp_path, [_vmss({}, profile)])


def test_instance_mix_temp_disk_mix_only_for_v4_and_later(tmp_path: Path) -> None:
    def mix(sizes: list[str]) -> dict:
        resource = _vmss({"orchestrationMode": "Flexible", "platformFaultDomainCount": 1,
                          "skuProfile": {"vmSizes": [{"name": size} for size in sizes]}})
        resource["sku"] = {"name": "Mix", "capacity": 2}
        return resource

    assert "VMSS-FLEX-102" in [item[0] for item in _lint(tmp_path, [mix(["Standard_D2s_v5", "Standard_D2ds_v5"])])]
    assert "VMSS-FLEX-102" not in [item[0] for item in _lint(tmp_path, [mix(["Standard_D2s_v3", "Standard_D2ds_v5"])])]
    assert "VMSS-FLEX-102" in [item[0] for item in _lint(tmp_path, [mix(["Standard_DS2_v2", "Standard_D2_v3"])])]
    six = ["Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_E2s_v5", "Standard_E4s_v5", "Standard_F2s_v2"]
    assert "VMSS-FLEX-102" in [item[0] for item in _lint(tmp_path, [mix(six)])]
