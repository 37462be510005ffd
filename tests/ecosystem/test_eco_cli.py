"""The command-line habits users bring: `python -m vmss_lint`, exit 2 for a missing path, a complete
`--help`, `--statistics`, `--exit-zero`, `--show-settings`, `--show-files`, several `--format FORMAT[:FILE]`
in one run, and paths spelled like commands."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO
from helpers import flexible_template, run_cli

BAD = flexible_template('        "overprovision": true')


@pytest.fixture()
def project(tmp_path, monkeypatch):
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.json").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_python_dash_m_runs_the_command(project) -> None:
    done = subprocess.run([sys.executable, "-m", "vmss_lint", "infra"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "error VMSS-FLEX-032" in done.stdout
    assert subprocess.run([sys.executable, "-m", "vmss_lint", "--version"], capture_output=True, text=True, timeout=120).stdout.startswith("vmss-lint ")


def test_a_missing_path_is_a_usage_error(project) -> None:
    result = run_cli("infra", "nope/main.json")
    assert result.exit_code == 2 and "'nope/main.json' does not exist" in result.stderr and "VMSS-FLEX-032" not in result.stdout
    assert run_cli("check", "/nonexistent").exit_code == 2


def test_top_level_help_shows_the_lint_options_and_the_commands() -> None:
    text = run_cli("--help").output
    for option in ("--format", "--output", "--fail-on", "--select", "--baseline", "--diff-base", "--statistics", "--exit-zero", "--show-settings", "--show-files", "--add-suppressions", "--version", "--list-rules", "--explain"):
        assert option in text, option
    assert "[OPTIONS] [PATH]..." in text and "COMMAND [ARGS]..." in text
    assert run_cli("-h").output == text


def test_statistics_counts_per_rule_and_exit_zero(project) -> None:
    (project / "infra" / "second.json").write_text(BAD.replace('"web"', '"api"'))
    result = run_cli("infra", "--statistics")
    assert result.exit_code == 1
    assert result.output.split() == ["2", "VMSS-FLEX-032", "flexible-overprovision", "error"]
    assert run_cli("infra", "--exit-zero").exit_code == 0
    assert run_cli("infra", "--exit-zero", "--config", "nope.yaml").exit_code == 2  # usage errors still exit 2
    with_json = run_cli("infra", "--statistics", "--format", "json")
    assert json.loads(with_json.stdout)["findings"] and "2  VMSS-FLEX-032" in with_json.stderr


def test_show_settings_says_where_each_value_came_from(project) -> None:
    (project / ".vmss-lint.yaml").write_text("profile: seed-2022\nfail-on: warning\n")
    result = run_cli("infra", "--show-settings", "--select", "FLEX", "--jobs", "3")
    assert result.exit_code == 0 and "VMSS-FLEX-032" not in result.output
    lines = {line.split(" = ")[0]: line for line in result.output.splitlines() if " = " in line}
    config = (project / ".vmss-lint.yaml").resolve()
    assert lines["profile"] == f'profile = "seed-2022"  # config file {config}'
    assert lines["fail-on"] == f'fail-on = "warning"  # config file {config}'
    assert lines["select"] == 'select = ["FLEX"]  # flag --select'
    assert lines["ignore"] == "ignore = []  # default"
    assert lines["--jobs"] == "--jobs = 3  # flag --jobs" and lines["--parameters"] == "--parameters = []  # default"
    assert result.output.startswith(f"# configuration file: {config}")
    assert run_cli("infra", "--show-settings", "--no-config").output.startswith("# configuration file: none (--no-config)")


def test_show_files_lists_what_is_linted_and_why_the_rest_is_skipped(project) -> None:
    (project / "infra" / "main.parameters.json").write_text('{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}')
    (project / "infra" / "package.json").write_text('{"name": "x"}')
    (project / "infra" / "legacy").mkdir()
    (project / "infra" / "legacy" / "old.json").write_text(BAD)
    (project / "infra" / "notes.txt").write_text("x")
    (project / "infra" / "node_modules").mkdir()
    (project / "infra" / "node_modules" / "x.json").write_text(BAD)
    (project / ".vmss-lint.yaml").write_text("exclude: [legacy]\n")
    result = run_cli("infra", "--show-files")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "lint infra/main.json (ARM template), parameters: infra/main.parameters.json" in lines
    assert "skip infra/legacy/: excluded by `exclude` in the configuration" in lines
    assert "skip infra/package.json: JSON without an ARM deploymentTemplate or deploymentParameters $schema" in lines
    assert "skip infra/notes.txt: not a .json, .jsonc, .bicep or .bicepparam file" in lines
    assert "skip infra/main.parameters.json: parameter file: used with its template" in lines
    assert "skip infra/node_modules/: a directory vmss-lint never walks (version control, dependencies, build output, editor settings)" in lines
    assert lines[-1] == "1 file to lint, 5 skipped"


def test_several_formats_in_one_run(project) -> None:
    result = run_cli("infra", "--format", "sarif:out.sarif", "--format", "junit:out.xml", "--format", "text")
    assert result.exit_code == 1 and "infra/main.json:12:9: error VMSS-FLEX-032" in result.stdout
    sarif = json.loads((project / "out.sarif").read_text())
    assert [item["ruleId"] for item in sarif["runs"][0]["results"]] == ["VMSS-FLEX-032"]
    assert ET.fromstring((project / "out.xml").read_text()).get("failures") == "1"
    # all to files: the summary goes to stderr
    quiet = run_cli("infra", "--format", "json:out.json", "--format", "github:out.txt")
    assert quiet.stdout == "" and "1 error" in quiet.stderr
    assert (project / "out.txt").read_text().startswith("::error file=infra/main.json")


def test_format_with_output_still_works_and_contradictions_are_usage_errors(project) -> None:
    assert run_cli("infra", "--format", "json", "-o", "report.json").exit_code == 1
    assert json.loads((project / "report.json").read_text())["findings"][0]["ruleId"] == "VMSS-FLEX-032"
    two_to_stdout = run_cli("infra", "--format", "json", "--format", "sarif")
    assert two_to_stdout.exit_code == 2 and "only one report can go to stdout" in two_to_stdout.stderr
    assert run_cli("infra", "--format", "json", "--format", "sarif", "-o", "x").exit_code == 2
    assert run_cli("infra", "--format", "yaml").exit_code == 2
    assert run_cli("infra", "--format", "sarif:").exit_code == 2
    assert run_cli("infra", "--format", "sarif:a.txt", "--format", "json:a.txt").exit_code == 2


def test_a_directory_spelled_like_a_command_is_linted(project) -> None:
    listing = run_cli("rules")
    assert listing.exit_code == 0 and "VMSS-FLEX-032" in listing.output and "flexible-overprovision" in listing.output
    assert "# VMSS-FLEX-032" in run_cli("rule", "VMSS-FLEX-032").output
    for word in ("rules", "rule", "lint", "check"):
        (project / word).mkdir()
        (project / word / "main.json").write_text(BAD)
        result = run_cli(word)
        assert result.exit_code == 1 and f"{word}/main.json:12:9: error VMSS-FLEX-032" in result.output, word
    # the commands stay reachable whatever the directory holds
    assert "flexible-overprovision" in run_cli("--list-rules").output
    assert "# VMSS-FLEX-032" in run_cli("--explain", "VMSS-FLEX-032").output
    assert run_cli("check", "infra").exit_code == 1 and run_cli("lint", "infra").exit_code == 1


def test_check_is_the_default_command(project) -> None:
    assert run_cli().exit_code == 1  # `.`
    assert run_cli("check").output == run_cli().output
    commands = run_cli("--help").output.split("Commands:")[1].split("\n\n")[0].split()
    assert {"check", "rules", "rule"} <= set(commands) and "lint" not in commands  # `lint` is a hidden alias


def test_readme_documents_the_new_flags() -> None:
    readme = (REPO / "README.md").read_text()
    for flag in ("--statistics", "--exit-zero", "--show-settings", "--show-files", "FORMAT[:FILE]", "FORCE_COLOR", "TERM=dumb", "vmss-lint check", "--list-rules", "--explain", "--add-suppressions", "python -m vmss_lint"):
        assert flag in readme, flag
