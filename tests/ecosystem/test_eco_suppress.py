"""Every suppression form: ARM comment (line, block), ARM metadata, Bicep comment; reason-less (LINT-012)
and unused (LINT-013) suppressions; suppressed findings never count and never reach SARIF."""

from __future__ import annotations

import json

import pytest

import vmss_lint
from helpers import flexible_template, run_cli
from vmss_lint.config import Config
from vmss_lint.findings import Severity
from vmss_lint.source import SourceFile
from vmss_lint.suppress import comments, from_source, parse_directive

OVERPROVISION = '        "overprovision": true'


def _lint(tmp_path, text: str, config: Config | None = None, name: str = "main.json"):
    (tmp_path / name).write_text(text)
    return vmss_lint.lint([str(tmp_path / name)], config or Config())


def _ids(findings) -> list[str]:
    return [finding.rule_id for finding in findings]


def test_line_comment_suppresses_the_next_line_and_keeps_the_reason(tmp_path) -> None:
    text = flexible_template("        // vmss-lint-disable-next-line VMSS-FLEX-032 -- replaced by the AKS pool in Q3\n" + OVERPROVISION)
    report = _lint(tmp_path, text)
    assert report.active_findings == [] and not report.failed()
    [finding] = report.findings
    assert finding.rule_id == "VMSS-FLEX-032" and finding.suppressed == "replaced by the AKS pool in Q3"


def test_block_comment_rule_names_and_lists(tmp_path) -> None:
    text = flexible_template("        /* vmss-lint-disable-next-line VMSS-GEN-003, flexible-overprovision -- legacy */\n" + OVERPROVISION)
    report = _lint(tmp_path, text)
    suppressed = [finding for finding in report.findings if finding.suppressed]
    assert _ids(suppressed) == ["VMSS-FLEX-032"] and suppressed[0].suppressed == "legacy"
    # the scale set's mode is valid, so the VMSS-GEN-003 half of the suppression is unused
    assert _ids(report.active_findings) == ["LINT-013"] and "VMSS-GEN-003" in report.active_findings[0].message


def test_metadata_on_the_resource(tmp_path) -> None:
    extra = '      "metadata": { "vmss-lint": { "suppress": { "VMSS-FLEX-032": "migrating to Uniform" } } },\n'
    report = _lint(tmp_path, flexible_template(OVERPROVISION, extra=extra))
    assert report.active_findings == [] and report.findings[0].suppressed == "migrating to Uniform"


def test_metadata_applies_to_its_own_resource_only(tmp_path) -> None:
    extra = '      "metadata": { "vmss-lint": { "suppress": { "VMSS-FLEX-032": "ok" } } },\n'
    one = flexible_template(OVERPROVISION, extra=extra)
    resources = one[one.index("[\n    {") + 2 : one.rindex("]")].rstrip()
    other = resources.replace(extra, "").replace('"name": "web"', '"name": "api"')
    text = one.replace(resources, resources + ",\n" + other)
    report = _lint(tmp_path, text)
    assert [finding.resource_name for finding in report.active_findings] == ["api"]


def test_a_suppression_without_reason_warns_but_still_suppresses(tmp_path) -> None:
    text = flexible_template("        // vmss-lint-disable-next-line VMSS-FLEX-032\n" + OVERPROVISION)
    report = _lint(tmp_path, text)
    assert _ids(report.active_findings) == ["LINT-012"]
    assert report.active_findings[0].severity is Severity.WARNING and report.active_findings[0].location.line == 12
    assert report.findings[-1].suppressed == "no reason given"
    extra = '      "metadata": { "vmss-lint": { "suppress": { "VMSS-FLEX-032": "" } } },\n'
    assert _ids(_lint(tmp_path, flexible_template(OVERPROVISION, extra=extra)).active_findings) == ["LINT-012"]


def test_an_unused_suppression_warns(tmp_path) -> None:
    text = flexible_template('        // vmss-lint-disable-next-line VMSS-FLEX-032 -- stale\n        "singlePlacementGroup": false')
    report = _lint(tmp_path, text)
    assert _ids(report.active_findings) == ["LINT-013"]
    assert "suppresses nothing on line 13" in report.active_findings[0].message
    assert not report.failed()  # a warning: the default fail-on is error
    extra = '      "metadata": { "vmss-lint": { "suppress": { "VMSS-GEN-003": "stale" } } },\n'
    report = _lint(tmp_path, flexible_template("", extra=extra))
    assert _ids(report.active_findings) == ["LINT-013"] and report.active_findings[0].location.line == 9


