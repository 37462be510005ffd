"""A value imported from a file that is not read (a registry import, a missing file) is said by default
(LINT-009 at the import statement, counted among the modules not checked), never left silently unknown."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

SCALE_SET = """resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {{
  name: 'web'
  location: 'westeurope'
  properties: {{
    orchestrationMode: {mode}
    platformFaultDomainCount: 1
  }}
}}
"""
REGISTRY = "br/public:avm/utl/types/avm-common-types:0.5.1"


def lint(*paths: Path) -> Result:
    from vmss_lint.cli import main

    return CliRunner().invoke(main, ["check", *map(str, paths)], catch_exceptions=False)


def test_a_registry_import_used_for_a_value_is_a_warning_at_the_import(tmp_path: Path) -> None:
    main = tmp_path / "main.bicep"
    main.write_text(f"import {{ mode }} from '{REGISTRY}'\n\n" + SCALE_SET.format(mode="mode"), encoding="utf-8")
    run = lint(main)
    assert run.exit_code == 0
    assert "main.bicep:1:1: warning LINT-009 'mode' is imported from 'br/public:avm/utl/types/avm-common-types:0.5.1', which is not read" in run.output
    assert "1 module not checked" in run.output


def test_a_registry_import_of_types_only_says_nothing(tmp_path: Path) -> None:
    main = tmp_path / "main.bicep"
    main.write_text(f"import {{ roleAssignmentType }} from '{REGISTRY}'\n\nparam roles roleAssignmentType[] = []\n\n" + SCALE_SET.format(mode="'Flexible'"), encoding="utf-8")
    run = lint(main)
    assert "LINT-009" not in run.output
    assert "not checked" not in run.output


def test_a_missing_local_import_is_said(tmp_path: Path) -> None:
    main = tmp_path / "main.bicep"
    main.write_text("import { mode } from 'missing.bicep'\n\n" + SCALE_SET.format(mode="mode"), encoding="utf-8")
    run = lint(main)
    assert "main.bicep:1:1: warning LINT-009 'mode' is imported from 'missing.bicep', which is not read (the file is missing" in run.output


def test_an_unread_import_of_an_imported_file_is_said_in_that_file(tmp_path: Path) -> None:
    (tmp_path / "helper.bicep").write_text(f"import {{ mode }} from '{REGISTRY}'\n@export()\nvar m = mode\n", encoding="utf-8")
    main = tmp_path / "main.bicep"
    main.write_text("import { m } from 'helper.bicep'\n\n" + SCALE_SET.format(mode="m"), encoding="utf-8")
    run = lint(main)
    assert "helper.bicep:1:1: warning LINT-009 'mode' is imported from" in run.output
