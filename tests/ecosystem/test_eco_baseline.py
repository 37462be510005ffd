"""Baselines: record today's findings, report only new ones; matched by fingerprint, not by line."""

from __future__ import annotations

import json

import jsonschema

from conftest import REPO
from helpers import flexible_template, run_cli

OVERPROVISION = '        "overprovision": true'


def test_round_trip_survives_inserted_lines(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.json").write_text(flexible_template(OVERPROVISION))
    assert run_cli("main.json").exit_code == 1
    written = run_cli("main.json", "--write-baseline", "baseline.json")
    assert written.exit_code == 0 and "wrote 1 finding to the baseline baseline.json" in written.stderr
    document = json.loads((tmp_path / "baseline.json").read_text())
    schema = json.loads((REPO / "schemas" / "baseline.schema.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    assert document["version"] == 1 and document["findings"][0]["ruleId"] == "VMSS-FLEX-032"

    # an edit above the finding moves it down five lines: still the same finding
    moved = flexible_template(OVERPROVISION).replace('"contentVersion"', '"metadata": {\n    "a": 1,\n    "b": 2,\n    "c": 3\n  },\n  "contentVersion"')
    (tmp_path / "main.json").write_text(moved)
    result = run_cli("main.json", "--baseline", "baseline.json")
    assert result.exit_code == 0, result.output
    assert result.output == "0 errors, 0 warnings, 0 notes in 1 file (1 baselined)\n"
    shown = run_cli("main.json", "--baseline", "baseline.json", "--show-suppressed")
    assert "main.json:17:9: error VMSS-FLEX-032" in shown.output and "[suppressed: in the baseline]" in shown.output


def test_new_findings_are_reported(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.json").write_text(flexible_template(OVERPROVISION))
    run_cli("main.json", "--write-baseline", "baseline.json")
    second = flexible_template(OVERPROVISION, name="api")
    (tmp_path / "other.json").write_text(second)
    result = run_cli("main.json", "other.json", "--baseline", "baseline.json")
    assert result.exit_code == 1
    assert "other.json:12:9: error VMSS-FLEX-032" in result.output and "main.json:" not in result.output


def test_baseline_from_the_config_file(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.json").write_text(flexible_template(OVERPROVISION))
    (tmp_path / "ci").mkdir()
    run_cli("main.json", "--write-baseline", "ci/baseline.json")
    (tmp_path / ".vmss-lint.yaml").write_text("baseline: ci/baseline.json\n")
    assert run_cli("main.json").exit_code == 0
    # writing a new baseline records everything, ignoring the old one
    assert run_cli("main.json", "--write-baseline", "ci/again.json").exit_code == 0
    assert len(json.loads((tmp_path / "ci" / "again.json").read_text())["findings"]) == 1


def test_an_unusable_baseline_exits_2(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.json").write_text(flexible_template(OVERPROVISION))
    for content, message in (("{", "not valid JSON"), ('{"version": 9, "findings": []}', "not a vmss-lint baseline")):
        (tmp_path / "baseline.json").write_text(content)
        result = run_cli("main.json", "--baseline", "baseline.json")
        assert result.exit_code == 2 and message in result.stderr
    missing = run_cli("main.json", "--baseline", "nope.json")
    assert missing.exit_code == 2 and "nope.json: cannot read the baseline" in missing.stderr


def test_a_fingerprint_absorbs_as_many_findings_as_were_recorded(tmp_path) -> None:
    from collections import Counter

    from vmss_lint.baseline import filter_findings
    from vmss_lint.engine import FileResult
    from vmss_lint.findings import Finding, Severity
    from vmss_lint.source import Location

    finding = Finding("VMSS-X-001", "x", Severity.ERROR, "m", Location("a.json", 1, 1, 1, 2), property_path="p").with_fingerprint()
    results = [FileResult("a.json", [finding, finding])]
    filter_findings(results, Counter({finding.fingerprint: 1}))
    assert [item.suppressed for item in results[0].findings] == ["in the baseline", None]
