"""The real Azure Verified Module for scale sets (`br/public:avm/res/compute/virtual-machine-scale-set`),
as `bicep restore` caches it: a cache in Bicep's layout is built in tmp_path from the compiled main.json of
five releases in ../shared/corpus/bicep-registry-modules (nothing of it is copied into the repository).

Known fact: before 0.7 the module wrote `networkApiVersion: null` for Uniform sets, which Azure rejects
(Azure/bicep-registry-modules#2088, fixed in March 2025).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from vmss_lint.config import Config
from vmss_lint.engine import lint

RELEASES = SHARED / "corpus" / "bicep-registry-modules" / "avm-res-compute-virtual-machine-scale-set"
TAGS = ("0.1.1", "0.4.0", "0.5.0", "0.8.0", "0.11.1")
REPOSITORY_FOLDER = "bicep$avm$res$compute$virtual-machine-scale-set"  # '/' -> '$', under br/mcr.microsoft.com
SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default"

pytestmark = pytest.mark.skipif(not RELEASES.is_dir(), reason="../shared/corpus/bicep-registry-modules is absent")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bicep-cache")
    for tag in TAGS:
        folder = root / "br" / "mcr.microsoft.com" / REPOSITORY_FOLDER / f"{tag}$"
        folder.mkdir(parents=True)
        shutil.copyfile(RELEASES / tag / "main.json", folder / "main.json")
    return root


def caller(tag: str, mode: str, extra: str = "", reference: str | None = None) -> str:
    reference = reference or f"br/public:avm/res/compute/virtual-machine-scale-set:{tag}"
    return f"""\
module vmss '{reference}' = {{
  name: 'vmss'
  params: {{
    name: 'web'
    orchestrationMode: {mode}
    skuName: 'Standard_D2s_v5'
    osType: 'Linux'
    adminUsername: 'azureuser'
    disablePasswordAuthentication: true
    publicKeys: [
      {{
        path: '/home/azureuser/.ssh/authorized_keys'
        keyData: 'ssh-rsa AAAA'
      }}
    ]
    imageReference: {{
      publisher: 'Canonical'
      offer: 'ubuntu-24_04-lts'
      sku: 'server'
      version: 'latest'
    }}
    osDisk: {{
      managedDisk: {{
        storageAccountType: 'Premium_LRS'
      }}
    }}
    nicConfigurations: [
      {{
        nicSuffix: '-nic01'
        ipConfigurations: [
          {{
            name: 'ipconfig1'
            properties: {{
              subnet: {{
                id: '{SUBNET}'
              }}
            }}
          }}
        ]
      }}
    ]
{extra}  }}
}}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def places(paths: list[Path], cache: Path) -> set[tuple[str, str, int]]:
    report = lint(paths, Config(module_cache=str(cache), jobs=1))
    return {(finding.rule_id, finding.location.path, finding.location.line) for finding in report.active_findings}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("tag", "fails"), [("0.5.0", True), ("0.8.0", False), ("0.11.1", False)])
def test_uniform_network_api_version_before_the_upstream_fix(here: Path, cache: Path, tag: str, fails: bool) -> None:
    main = write(here / "main.bicep", caller(tag, "'Uniform'"))
    expected = ("VMSS-UNI-041", "main.bicep", line_of(main, "orchestrationMode"))
    assert (expected in places([main], cache)) is fails


@pytest.mark.parametrize("tag", TAGS)
def test_every_release_evaluates_without_problems_in_the_module(here: Path, cache: Path, tag: str) -> None:
    main = write(here / "main.bicep", caller(tag, "'Flexible'"))
    report = lint([main], Config(module_cache=str(cache), jobs=1))
    assert not [finding for finding in report.findings if finding.rule_id in ("LINT-009", "LINT-014", "LINT-010", "LINT-001")]
    assert all(finding.location.path == "main.bicep" for finding in report.findings)


