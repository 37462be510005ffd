"""The same-line and whole-file suppression comments (ARM JSON with comments and Bicep), and
`--add-suppressions`, which writes the next-line form with a placeholder reason (LINT-012 until filled)."""

from __future__ import annotations

import pytest

import vmss_lint
from conftest import FIXTURES
from helpers import flexible_template, run_cli
from vmss_lint.config import Config
from vmss_lint.suppress import REASON_PLACEHOLDER

OVERPROVISION = '        "overprovision": true'
BICEP = (FIXTURES / "rules" / "VMSS-FLEX-032" / "bad.bicep").read_text().replace(" // <- VMSS-FLEX-032", "")


def _lint(tmp_path, text: str, name: str):
    (tmp_path / name).write_text(text)
    return vmss_lint.lint([str(tmp_path / name)], Config())


def _ids(findings) -> list[str]:
    return [finding.rule_id for finding in findings]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("main.json", flexible_template(OVERPROVISION + " // vmss-lint-disable-line VMSS-FLEX-032 -- Q3 migration")),
        ("main.json", flexible_template(OVERPROVISION + " /* vmss-lint-disable-line flexible-overprovision -- Q3 migration */")),
        ("main.bicep", BICEP.replace("overprovision: true", "overprovision: true // vmss-lint-disable-line VMSS-FLEX-032 -- Q3 migration")),
    ],
)
def test_same_line_comment(tmp_path, name, text) -> None:
    report = _lint(tmp_path, text, name)
    assert report.active_findings == [] and [finding.suppressed for finding in report.findings] == ["Q3 migration"]


def test_same_line_comment_does_not_reach_the_next_line(tmp_path) -> None:
    text = BICEP.replace("platformFaultDomainCount: 1", "platformFaultDomainCount: 1 // vmss-lint-disable-line VMSS-FLEX-032 -- no")
    report = _lint(tmp_path, text, "main.bicep")
    assert sorted(_ids(report.active_findings)) == ["LINT-013", "VMSS-FLEX-032"]
    assert "suppresses nothing on line 10" in next(f.message for f in report.active_findings if f.rule_id == "LINT-013")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("main.json", "// vmss-lint-disable-file VMSS-FLEX-032 -- legacy set, replaced in Q3\n" + flexible_template(OVERPROVISION)),
        ("main.json", flexible_template(OVERPROVISION).replace("{\n", "{\n  // vmss-lint-disable-file VMSS-FLEX-032 -- legacy set, replaced in Q3\n", 1)),
        ("main.bicep", "// Scale set of the legacy app.\n/* vmss-lint-disable-file VMSS-FLEX-032 -- legacy set, replaced in Q3 */\n\n" + BICEP),
    ],
)
def test_whole_file_comment_in_the_first_comment_block(tmp_path, name, text) -> None:
    report = _lint(tmp_path, text, name)
    assert report.active_findings == [] and [finding.suppressed for finding in report.findings] == ["legacy set, replaced in Q3"]


def test_whole_file_comment_after_code_is_ignored_and_reported(tmp_path) -> None:
    text = BICEP.replace("  name: 'web'", "  // vmss-lint-disable-file VMSS-FLEX-032 -- too late\n  name: 'web'")
    report = _lint(tmp_path, text, "main.bicep")
    assert sorted(_ids(report.active_findings)) == ["LINT-013", "VMSS-FLEX-032"]
    assert "first comment block" in next(f.message for f in report.active_findings if f.rule_id == "LINT-013")
    arm = flexible_template(OVERPROVISION).replace('"resources"', '// vmss-lint-disable-file VMSS-FLEX-032 -- too late\n  "resources"')
    assert sorted(_ids(_lint(tmp_path, arm, "main.json").active_findings)) == ["LINT-013", "VMSS-FLEX-032"]


def test_unused_and_reasonless_file_comments_are_reported(tmp_path) -> None:
    report = _lint(tmp_path, "// vmss-lint-disable-file VMSS-UNI-050\n" + BICEP, "main.bicep")
    assert sorted(_ids(report.active_findings)) == ["LINT-012", "LINT-013", "VMSS-FLEX-032"]
    assert "suppresses nothing on this file" in next(f.message for f in report.active_findings if f.rule_id == "LINT-013")


@pytest.mark.parametrize(("name", "text"), [("main.json", flexible_template(OVERPROVISION)), ("main.bicep", BICEP)])
def test_add_suppressions_writes_the_next_line_form_with_a_placeholder(tmp_path, monkeypatch, name, text) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text)
    result = run_cli(name, "--add-suppressions")
    assert result.exit_code == 0 and "added 1 suppression comment in 1 file" in result.stderr
    lines = (tmp_path / name).read_text().splitlines()
    index = next(number for number, line in enumerate(lines) if "overprovision" in line)
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    assert lines[index - 1] == f"{indent}// vmss-lint-disable-next-line VMSS-FLEX-032 -- {REASON_PLACEHOLDER}"
    # the finding is suppressed, but the placeholder is no reason: LINT-012 until the user writes one
    after = run_cli(name)
    assert after.exit_code == 0 and "warning LINT-012" in after.output and "error VMSS-FLEX-032" not in after.output
    assert "replace the placeholder after `--` with it" in after.output
    (tmp_path / name).write_text((tmp_path / name).read_text().replace(REASON_PLACEHOLDER, "replaced in Q3"))
    assert "0 errors, 0 warnings" in run_cli(name).output
    # running it again adds nothing: the findings are suppressed
    assert "added 0 suppression comments" in run_cli(name, "--add-suppressions").stderr


def test_add_suppressions_leaves_lines_inside_multi_line_strings_and_keeps_crlf(tmp_path, monkeypatch) -> None:
    from vmss_lint.findings import Finding, Severity
    from vmss_lint.source import Location
    from vmss_lint.suppress_writer import add_suppressions

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.bicep").write_bytes(b"var a = '''\r\nx\r\n'''\r\nvar b = 1\r\n")

    def finding(line: int) -> Finding:
        return Finding("VMSS-X-001", "x", Severity.ERROR, "m", Location("a.bicep", line, 1, line, 2))

    written, left = add_suppressions([finding(2), finding(4)])
    assert written == {"a.bicep": 1} and left == 1
    assert (tmp_path / "a.bicep").read_bytes() == f"var a = '''\r\nx\r\n'''\r\n// vmss-lint-disable-next-line VMSS-X-001 -- {REASON_PLACEHOLDER}\r\nvar b = 1\r\n".encode()
