"""Registry and template-spec modules read from Bicep's local module cache, as a user runs vmss-lint.

The module is `fixtures/modules/scale-set-module.json` (written for these tests), published into a cache
laid out as Bicep lays it out, in tmp_path. Findings must land on the caller's lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from conftest import SHARED

from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.report import render

MODULE = Path(__file__).resolve().parents[2] / "fixtures" / "modules" / "scale-set-module.json"
REGISTRY_FOLDER = ("br", "contoso.azurecr.io", "modules$vmss", "v1$")
SUBSCRIPTION = "11111111-1111-1111-1111-111111111111"


def run_cli(*args: str) -> Result:
    from vmss_lint.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def publish(cache: Path, *folders: str, text: str | None = None) -> Path:
    return write(cache.joinpath(*folders, "main.json"), text if text is not None else MODULE.read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    publish(tmp_path / "cache", *REGISTRY_FOLDER)
    return tmp_path


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def findings(paths: list[Path], cache: Path | None, **config: object) -> list:
    report = lint(paths, Config(module_cache=str(cache) if cache else None, jobs=1, **config))
    return report.active_findings


CALLER = """\
module vmss 'br:contoso.azurecr.io/modules/vmss:v1' = {
  name: 'vmss'
  params: {
    name: 'web'
    orchestrationMode: 'Uniform'
    capacity: 150
  }
}

