"""Configuration files: discovery by walking up, validation errors (file, key, allowed values, exit 2),
CLI flags overriding the file, rule options checked against the registry, excludes and parameter maps."""

from __future__ import annotations

from pathlib import Path

import pytest

import vmss_lint
from helpers import flexible_template, run_cli
from vmss_lint.config import Config
from vmss_lint.configfile import ConfigError, find_config, load_config
from vmss_lint.findings import Severity
from vmss_lint.registry import Registry, load_registry, rule

BAD = flexible_template('        "overprovision": true')


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A repository with a template two directories down; the working directory is its root."""
    (tmp_path / "infra" / "web").mkdir(parents=True)
    (tmp_path / "infra" / "web" / "main.json").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pyproject_table_is_found_walking_up(project) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.vmss-lint]\nseverity = { VMSS-FLEX-032 = "warning" }\n')
    assert find_config([Path("infra/web/main.json")]) == project.resolve() / "pyproject.toml"
    result = run_cli("infra/web/main.json")
    assert result.exit_code == 0 and "warning VMSS-FLEX-032" in result.output


def test_nearest_file_wins_and_yaml_before_pyproject(project) -> None:
    (project / "pyproject.toml").write_text('[tool.vmss-lint]\nprofile = "seed-2022"\n')
    (project / "infra" / "pyproject.toml").write_text('[project]\nname = "no table here"\n')
    assert find_config(["infra/web"]) == project.resolve() / "pyproject.toml"  # a pyproject without the table is skipped
    (project / "infra" / ".vmss-lint.yaml").write_text("profile: current\n")
    assert find_config(["infra/web"]) == project.resolve() / "infra" / ".vmss-lint.yaml"
    (project / "infra" / "pyproject.toml").write_text('[tool.vmss-lint]\nprofile = "seed-2022"\n')
    assert find_config(["infra/web"]).name == ".vmss-lint.yaml"


def test_yaml_config_sets_every_kind_of_key(project) -> None:
    (project / "params.json").write_text("{}")
    (project / ".vmss-lint.yaml").write_text(
        "select: [FLEX, GEN]\nignore: VMSS-GEN-004\nseverity:\n  flexible-overprovision: note\n  LINT-013: off\n"
        "profile: seed-2022\nfail-on: note\nexclude: [legacy, infra/old/*]\nparameters:\n  'infra/*/main.json': params.json\n"
        "show-unknown: true\nshow-suppressed: true\nbaseline: .vmss-lint-baseline.json\nmax-variants: 4\n"
    )
    config = load_config(paths=["infra"])
    assert config.select == ("FLEX", "GEN") and config.ignore == ("VMSS-GEN-004",)
    assert config.severities == {"VMSS-FLEX-032": Severity.NOTE, "LINT-013": Severity.OFF}
    assert config.profile == "seed-2022" and config.fail_on is Severity.NOTE
    assert config.exclude == ("legacy", f"{project.resolve().as_posix()}/infra/old/*")
    assert config.parameter_map == {f"{project.resolve().as_posix()}/infra/*/main.json": [str(project.resolve() / "params.json")]}
    assert config.show_unknown and config.show_suppressed and config.max_variants == 4
    assert config.baseline == str(project.resolve() / ".vmss-lint-baseline.json")
    assert config.config_file == str(project / ".vmss-lint.yaml")


@pytest.mark.parametrize(
    "content,key,allowed",
    [
        ("profil: current\n", "`profil`", "allowed keys: baseline, exclude"),
        ("profile: latest\n", "`profile`", "allowed values: current, seed-2022"),
        ("fail-on: fatal\n", "`fail-on`", "allowed values: error, warning, note"),
        ("severity:\n  VMSS-FLEX-032: fatal\n", "`severity.VMSS-FLEX-032`", "allowed values: error, warning, note, off"),
        ("severity:\n  NOPE-999: off\n", "`severity.NOPE-999`", "allowed: a rule id or name"),
        ("select: 3\n", "`select`", "expected a string or a list of strings"),
        ("exclude: legacy\n", "`exclude`", "expected a list of strings"),
        ("max-variants: -1\n", "`max-variants`", "the minimum is 0"),
        ("options:\n  no-such-option: 3\n", "`options.no-such-option`", "allowed options:"),
    ],
)
def test_a_wrong_key_or_value_names_file_key_and_allowed_values(project, content: str, key: str, allowed: str) -> None:
    (project / ".vmss-lint.yaml").write_text(content)
    result = run_cli("infra")
    assert result.exit_code == 2
    assert result.stderr.startswith("vmss-lint: .vmss-lint.yaml: ") and key in result.stderr and allowed in result.stderr


def test_pyproject_errors_name_the_file(project) -> None:
    (project / "pyproject.toml").write_text('[tool.vmss-lint]\nprofile = "latest"\n')
    result = run_cli("infra")
    assert result.exit_code == 2 and "pyproject.toml: `profile`: 'latest' is not allowed; allowed values: current, seed-2022" in result.stderr


@pytest.mark.parametrize("name,content", [(".vmss-lint.yaml", "severity: [\n"), ("pyproject.toml", "[tool.vmss-lint\n"), (".vmss-lint.yaml", "- a list\n")])
def test_malformed_files_exit_2(project, name: str, content: str) -> None:
    (project / name).write_text(content)
    result = run_cli("infra", "--config", name)
    assert result.exit_code == 2 and name in result.stderr and "Traceback" not in result.stderr


def test_explicit_config_overrides_discovery_and_flags_override_config(project) -> None:
    (project / ".vmss-lint.yaml").write_text("severity:\n  VMSS-FLEX-032: off\n")
    (project / "strict.yaml").write_text("severity:\n  VMSS-FLEX-032: warning\nfail-on: warning\nselect: [GEN]\n")
    assert run_cli("infra").exit_code == 0  # the discovered file turns the rule off
    assert run_cli("infra", "--no-config").exit_code == 1
    assert run_cli("infra", "--config", "strict.yaml").exit_code == 0  # select GEN: the FLEX rule does not run
    result = run_cli("infra", "--config", "strict.yaml", "--select", "FLEX")
    assert result.exit_code == 1 and "warning VMSS-FLEX-032" in result.output  # flag beats file; level from file
    assert run_cli("infra", "--config", "strict.yaml", "--select", "FLEX", "--fail-on", "error").exit_code == 0
    missing = run_cli("infra", "--config", "nope.yaml")
    assert missing.exit_code == 2 and "nope.yaml: no such configuration file" in missing.stderr


def test_exclude_applies_to_walked_and_named_files(project) -> None:
    (project / "infra" / "legacy").mkdir()
    (project / "infra" / "legacy" / "old.json").write_text(BAD)
    (project / ".vmss-lint.yaml").write_text("exclude: [infra/legacy]\n")
    report = vmss_lint.lint(["infra"], load_config(paths=["infra"]))
    assert [result.path for result in report.files] == ["infra/web/main.json"]
    # pre-commit names files one by one: the exclusion still holds
    assert run_cli("infra/legacy/old.json").output.startswith("0 errors")


def test_rule_options_are_validated_against_the_registry(tmp_path) -> None:
    @rule(id="TEST-OPT-001", name="test-option", summary="s", severity="warning", types="Microsoft.Compute/virtualMachineScaleSets", options={"max-zones": 3, "strict": False})
    def check(resource, ctx):
        """Test rule with options."""
        return ()

    registry = Registry({"TEST-OPT-001": check})
    file = tmp_path / ".vmss-lint.yaml"
    file.write_text("options:\n  max-zones: 2\n  strict: true\n")
    assert load_config(file, registry=registry).options == {"max-zones": 2, "strict": True}
    file.write_text("options:\n  max-zones: two\n")
    with pytest.raises(ConfigError, match=r"`options.max-zones`: 'two' has the wrong type; TEST-OPT-001 expects an integer"):
        load_config(file, registry=registry)
    file.write_text("options:\n  max-zone: 2\n")
    with pytest.raises(ConfigError, match=r"unknown option; allowed options: max-zones, strict"):
        load_config(file, registry=registry)


def test_python_api_takes_a_config_file(project) -> None:
    (project / "ci.yaml").write_text("severity:\n  VMSS-FLEX-032: note\n")
    report = vmss_lint.lint(["infra"], "ci.yaml")
    assert [finding.severity for finding in report.active_findings] == [Severity.NOTE] and not report.failed()
    assert vmss_lint.load_config("ci.yaml").severities == {"VMSS-FLEX-032": Severity.NOTE}
    assert vmss_lint.load_config(paths=["infra"]) == Config()  # nothing to find: the defaults
    assert vmss_lint.lint(["infra"]).failed()


def test_schema_lists_every_key_the_loader_reads() -> None:
    import json

    from conftest import REPO

    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text())
    source = (REPO / "linter" / "configfile.py").read_text()
    for key in schema["properties"]:
        assert f'"{key}"' in source, f"config key {key} is in the schema but not applied"
    assert load_registry() is not None
