"""Evaluation of Bicep into the resource model: values, loops, conditions, references, modules, locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmss_lint.bicep import load_bicep
from vmss_lint.discover import Kind, SourceJob, parameter_file_for
from vmss_lint.frontend import Settings
from vmss_lint.model import Deployment
from vmss_lint.references import resolve
from vmss_lint.values import Unknown

CORPUS = Path(__file__).parent / "corpus"
RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/resource-group/providers"


def evaluate(path: Path, overrides: dict | None = None, **settings) -> Deployment:
    job = SourceJob(path, path.name, Kind.BICEP, parameter_file_for(path))
    return load_bicep(job, Settings(**settings)).evaluate(overrides)


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def by_name(deployment: Deployment) -> dict:
    return {resource.name: resource for resource in deployment.resources}


def test_resources_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    deployment = evaluate(CORPUS / "resources.bicep")
    resources = by_name(deployment)
    assert set(resources) == {"vnet", "vnet/apps", "vnet/data", "hub", "lb", "ip-0", "ip-2", "vmss-a", "vmss-b", "vmss-a/health"}
    assert resources["vnet/apps"].type == "Microsoft.Network/virtualNetworks/subnets" and resources["vnet/apps"].existing
    assert isinstance(resources["hub"].get("properties"), Unknown)
    assert resources["hub"].resource_id.startswith("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/network/")
    vmss = resources["vmss-b"]
    assert vmss.iteration == "copy 'sets' index 1" and vmss.get("sku.capacity") == 2
    nic = "properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].properties.ipConfigurations[0].properties"
    assert vmss.get(nic + ".subnet.id") == f"{RG}/Microsoft.Network/virtualNetworks/vnet/subnets/apps"
    assert vmss.get(nic + ".loadBalancerBackendAddressPools[0].id") == f"{RG}/Microsoft.Network/loadBalancers/lb/backendAddressPools/pool"
    assert resolve(deployment, vmss.get(nic + ".loadBalancerBackendAddressPools[0].id"))[0].name == "lb"
    assert resources["vmss-a/health"].type == "Microsoft.Compute/virtualMachineScaleSets/extensions"
    assert resources["vnet"].get("properties.subnets[1].properties.addressPrefix") == "10.0.1.0/24"
    assert not [d for d in deployment.diagnostics + deployment.notes if d.code in ("LINT-004", "LINT-006")]


def test_condition_false_is_not_deployed(here: Path) -> None:
    path = write(here, "main.bicep", "param on bool = false\nresource a 'A.B/c@1' = if (on) {\n  name: 'a'\n}\nresource b 'A.B/c@1' = if (!on) {\n  name: 'b'\n}\n")
    assert [resource.name for resource in evaluate(path).resources] == ["b"]
    assert [resource.name for resource in evaluate(path, {"on": True}).resources] == ["a"]


def test_symbolic_id_matches_resource_id_function(here: Path) -> None:
    path = write(here, "main.bicep", (
        "resource lb 'Microsoft.Network/loadBalancers@2024-05-01' = {\n  name: 'lb'\n}\n"
        "resource x 'A.B/c@1' = {\n  name: 'x'\n  properties: {\n    a: lb.id\n    b: resourceId('Microsoft.Network/loadBalancers', 'lb')\n    n: lb.name\n    t: lb.type\n    p: lb.properties.frontendIPConfigurations\n  }\n}\n"
    ))
    x = by_name(evaluate(path))["x"]
    assert x.get("properties.a") == x.get("properties.b") == f"{RG}/Microsoft.Network/loadBalancers/lb"
    assert x.get("properties.n") == "lb" and x.get("properties.t") == "Microsoft.Network/loadBalancers"
    assert isinstance(x.get("properties.p"), Unknown)


def test_locations_point_at_the_key_and_related_at_the_parameter(here: Path) -> None:
    path = write(here, "main.bicep", (
        "param over bool = true\n"
        "resource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n"
        "  name: 'web'\n"
        "  properties: {\n"
        "    overprovision: over\n"
        "  }\n"
        "}\n"
    ))
    web = evaluate(path).resources[0]
    location = web.locate(("properties", "overprovision"))
    assert (location.line, location.column, location.end_column) == (5, 5, 18)
    assert web.declared_at.line == 2 and web.declared_at.column == 1
    assert any("parameter 'over'" in related.message and related.location.line == 1 for related in web.related_for(("properties", "overprovision")))


def test_bicepparam_values_and_related(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    deployment = evaluate(CORPUS / "main.bicep")
    web = deployment.resources[0]
    assert web.name == "web-prod" and web.get("sku.capacity") == 3
    assert isinstance(web.get("tags.env"), Unknown) and web.get("tags.owner") == "compute"
    related = web.related_for(("sku", "capacity"))
    assert any(item.location.path.endswith("main.bicepparam") and item.location.line == 6 for item in related)


def test_json_parameter_file(here: Path) -> None:
    path = write(here, "main.bicep", "param n string\nresource r 'A.B/c@1' = {\n  name: n\n}\n")
    write(here, "p.json", '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {"n": {"value": "fromjson"}}}')
    job = SourceJob(path, "main.bicep", Kind.BICEP, [here / "p.json"])
    assert load_bicep(job, Settings()).evaluate().resources[0].name == "fromjson"


def test_allowed_values_become_choices(here: Path) -> None:
    path = write(here, "main.bicep", "@allowed([\n  'Flexible'\n  'Uniform'\n])\nparam mode string = 'Uniform'\nparam kind 'a' | 'b' = 'a'\n")
    choices = {choice.name: choice for choice in evaluate(path).choices}
    assert choices["mode"].values == ("Flexible", "Uniform") and choices["mode"].current == "Uniform"
    assert choices["mode"].location.line == 5
    assert choices["kind"].values == ("a", "b")


def test_modules_are_evaluated_with_call_sites(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(CORPUS)
    deployment = evaluate(CORPUS / "modules.bicep", module_cache=str(tmp_path))  # an empty module cache
    resources = by_name(deployment)
    assert set(resources) == {"app-vnet", "r0-vnet", "r1-vnet", "other-vnet"}
    vnet = resources["app-vnet"]
    assert vnet.declared_at.path == "modules/network.bicep"
    assert vnet.call_sites[0].location.path == "modules.bicep" and vnet.call_sites[0].location.line == 8
    assert "module 'network' called here" == vnet.call_sites[0].message
    assert resources["other-vnet"].resource_id.startswith("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/")
    # registry and template-spec modules not in the cache: visible warnings, one per module
    unchecked = [diagnostic for diagnostic in deployment.diagnostics if diagnostic.code == "LINT-009"]
    assert len(unchecked) == 4
    assert sum("is not in the local module cache" in diagnostic.message for diagnostic in unchecked) == 3
    assert any("the alias 'ts/CoreSpecs' is not defined" in diagnostic.message for diagnostic in unchecked)


def test_module_outside_the_root_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "outside.bicep", "resource r 'A.B/c@1' = {\n  name: 'r'\n}\n")
    path = write(tmp_path, "inner/main.bicep", "module m '../outside.bicep' = {\n  name: 'm'\n}\n")
    monkeypatch.chdir(tmp_path / "inner")
    deployment = evaluate(path, root=str(tmp_path / "inner"))
    assert not deployment.resources
    assert [d.code for d in deployment.diagnostics] == ["LINT-009"]
    assert deployment.diagnostics[0].location.line == 1


def test_module_recursion_is_a_named_cycle(here: Path) -> None:
    path = write(here, "main.bicep", "module m 'main.bicep' = {\n  name: 'm'\n}\nresource r 'A.B/c@1' = {\n  name: 'r'\n}\n")
    deployment = evaluate(path, max_call_depth=3)
    assert len(deployment.resources) == 1
    assert any(d.code == "LINT-010" and "cycle (main.bicep -> main.bicep)" in d.message for d in deployment.diagnostics)


def test_module_nesting_is_bounded(here: Path) -> None:
    for index in range(6):
        write(here, f"m{index}.bicep", f"module m 'm{index + 1}.bicep' = {{\n  name: 'm'\n}}\nresource r 'A.B/c@1' = {{\n  name: 'r'\n}}\n")
    write(here, "m6.bicep", "")
    deployment = evaluate(here / "m0.bicep", max_call_depth=3)
    assert len(deployment.resources) == 4
    assert any(d.code == "LINT-005" for d in deployment.diagnostics)


def test_imports_functions_and_spread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    deployment = evaluate(CORPUS / "functions_imports.bicep")
    assert not [d for d in deployment.diagnostics + deployment.notes if d.code in ("LINT-004", "LINT-006")]


def test_syntax_error_gives_lint_006_and_the_rest_is_checked(here: Path) -> None:
    path = write(here, "main.bicep", "var broken = (\nresource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: 'web'\n}\n")
    deployment = evaluate(path)
    assert [d.code for d in deployment.diagnostics] == ["LINT-006"]
    assert deployment.diagnostics[0].location.line == 1
    assert [resource.name for resource in deployment.resources] == ["web"]


def test_runtime_values_are_unknown(here: Path) -> None:
    path = write(here, "main.bicep", (
        "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {\n  name: 'kv'\n}\n"
        "resource r 'A.B/c@1' = {\n  name: 'r'\n  properties: {\n    a: newGuid()\n    b: kv.properties.vaultUri\n    c: kv.getSecret('s')\n    d: listKeys('x', '2020-01-01')\n  }\n}\n"
    ))
    r = by_name(evaluate(path))["r"]
    for key in "abcd":
        assert isinstance(r.get(f"properties.{key}"), Unknown), key