FLEXIBLE_MISTAKES = """\
    skuCapacity: 1200
    singlePlacementGroup: true
    availabilityZones: [1, 2, 3]
    scaleSetFaultDomain: 3
    managedIdentities: {
      systemAssigned: true
    }
"""
UNIFORM_MISTAKES = """\
    skuCapacity: 150
    singlePlacementGroup: true
    scaleSetFaultDomain: 4
"""
FLEXIBLE_EXPECTED = {"VMSS-FLEX-020": "skuCapacity", "VMSS-FLEX-030": "singlePlacementGroup", "VMSS-FLEX-011": "scaleSetFaultDomain", "VMSS-FLEX-040": "managedIdentities"}
UNIFORM_EXPECTED = {"VMSS-UNI-020": "skuCapacity", "VMSS-UNI-011": "scaleSetFaultDomain"}


@pytest.mark.parametrize(("mode", "mistakes", "expected"), [("'Flexible'", FLEXIBLE_MISTAKES, FLEXIBLE_EXPECTED), ("'Uniform'", UNIFORM_MISTAKES, UNIFORM_EXPECTED)])
def test_mistakes_passed_to_0_11_1_are_reported_on_the_param_lines(here: Path, cache: Path, mode: str, mistakes: str, expected: dict) -> None:
    main = write(here / "main.bicep", caller("0.11.1", mode, mistakes))
    found = places([main], cache)
    for rule_id, parameter in expected.items():
        assert (rule_id, "main.bicep", line_of(main, f"    {parameter}:")) in found, rule_id
    text = CliRunner().invoke(_main(), ["--module-cache", str(cache), "--no-config", "main.bicep"]).output
    sarif = json.loads(CliRunner().invoke(_main(), ["--module-cache", str(cache), "--no-config", "--format", "sarif", "main.bicep"]).output)
    results = {result["ruleId"]: result for result in sarif["runs"][0]["results"]}
    for rule_id, parameter in expected.items():
        line = line_of(main, f"    {parameter}:")
        assert f"main.bicep:{line}:5: error {rule_id}" in text
        location = results[rule_id]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "main.bicep" and location["region"]["startLine"] == line
        inside = results[rule_id]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert inside.endswith("virtual-machine-scale-set/0.11.1%24/main.json")


def _main():
    from vmss_lint.cli import main

    return main


def test_through_an_alias(here: Path, cache: Path) -> None:
    write(here / "bicepconfig.json", '{"moduleAliases": {"br": {"avm": {"registry": "mcr.microsoft.com", "modulePath": "bicep/avm/res"}}}}')
    main = write(here / "main.bicep", caller("0.11.1", "'Uniform'", UNIFORM_MISTAKES, reference="br/avm:compute/virtual-machine-scale-set:0.11.1"))
    found = places([main], cache)
    for rule_id, parameter in UNIFORM_EXPECTED.items():
        assert (rule_id, "main.bicep", line_of(main, f"    {parameter}:")) in found


def test_through_a_bicepparam_file(here: Path, cache: Path) -> None:
    main = write(here / "main.bicep", "param mode string\nparam capacity int\n\n" + caller("0.11.1", "mode", "    skuCapacity: capacity\n    singlePlacementGroup: true\n"))
    write(here / "main.bicepparam", "using 'main.bicep'\n\nparam mode = 'Uniform'\nparam capacity = 150\n")
    found = places([main], cache)
    assert ("VMSS-UNI-020", "main.bicep", line_of(main, "skuCapacity")) in found


def test_through_a_local_module(here: Path, cache: Path) -> None:
    write(here / "main.bicep", "module web 'modules/scale-set.bicep' = {\n  name: 'web'\n  params: {\n    mode: 'Flexible'\n  }\n}\n")
    inner = write(here / "modules" / "scale-set.bicep", "param mode string\n\n" + caller("0.11.1", "mode", FLEXIBLE_MISTAKES))
    found = places([here / "main.bicep"], cache)
    for rule_id, parameter in FLEXIBLE_EXPECTED.items():
        assert (rule_id, "modules/scale-set.bicep", line_of(inner, f"    {parameter}:")) in found, rule_id


def test_not_restored(here: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    write(here / "main.bicep", caller("0.11.1", "'Uniform'", UNIFORM_MISTAKES))
    empty = tmp_path_factory.mktemp("empty-cache")
    result = CliRunner().invoke(_main(), ["--module-cache", str(empty), "--no-config", "main.bicep"])
    assert result.exit_code == 0
    assert "warning LINT-009 module 'vmss' is not in the local module cache" in result.output
    assert result.output.rstrip().endswith("1 module not checked")