module flex 'br:contoso.azurecr.io/modules/vmss:v1' = {
  name: 'flex'
  params: {
    name: 'api'
  }
}
"""


def test_findings_land_on_the_callers_param_lines(project: Path) -> None:
    main = write(project / "main.bicep", CALLER)
    found = {(finding.rule_id, finding.location.line): finding for finding in findings([main], project / "cache")}
    network = found[("VMSS-UNI-041", line_of(main, "orchestrationMode: 'Uniform'"))]
    assert network.location.path == "main.bicep" and network.location.column == 5
    inside = network.related[0]
    assert inside.location.path.endswith("modules$vmss/v1$/main.json") and "set here in the module" in inside.message
    assert ("VMSS-UNI-020", line_of(main, "capacity: 150")) in found
    # the module's default decides: the finding is on the declaration and says which default
    default = found[("VMSS-FLEX-032", line_of(main, "module flex"))]
    assert default.location.column == line_of_column(main, "module flex", "'br:")
    assert "the module's default for `overprovision` is true: pass `overprovision` in the module's params" in default.message
    # a module parameter is not a deployment parameter: no "free parameter" warning about its default
    assert not [finding for finding in found.values() if finding.rule_id == "VMSS-GEN-001"]


def line_of_column(path: Path, line_text: str, needle: str) -> int:
    line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line_text in line)
    return line.index(needle) + 1


def test_text_and_sarif_show_the_param_line_and_the_place_in_the_module(project: Path) -> None:
    main = write(project / "main.bicep", CALLER)
    cache = project / "cache"
    text = run_cli("--module-cache", str(cache), "--no-config", "main.bicep")
    assert text.exit_code == 1
    assert f"main.bicep:{line_of(main, 'orchestrationMode')}:5: error VMSS-UNI-041" in text.output
    sarif = json.loads(run_cli("--module-cache", str(cache), "--no-config", "--format", "sarif", "main.bicep").output)
    result = next(item for item in sarif["runs"][0]["results"] if item["ruleId"] == "VMSS-UNI-041")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "main.bicep", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == line_of(main, "orchestrationMode")
    inside = result["relatedLocations"][0]["physicalLocation"]
    assert inside["artifactLocation"]["uri"].endswith("modules%24vmss/v1%24/main.json")


def test_a_cache_outside_the_repository_is_a_file_uri_in_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    publish(tmp_path / "cache", *REGISTRY_FOLDER)
    write(tmp_path / "repo" / "main.bicep", CALLER)
    monkeypatch.chdir(tmp_path / "repo")
    sarif = json.loads(run_cli("--module-cache", str(tmp_path / "cache"), "--no-config", "--format", "sarif", "main.bicep").output)
    result = next(item for item in sarif["runs"][0]["results"] if item["ruleId"] == "VMSS-UNI-041")
    inside = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert inside["uri"].startswith("file:///") and "uriBaseId" not in inside
    for schema_name in ("sarif-schema-2.1.0.json", "sarif-schema-2.1.0.codeql-action.json"):
        schema_file = SHARED / "sarif" / schema_name
        if schema_file.is_file():  # the schemas are in ../shared
            schema = json.loads(schema_file.read_text(encoding="utf-8"))
            errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(sarif))
            assert not errors, errors[0].message


def test_not_in_the_cache_is_a_visible_warning_counted_in_the_summary(project: Path) -> None:
    write(project / "main.bicep", CALLER)
    empty = project / "empty-cache"
    empty.mkdir()
    result = run_cli("--module-cache", str(empty), "--no-config", "main.bicep")
    assert result.exit_code == 0  # a warning: the default --fail-on error still passes
    assert "main.bicep:1:13: warning LINT-009 module 'vmss' is not in the local module cache: run `bicep restore main.bicep` (or pass --module-cache); its resources are not checked" in result.output
    assert "module 'flex' is not in the local module cache" in result.output
    assert result.output.rstrip().endswith("0 errors, 2 warnings, 0 notes in 1 file, 2 modules not checked")
    assert run_cli("--module-cache", str(empty), "--no-config", "--fail-on", "warning", "main.bicep").exit_code == 1


def test_alias_from_bicepconfig(project: Path) -> None:
    write(project / "bicepconfig.json", '{"moduleAliases": {"br": {"corp": {"registry": "contoso.azurecr.io", "modulePath": "modules"}}}}')
    main = write(project / "infra" / "main.bicep", CALLER.replace("br:contoso.azurecr.io/modules/vmss:v1", "br/corp:vmss:v1"))
    found = {(finding.rule_id, finding.location.line) for finding in findings([main], project / "cache")}
    assert ("VMSS-UNI-041", line_of(main, "orchestrationMode")) in found


def test_cache_root_from_bicepconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    publish(tmp_path / "restored", *REGISTRY_FOLDER)
    write(tmp_path / "repo" / "bicepconfig.json", json.dumps({"cacheRootDirectory": str(tmp_path / "restored")}))
    main = write(tmp_path / "repo" / "main.bicep", CALLER)
    monkeypatch.chdir(tmp_path / "repo")
    found = {(finding.rule_id, finding.location.line) for finding in findings([main], None)}
    assert ("VMSS-UNI-041", line_of(main, "orchestrationMode")) in found


def test_through_a_bicepparam_file(project: Path) -> None:
    main = write(
        project / "main.bicep",
        "param mode string\n\nmodule vmss 'br:contoso.azurecr.io/modules/vmss:v1' = {\n  name: 'vmss'\n  params: {\n"
        "    name: 'web'\n    orchestrationMode: mode\n  }\n}\n",
    )
    write(project / "main.bicepparam", "using 'main.bicep'\n\nparam mode = 'Uniform'\n")
    found = [finding for finding in findings([main], project / "cache") if finding.rule_id == "VMSS-UNI-041"]
    assert [(finding.location.path, finding.location.line) for finding in found] == [("main.bicep", 7)]
    assert any(item.location.path == "main.bicepparam" and item.location.line == 3 for item in found[0].related)


def test_through_a_local_module(project: Path) -> None:
    write(project / "main.bicep", "module web 'modules/web.bicep' = {\n  name: 'web'\n  params: {\n    mode: 'Uniform'\n  }\n}\n")
    inner = write(
        project / "modules" / "web.bicep",
        "param mode string\n\nmodule vmss 'br:contoso.azurecr.io/modules/vmss:v1' = {\n  name: 'vmss'\n  params: {\n"
        "    name: 'web'\n    orchestrationMode: mode\n    capacity: 150\n  }\n}\n\noutput id string = vmss.outputs.resourceId\n",
    )
    found = [finding for finding in findings([project / "main.bicep"], project / "cache") if finding.rule_id.startswith("VMSS-UNI-0")]
    places = {(finding.rule_id, finding.location.path, finding.location.line) for finding in found}
    assert ("VMSS-UNI-041", "modules/web.bicep", line_of(inner, "orchestrationMode")) in places
    assert ("VMSS-UNI-020", "modules/web.bicep", line_of(inner, "capacity")) in places
    network = next(finding for finding in found if finding.rule_id == "VMSS-UNI-041")
    assert any(item.location.path == "main.bicep" and item.location.line == 4 for item in network.related)


def test_template_spec_and_digest_references(project: Path) -> None:
    module = json.loads(MODULE.read_text(encoding="utf-8"))
    spec = {"id": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/specs/providers/Microsoft.Resources/templateSpecs/vmss/versions/1.0", "properties": {"mainTemplate": module}}
    publish(project / "cache", "ts", SUBSCRIPTION, "specs", "vmss", "1.0", text=json.dumps(spec, indent=2))
    digest = "sha256:" + "0" * 64
    publish(project / "cache", "br", "contoso.azurecr.io", "modules$vmss", "sha256#" + "0" * 64)
    main = write(
        project / "main.bicep",
        f"module spec 'ts:{SUBSCRIPTION}/Specs/VMSS:1.0' = {{\n  name: 'spec'\n  params: {{\n    name: 'a'\n    orchestrationMode: 'Uniform'\n  }}\n}}\n\n"
        f"module pinned 'br:contoso.azurecr.io/modules/vmss@{digest}' = {{\n  name: 'pinned'\n  params: {{\n    name: 'b'\n    orchestrationMode: 'Uniform'\n  }}\n}}\n",
    )
    lines = sorted(finding.location.line for finding in findings([main], project / "cache") if finding.rule_id == "VMSS-UNI-041")
    assert lines == [5, 13]


def test_outputs_go_back_to_the_caller(project: Path) -> None:
    write(
        project / "main.bicep",
        CALLER + "\nresource lb 'Microsoft.Network/loadBalancers@2024-05-01' = {\n  name: 'lb-${flex.outputs.mode}'\n  location: 'westeurope'\n}\n",
    )
    from vmss_lint.bicep import load_bicep
    from vmss_lint.discover import Kind, SourceJob
    from vmss_lint.frontend import Settings

    job = SourceJob(project / "main.bicep", "main.bicep", Kind.BICEP)
    deployment = load_bicep(job, Settings(module_cache=str(project / "cache"))).evaluate()
    names = {resource.name for resource in deployment.resources}
    assert {"web", "api", "lb-Flexible"} <= names
    web = next(resource for resource in deployment.resources if resource.name == "web")
    assert web.call_sites[0].message == "module 'vmss' called here"


def test_an_unknown_value_is_explored_through_the_modules_allowed_values(project: Path) -> None:
    main = write(
        project / "main.bicep",
        "param mode string\n\nmodule vmss 'br:contoso.azurecr.io/modules/vmss:v1' = {\n  name: 'vmss'\n  params: {\n"
        "    name: 'web'\n    orchestrationMode: mode\n    overprovision: false\n  }\n}\n",
    )
    found = [finding for finding in findings([main], project / "cache") if finding.rule_id == "VMSS-UNI-041"]
    assert [(finding.location.line, finding.severity.value) for finding in found] == [(7, "warning")]
    assert found[0].message.endswith("(when vmss.params.orchestrationMode = 'Uniform')")


def test_suppression_on_the_param_line(project: Path) -> None:
    main = write(
        project / "main.bicep",
        CALLER.replace("    orchestrationMode: 'Uniform'\n", "    // vmss-lint-disable-next-line VMSS-UNI-041 -- pinned module, fixed in the next release\n    orchestrationMode: 'Uniform'\n"),
    )
    report = lint([main], Config(module_cache=str(project / "cache"), jobs=1))
    network = [finding for finding in report.findings if finding.rule_id == "VMSS-UNI-041"]
    assert network and all(finding.suppressed == "pinned module, fixed in the next release" for finding in network)
    assert not [finding for finding in report.findings if finding.rule_id == "LINT-013"]


def test_a_parameter_the_module_does_not_declare(project: Path) -> None:
    main = write(project / "main.bicep", CALLER.replace("    capacity: 150\n", "    capacity: 150\n    sizeName: 'x'\n"))
    problems = [finding for finding in findings([main], project / "cache") if finding.rule_id == "LINT-011"]
    assert [(finding.location.line, finding.message) for finding in problems] == [
        (line_of(main, "sizeName"), "the module declares no parameter 'sizeName': Bicep refuses the call")
    ]


def test_a_broken_cached_module_is_reported_at_the_declaration(project: Path) -> None:
    publish(project / "cache", "br", "contoso.azurecr.io", "broken", "v1$", text='{"resources": [')
    write(project / "main.bicep", "module b 'br:contoso.azurecr.io/broken:v1' = {\n  name: 'b'\n}\n")
    problems = [finding for finding in findings([project / "main.bicep"], project / "cache") if finding.rule_id == "LINT-001"]
    assert [finding.location.line for finding in problems] == [1]
    assert problems[0].message.startswith("in the module 'br:contoso.azurecr.io/broken:v1': invalid JSON")
    assert problems[0].related[0].location.path.endswith("broken/v1$/main.json")


def test_text_report_of_a_registry_module(project: Path) -> None:
    write(project / "main.bicep", CALLER)
    report = lint([project / "main.bicep"], Config(module_cache=str(project / "cache"), jobs=1))
    text = render(report, "text")
    assert "main.bicep:5:5: error VMSS-UNI-041" in text
    assert " 5 |     orchestrationMode: 'Uniform'" in text


def test_a_baseline_records_findings_on_the_callers_lines(project: Path) -> None:
    write(project / "main.bicep", CALLER)
    cache = str(project / "cache")
    assert run_cli("--module-cache", cache, "--no-config", "--write-baseline", "baseline.json", "main.bicep").exit_code == 0
    recorded = json.loads((project / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {entry["path"] for entry in recorded} == {"main.bicep"}
    assert any(entry["ruleId"] == "VMSS-UNI-041" for entry in recorded)
    # an edit above the module call moves every line: the baseline still matches
    write(project / "main.bicep", "// the scale sets of the web tier\n\n" + CALLER)
    result = run_cli("--module-cache", cache, "--no-config", "--baseline", "baseline.json", "main.bicep")
    assert result.exit_code == 0 and "VMSS-UNI-041" not in result.output


def test_a_reference_too_long_for_the_file_system_is_not_in_the_cache(project: Path) -> None:
    long_name = "/".join(["segment" + "x" * 40] * 8)  # one folder name of more than 255 characters
    write(project / "main.bicep", f"module m 'br:contoso.azurecr.io/{long_name}:v1' = {{\n  name: 'm'\n}}\n")
    found = [finding for finding in findings([project / "main.bicep"], project / "cache") if finding.rule_id.startswith("LINT-")]
    assert [finding.rule_id for finding in found] == ["LINT-009"]
    assert "is not in the local module cache" in found[0].message


def test_a_module_loop_over_an_unknown_array_is_not_checked_visibly(project: Path) -> None:
    write(
        project / "main.bicep",
        "param names array\n\nmodule sets 'br:contoso.azurecr.io/modules/vmss:v1' = [for name in names: {\n  name: name\n"
        "  params: {\n    name: name\n  }\n}]\n",
    )
    found = [finding for finding in findings([project / "main.bicep"], project / "cache") if finding.rule_id == "LINT-009"]
    assert [(finding.location.line, finding.severity.value) for finding in found] == [(3, "warning")]
    assert "unknown before deployment: its resources are not checked" in found[0].message