def test_unknown_rule_in_a_suppression_warns(tmp_path) -> None:
    text = flexible_template("        // vmss-lint-disable-next-line VMSS-FLEX-032, NOPE-1 -- reason\n" + OVERPROVISION)
    report = _lint(tmp_path, text)
    assert _ids(report.active_findings) == ["LINT-013"] and "unknown rule 'NOPE-1'" in report.active_findings[0].message


def test_a_suppression_of_a_rule_that_did_not_run_is_not_unused(tmp_path) -> None:
    text = flexible_template("        // vmss-lint-disable-next-line VMSS-FLEX-032 -- reason\n" + OVERPROVISION)
    assert _lint(tmp_path, text, Config(select=("GEN",))).findings == []
    assert _lint(tmp_path, text, Config(severities={"VMSS-FLEX-032": Severity.OFF})).findings == []


def test_a_directive_inside_a_string_is_not_a_comment(tmp_path) -> None:
    text = flexible_template('        "description": "// vmss-lint-disable-next-line VMSS-FLEX-032 -- no",\n' + OVERPROVISION)
    report = _lint(tmp_path, text)
    assert _ids(report.active_findings) == ["VMSS-FLEX-032"]


def test_the_json_tokenizer_respects_strings_and_escapes() -> None:
    text = '{"a": "x // y \\" /* z", // one\n "b": 1 /* two */}'
    assert [body for _, _, body in comments(text, "json")] == [" one", " two "]


def test_the_bicep_tokenizer_respects_its_strings() -> None:
    text = (
        "var a = 'it''s // not a comment'\n"
        "var b = '''\n// not a comment either\n'''\n"
        "// vmss-lint-disable-next-line VMSS-FLEX-032 -- bicep reason\n"
        "resource s 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n"
        "  properties: { overprovision: true } /* vmss-lint-disable-next-line VMSS-GEN-003 -- b */\n}\n"
    )
    bodies = [body.strip() for _, _, body in comments(text, "bicep")]
    assert bodies == ["vmss-lint-disable-next-line VMSS-FLEX-032 -- bicep reason", "vmss-lint-disable-next-line VMSS-GEN-003 -- b"]
    found = from_source(SourceFile("main.bicep", text), "bicep")
    assert [(item.rules, item.reason, item.line) for item in found] == [(("VMSS-FLEX-032",), "bicep reason", 6), (("VMSS-GEN-003",), "b", 8)]


@pytest.mark.parametrize(
    "body,parsed",
    [
        (" vmss-lint-disable-next-line VMSS-FLEX-032 -- why", (("VMSS-FLEX-032",), "why")),
        (" vmss-lint-disable-next-line A-1,B-2 --   spaced  out ", (("A-1", "B-2"), "spaced out")),
        (" vmss-lint-disable-next-line A-1", (("A-1",), "")),
        (" vmss-lint-disable-next-line", ((), "")),
        (" vmss-lint-disable-next-lines A-1", None),
        (" eslint-disable-next-line", None),
    ],
)
def test_parse_directive(body: str, parsed) -> None:
    assert parse_directive(body) == parsed


def test_suppressed_findings_are_shown_only_on_request(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = flexible_template("        // vmss-lint-disable-next-line VMSS-FLEX-032 -- replaced in Q3\n" + OVERPROVISION)
    (tmp_path / "main.json").write_text(text)
    plain = run_cli("main.json")
    assert plain.exit_code == 0 and "VMSS-FLEX-032" not in plain.output and "(1 suppressed)" in plain.output
    shown = run_cli("main.json", "--show-suppressed")
    assert shown.exit_code == 0 and "error VMSS-FLEX-032" in shown.output and "[suppressed: replaced in Q3]" in shown.output
    assert json.loads(run_cli("main.json", "--format", "sarif").output)["runs"][0]["results"] == []
    sarif = json.loads(run_cli("main.json", "--format", "sarif", "--show-suppressed").output)
    [result] = sarif["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "justification": "replaced in Q3"}]
    assert "baselineState" not in result  # no baseline in use
    github = run_cli("main.json", "--format", "github").output
    assert "::error" not in github
    document = json.loads(run_cli("main.json", "--format", "json", "--show-suppressed").output)
    assert document["findings"][0]["suppressed"] == "replaced in Q3" and document["summary"]["error"] == 0
