"""`vmss-lint -` reads one document from standard input; `--stdin-filename` says where it stands."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from helpers import TEMPLATE_HEAD, flexible_template

OVERPROVISION = '        "overprovision": true'
PARAMETERISED = flexible_template("        \"overprovision\": \"[parameters('overprovision')]\"", name="app").replace(
    TEMPLATE_HEAD, TEMPLATE_HEAD + '  "parameters": { "overprovision": { "type": "bool", "defaultValue": false } },\n'
)
PARAMETERS = (
    '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",'
    ' "contentVersion": "1.0.0.0", "parameters": {"overprovision": {"value": true}}}\n'
)
MODULE = """resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: 'mod'
  location: 'westeurope'
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    overprovision: true
  }
}
"""


def _stdin(directory: Path, text: str, *args: str):
    from vmss_lint.cli import main

    previous = Path.cwd()
    os.chdir(directory)
    try:
        try:
            runner = CliRunner(mix_stderr=False)  # click < 8.2 (the lowest supported) mixes stderr into output unless told
        except TypeError:
            runner = CliRunner()  # click >= 8.2: stderr is always separate
        return runner.invoke(main, list(args), input=text.encode("utf-8"), catch_exceptions=False)
    finally:
        os.chdir(previous)


def _repository(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "infra" / "sub").mkdir(parents=True)
    (root / "infra" / "modules").mkdir()
    (root / "infra" / "web.json").write_text(flexible_template(OVERPROVISION))
    (root / "infra" / "sub" / "app.json").write_text(PARAMETERISED)
    (root / "infra" / "sub" / "app.parameters.json").write_text(PARAMETERS)
    (root / "infra" / "modules" / "vmss.bicep").write_text(MODULE)
    return root


def test_piped_template_without_a_name(tmp_path) -> None:
    result = _stdin(tmp_path, flexible_template(OVERPROVISION), "-")
    assert result.exit_code == 1
    assert result.stdout.startswith("-:12:9: error VMSS-FLEX-032 ")
    assert ' 12 |         "overprovision": true' in result.stdout  # the excerpt comes from standard input
    assert result.stdout.endswith("1 error, 0 warnings, 0 notes in 1 file\n")


def test_piped_bicep_without_a_name_is_recognised(tmp_path) -> None:
    result = _stdin(tmp_path, MODULE, "-", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["line"], finding["ruleId"]) == ("-", 7, "VMSS-FLEX-032")


def test_stdin_filename_gives_the_same_report_as_the_file(tmp_path) -> None:
    root = _repository(tmp_path / "repo")
    on_disk = _stdin(root, "", "infra/web.json", "--format", "sarif").stdout
    text = (root / "infra" / "web.json").read_text()
    from_sub = _stdin(root / "infra" / "sub", text, "-", "--stdin-filename", "../web.json", "--format", "sarif")
    assert from_sub.exit_code == 1 and from_sub.stdout == on_disk
    # no `-`: --stdin-filename alone reads standard input too
    assert _stdin(root, text, "--stdin-filename", "infra/web.json", "--format", "sarif").stdout == on_disk


def test_the_edited_buffer_is_linted_not_the_file_on_disk(tmp_path) -> None:
    root = _repository(tmp_path / "repo")
    fixed = flexible_template("")
    result = _stdin(root, fixed, "-", "--stdin-filename", "infra/web.json")
    assert result.exit_code == 0 and result.stdout == "0 errors, 0 warnings, 0 notes in 1 file\n"
    moved = "\n\n" + flexible_template(OVERPROVISION)
    result = _stdin(root, moved, "-", "--stdin-filename", "infra/web.json")
    assert "infra/web.json:14:9: error VMSS-FLEX-032" in result.stdout and ' 14 |         "overprovision": true' in result.stdout


def test_parameter_file_and_modules_are_found_beside_the_named_path(tmp_path) -> None:
    root = _repository(tmp_path / "repo")
    result = _stdin(root / "infra", PARAMETERISED, "-", "--stdin-filename", "sub/app.json")
    assert result.exit_code == 1 and "infra/sub/app.json:13:9: error VMSS-FLEX-032" in result.stdout  # app.parameters.json paired
    main = "module vmss '../modules/vmss.bicep' = {\n  name: 'vmss'\n}\n"
    result = _stdin(tmp_path, main, "-", "--stdin-filename", str(root / "infra" / "sub" / "main.bicep"))
    assert result.exit_code == 1 and "infra/modules/vmss.bicep:7:5: error VMSS-FLEX-032" in result.stdout


def test_configuration_is_found_from_the_named_path(tmp_path) -> None:
    root = _repository(tmp_path / "repo")
    (root / "infra" / ".vmss-lint.yaml").write_text("severity:\n  VMSS-FLEX-032: warning\n")
    result = _stdin(tmp_path, flexible_template(OVERPROVISION), "-", "--stdin-filename", str(root / "infra" / "web.json"))
    assert result.exit_code == 0 and "web.json:12:9: warning VMSS-FLEX-032" in result.stdout


def test_what_cannot_be_linted_from_stdin_is_a_usage_error(tmp_path) -> None:
    for text, args, message in (
        (PARAMETERS, ("-",), "ARM parameter file"),
        ('{"a": 1}\n', ("-",), "without an ARM deploymentTemplate $schema"),
        ("using 'main.bicep'\n", ("-", "--stdin-filename", "main.bicepparam"), ".bicepparam"),
        (MODULE, ("-", "-"), "can be named once"),
        (MODULE, (".", "--stdin-filename", "main.bicep"), "add the path `-`"),
    ):
        result = _stdin(tmp_path, text, *args)
        assert result.exit_code == 2 and message in result.stderr, (args, result.output)
        assert "Traceback" not in result.output
