"""Golden outputs for every format, schema validation (JSON report, SARIF), annotation escaping, colour."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, shared_or_skip
from helpers import GOLDEN, TEMPLATE_HEAD, golden_registry, normalise, run_cli
from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.report import FORMATS, render
from vmss_lint.report.github import annotation, escape_data, escape_property

GOLDEN_FILES = {
    "text": "report.txt",
    "text-color": "report.color.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "github": "report.github.txt",
    "junit": "report.junit.xml",
}
UPDATE = bool(os.environ.get("VMSS_UPDATE_GOLDEN"))


@pytest.fixture()
def golden_report(monkeypatch):
    monkeypatch.chdir(GOLDEN)
    return lint([Path("input")], Config(project_root=str(GOLDEN)), golden_registry())  # display paths: input/…


def _rendered(report, variant: str) -> str:
    if variant == "text-color":
        return render(report, "text", color=True, show_suppressed=True)
    if variant == "sarif":
        # rule help comes from the generated rule docs, which change with every rule edit: placeholder it
        document = json.loads(render(report, "sarif", sarif_category="infra"))
        assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == GOLDEN.as_uri() + "/"
        document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///<project root>/"
        for rule in document["runs"][0]["tool"]["driver"]["rules"]:
            assert rule["help"]["text"] and rule["help"]["markdown"]
            if rule["id"].startswith("VMSS-"):
                rule["help"] = {"text": "<rule help>", "markdown": "<rule help markdown>"}
                rule["fullDescription"] = {"text": "<rule explanation>"}
        return json.dumps(document, indent=2) + "\n"
    return render(report, variant)


@pytest.mark.parametrize("variant", sorted(GOLDEN_FILES))
def test_golden_output(golden_report, variant: str) -> None:
    text = normalise(_rendered(golden_report, variant))
    file = GOLDEN / GOLDEN_FILES[variant]
    if UPDATE:
        file.write_text(text, encoding="utf-8")
    assert file.exists(), f"{file.name} is missing: golden files are committed (write it with VMSS_UPDATE_GOLDEN=1 and review it)"
    assert text == file.read_text(encoding="utf-8"), f"{file.name} changed; rerun with VMSS_UPDATE_GOLDEN=1 if intended"


def test_every_format_has_a_golden_file() -> None:
    assert set(FORMATS) <= {variant.split("-")[0] for variant in GOLDEN_FILES}


def test_json_report_follows_its_schema(golden_report) -> None:
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text())
    for show in (False, True):
        document = json.loads(render(golden_report, "json", show_suppressed=show))
        jsonschema.validators.validator_for(schema)(schema).validate(document)
    shown = json.loads(render(golden_report, "json", show_suppressed=True))["findings"]
    assert [item["suppressed"] for item in shown if "suppressed" in item] == ["the batch set is replaced in Q3"]


@pytest.mark.parametrize("schema_name", ["sarif-schema-2.1.0.json", "sarif-schema-2.1.0.codeql-action.json"])
def test_sarif_validates_against_both_schemas(golden_report, schema_name: str) -> None:
    schema = json.loads(shared_or_skip(f"sarif/{schema_name}").read_text())
    document = json.loads(render(golden_report, "sarif", sarif_category="infra"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors[:5])


def test_sarif_meets_code_scanning_needs(golden_report) -> None:
    document = json.loads(render(golden_report, "sarif"))
    assert len(document["runs"]) == 1
    run = document["runs"][0]
    assert "automationDetails" not in run  # only with --sarif-category
    results = run["results"]
    assert {result["ruleId"] for result in results} == {"LINT-001", "VMSS-FLEX-032", "VMSS-GEN-003"}
    assert len(results) == 3  # the suppressed finding is left out
    rules = run["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert set(result["partialFingerprints"]) == {"vmssLint/v1"}  # no hand-made primaryLocationLineHash
        assert result["level"] in ("error", "warning", "note")
    for rule in rules:
        assert rule["name"] != rule["id"] and rule["help"]["markdown"] and rule["properties"]["tags"]
        assert rule["properties"]["precision"] and rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
    with_category = json.loads(render(golden_report, "sarif", sarif_category="infra"))
    assert with_category["runs"][0]["automationDetails"] == {"id": "infra/"}


def test_sarif_stays_within_github_limits(golden_report, monkeypatch) -> None:
    from vmss_lint.report import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    run = json.loads(render(golden_report, "sarif"))["runs"][0]
    assert len(run["results"]) == 2
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert "1 of 3 results were left out" in notes[0]["message"]["text"]


def test_junit_is_valid_xml_with_failures(golden_report) -> None:
    root = ET.fromstring(render(golden_report, "junit"))
    assert root.tag == "testsuites" and root.get("failures") == "3"
    suites = {suite.get("name"): suite for suite in root}
    assert suites["input/clean.json"].get("failures") == "0" and len(suites["input/clean.json"]) == 1
    failure = root.find(".//failure")
    assert failure is not None and failure.get("type") == "error"


@pytest.mark.parametrize(
    "raw,escaped",
    [("50% done", "50%25 done"), ("a\r\nb", "a%0D%0Ab"), ("x: y, z", "x: y, z"), ("%0A", "%250A")],
)
def test_annotation_data_escaping(raw: str, escaped: str) -> None:
    assert escape_data(raw) == escaped


@pytest.mark.parametrize(
    "raw,escaped",
    [("dir/a,b.json", "dir/a%2Cb.json"), ("C:x", "C%3Ax"), ("100%", "100%25"), ("a\nb", "a%0Ab")],
)
def test_annotation_property_escaping(raw: str, escaped: str) -> None:
    assert escape_property(raw) == escaped


def test_annotation_escapes_file_title_and_message() -> None:
    from vmss_lint.findings import Finding, Severity
    from vmss_lint.source import Location

    finding = Finding("VMSS-X-001", "x", Severity.WARNING, "50% off,\nnow: yes", Location("a,b:c.json", 3, 5, 3, 9))
    assert annotation(finding) == "::warning file=a%2Cb%3Ac.json,line=3,col=5,endLine=3,endColumn=9,title=VMSS-X-001::50%25 off,%0Anow: yes"
    spanning = Finding("VMSS-X-001", "x", Severity.NOTE, "m", Location("a.json", 3, 5, 4, 2))
    assert annotation(spanning) == "::notice file=a.json,line=3,endLine=4,title=VMSS-X-001::m"


def test_colour_follows_flag_and_no_color(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    plain = run_cli("fixtures/examples", "--color", "never").output
    forced = run_cli("fixtures/examples", "--color", "always").output
    assert "\x1b[" not in plain and "\x1b[1;31merror" in forced
    assert "\x1b[" not in run_cli("fixtures/examples", env={"NO_COLOR": "1"}).output  # auto on a pipe: none anyway
    from vmss_lint.cli_output import use_colour

    assert use_colour("auto", {"NO_COLOR": "1"}, is_terminal=True) is False
    assert use_colour("always", {"NO_COLOR": "1"}, is_terminal=False) is True
    assert use_colour("never", {"FORCE_COLOR": "1"}, is_terminal=True) is False
    assert use_colour("auto", {}, is_terminal=True) is True
    assert use_colour("auto", {}, is_terminal=False) is False


def test_force_color_and_dumb_terminals(monkeypatch) -> None:
    from vmss_lint.cli_output import use_colour

    assert use_colour("auto", {"FORCE_COLOR": "1"}, is_terminal=False) is True
    assert use_colour("auto", {"FORCE_COLOR": "0"}, is_terminal=False) is False
    assert use_colour("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, is_terminal=True) is False  # NO_COLOR wins
    assert use_colour("auto", {"TERM": "dumb"}, is_terminal=True) is False
    assert use_colour("auto", {"TERM": "dumb", "FORCE_COLOR": "1"}, is_terminal=True) is True
    monkeypatch.chdir(REPO)
    forced = run_cli("fixtures/examples", env={"FORCE_COLOR": "1", "NO_COLOR": ""}).output
    assert "\x1b[1;31merror" in forced  # through a pipe, as CI runners with FORCE_COLOR have it
    assert "\x1b[" not in run_cli("fixtures/examples", "-o", "/dev/null", env={"FORCE_COLOR": "1"}).output
    assert "\x1b[" not in run_cli("fixtures/examples", env={"TERM": "dumb", "FORCE_COLOR": ""}).output


def test_text_shows_the_source_line_with_a_caret(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    lines = run_cli("fixtures/examples").output.splitlines()
    assert lines[0].startswith("fixtures/examples/flexible-web.json:17:9: error VMSS-FLEX-032 ")
    assert lines[1] == ' 17 |         "overprovision": true'
    assert lines[2] == "    |         ^^^^^^^^^^^^^^^"
    assert lines[-2:] == ["3 errors, 1 warning, 1 note in 2 files", "1 fixable with --fix (1 more with --unsafe-fixes)"]  # the README shows this run


def test_progress_bar_only_on_a_terminal(tmp_path, monkeypatch) -> None:
    import io

    from vmss_lint.report.progress import MIN_FILES, ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(5, MIN_FILES)
    bar.close()
    assert f"5/{MIN_FILES} files" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[2K")
    for index in range(MIN_FILES + 1):
        (tmp_path / f"t{index}.json").write_text((REPO / "fixtures/examples/flexible-web.json").read_text())
    result = run_cli(str(tmp_path))  # CliRunner's stderr is not a TTY: nothing extra
    assert "files" not in result.stderr.replace(f"in {MIN_FILES + 1} files", "")


def test_findings_on_resources_with_unknown_names_get_distinct_fingerprints(tmp_path) -> None:
    """Two public IPs named by an expression that cannot be known: same rule, type, name text and property."""
    import vmss_lint

    resource = '{"type": "Microsoft.Network/publicIPAddresses", "apiVersion": "2017-06-01", "name": "[concat(reference(\'x\').id, \'%s\')]", "location": "westeurope", "properties": {}}'
    text = TEMPLATE_HEAD + '  "resources": [' + ", ".join(resource % suffix for suffix in ("a", "b")) + "]\n}\n"
    (tmp_path / "main.json").write_text(text)
    findings = [finding for finding in vmss_lint.lint([str(tmp_path / "main.json")]).active_findings if finding.rule_id == "VMSS-GEN-048"]
    assert len(findings) == 2 and findings[0].resource_name == findings[1].resource_name == "<unknown name>"
    assert findings[0].fingerprint != findings[1].fingerprint


JUNIT_TEMPLATE = TEMPLATE_HEAD + """  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01",
      "name": "[concat('web', copyIndex())]", "copy": {"name": "sets", "count": 2}, "location": "westeurope",
      "sku": {"name": "Standard_D2s_v5", "capacity": "[add(1001, copyIndex())]"},
      "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": 1}
    },
    {
      "type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01",
      "name": "bell\\u0007name", "location": "westeurope",
      "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": 1, "overprovision": true}
    }
  ]
}
"""


def _junit_names(tmp_path, text: str) -> list[str]:
    (tmp_path / "main.json").write_text(text)
    document = lint([tmp_path / "main.json"], Config())
    root = ET.fromstring(render(document, "junit"))  # well-formed, or this raises
    return [case.get("name") for case in root.iter("testcase")]


def test_junit_names_are_stable_distinct_and_well_formed(tmp_path) -> None:
    names = _junit_names(tmp_path, JUNIT_TEMPLATE)
    assert names == [
        "VMSS-FLEX-020 Microsoft.Compute/virtualMachineScaleSets/web0 (copy 'sets' index 0) sku.capacity",
        "VMSS-FLEX-020 Microsoft.Compute/virtualMachineScaleSets/web1 (copy 'sets' index 1) sku.capacity",
        "VMSS-FLEX-032 Microsoft.Compute/virtualMachineScaleSets/bell\\x07name properties.overprovision",
    ]
    # lines moved: the same names (test history follows them)
    assert _junit_names(tmp_path, "\n\n\n" + JUNIT_TEMPLATE.replace('"resources": [', '"resources": [\n\n')) == names


def test_junit_escapes_characters_xml_forbids() -> None:
    from vmss_lint.report.junit import xml_safe

    assert xml_safe("a\x07b\x00c\ud800d\ufffe\tok\U0001f600") == "a\\x07b\\x00c\\ud800d\\ufffe\tok\U0001f600"
