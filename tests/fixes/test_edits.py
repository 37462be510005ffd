"""The text edits of fixes: minimal, comments, key order, indentation and line endings kept."""

from __future__ import annotations

import codecs
from pathlib import Path

from click.testing import CliRunner

from vmss_lint.cli import main
from vmss_lint.config import Config
from vmss_lint.engine import lint

HEAD = '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n'


def _arm(properties: str) -> str:
    return (
        HEAD + '  "parameters": { "op": { "type": "bool", "defaultValue": true } },\n'
        '  "resources": [\n    {\n      "type": "Microsoft.Compute/virtualMachineScaleSets",\n      "apiVersion": "2024-07-01",\n'
        '      "name": "web",\n      "location": "westeurope",\n      "properties": {\n' + properties + "\n      }\n    }\n  ]\n}\n"
    )


def _fix(tmp_path: Path, monkeypatch, name: str, text: str, *flags: str, encoding: str = "utf-8") -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(text.encode(encoding))
    result = CliRunner().invoke(main, ["--no-config", "--fix", *flags, name], catch_exceptions=False)
    return (tmp_path / name).read_bytes().decode(encoding), result.output


def test_removing_the_last_member_keeps_comments_and_order(tmp_path: Path, monkeypatch) -> None:
    properties = (
        '        // the mode\n        "orchestrationMode": "Flexible", /* FD */ "platformFaultDomainCount": 1,\n'
        '        "overprovision": true // remove me'
    )
    fixed, output = _fix(tmp_path, monkeypatch, "t.json", _arm(properties))
    assert fixed == _arm('        // the mode\n        "orchestrationMode": "Flexible", /* FD */ "platformFaultDomainCount": 1')
    assert "1 finding fixed, 0 remaining" in output


def test_removing_a_middle_member_keeps_crlf_line_endings(tmp_path: Path, monkeypatch) -> None:
    properties = '        "orchestrationMode": "Flexible",\n        "overprovision": true,\n        "platformFaultDomainCount": 1'
    fixed, _ = _fix(tmp_path, monkeypatch, "t.json", _arm(properties).replace("\n", "\r\n"))
    assert fixed == _arm('        "orchestrationMode": "Flexible",\n        "platformFaultDomainCount": 1').replace("\n", "\r\n")


def test_a_byte_order_mark_and_utf16_stay(tmp_path: Path, monkeypatch) -> None:
    properties = '        "orchestrationMode": "Flexible",\n        "platformFaultDomainCount": 1,\n        "overprovision": true'
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.json").write_bytes(codecs.BOM_UTF8 + _arm(properties).encode("utf-8"))
    CliRunner().invoke(main, ["--no-config", "--fix", "t.json"], catch_exceptions=False)
    data = (tmp_path / "t.json").read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and b"overprovision" not in data
    fixed, _ = _fix(tmp_path, monkeypatch, "u.json", "\ufeff" + _arm(properties), encoding="utf-16-le")
    assert "overprovision" not in fixed and fixed.startswith("\ufeff")


def test_a_value_from_a_parameter_or_an_expression_gets_no_fix(tmp_path: Path, monkeypatch) -> None:
    for value in ('"[parameters(\'op\')]"', '"[not(false)]"'):
        properties = f'        "orchestrationMode": "Flexible",\n        "platformFaultDomainCount": 1,\n        "overprovision": {value}'
        fixed, output = _fix(tmp_path, monkeypatch, "t.json", _arm(properties))
        assert fixed == _arm(properties)
        assert "0 findings fixed, 1 remaining" in output


def test_diff_changes_nothing_and_exits_as_for_the_findings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = _arm('        "orchestrationMode": "Flexible",\n        "platformFaultDomainCount": 1,\n        "overprovision": true')
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-config", "--diff", "t.json"], catch_exceptions=False)
    assert result.exit_code == 1
    assert '-        "overprovision": true' in result.stdout and result.stdout.startswith("--- a/t.json\n+++ b/t.json\n")
    assert (tmp_path / "t.json").read_text(encoding="utf-8") == text


def test_unsafe_fixes_need_the_flag(tmp_path: Path, monkeypatch) -> None:
    bicep = (
        "resource lb 'Microsoft.Network/loadBalancers@2024-05-01' = {\n  name: 'lb'\n  location: 'westeurope'\n"
        "  sku: {\n    name: 'Basic'\n  }\n  properties: {}\n}\n"
    )
    fixed, output = _fix(tmp_path, monkeypatch, "lb.bicep", bicep)
    assert fixed == bicep and "0 findings fixed, 1 remaining" in output
    fixed, output = _fix(tmp_path, monkeypatch, "lb.bicep", bicep, "--unsafe-fixes")
    assert fixed == bicep.replace("'Basic'", "'Standard'") and "1 finding fixed, 0 remaining" in output


def test_bicep_property_lines_are_removed_and_added(tmp_path: Path, monkeypatch) -> None:
    bicep = (
        "resource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: 'web'\n  location: 'westeurope'\n"
        "  properties: {\n    platformFaultDomainCount: 1\n    overprovision: true\n  }\n}\n"
    )
    fixed, _ = _fix(tmp_path, monkeypatch, "web.bicep", bicep)
    assert fixed == bicep.replace("    overprovision: true\n", "    orchestrationMode: 'Flexible'\n")


def test_a_finding_of_an_explored_allowed_value_gets_no_fix(tmp_path: Path, monkeypatch) -> None:
    bicep = (
        "@allowed(['Uniform', 'Flexible'])\nparam mode string = 'Uniform'\n"
        "resource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: 'web'\n  location: 'westeurope'\n"
        "  properties: {\n    orchestrationMode: mode\n    platformFaultDomainCount: 1\n    overprovision: true\n  }\n}\n"
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "web.bicep").write_text(bicep, encoding="utf-8")
    report = lint([Path("web.bicep")], Config(jobs=1, select=("VMSS-FLEX-032",)))
    assert [finding.fix for finding in report.findings] == [None]


def test_a_plain_reference_is_fixed_where_the_value_is_set(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    lb = (
        "param skuName string = 'Basic'\nvar other = 'Basic'\n"
        "resource lb 'Microsoft.Network/loadBalancers@2024-05-01' = {\n  name: 'lb'\n  location: 'westeurope'\n"
        "  sku: {\n    name: skuName\n  }\n  properties: {}\n}\n"
        "resource lb2 'Microsoft.Network/loadBalancers@2024-05-01' = {\n  name: 'lb2'\n  location: 'westeurope'\n"
        "  sku: {\n    name: other\n  }\n  properties: {}\n}\n"
    )
    (tmp_path / "lb.bicep").write_text(lb, encoding="utf-8")
    (tmp_path / "lb.bicepparam").write_text("using 'lb.bicep'\nparam skuName = 'Basic' // given here\n", encoding="utf-8")
    arm = (
        HEAD + '  "parameters": { "skuName": { "type": "string", "defaultValue": "Basic" } },\n'
        '  "resources": [\n    { "type": "Microsoft.Network/loadBalancers", "apiVersion": "2024-05-01", "name": "lb",\n'
        '      "location": "westeurope", "sku": { "name": "[parameters(\'skuName\')]" }, "properties": {} }\n  ]\n}\n'
    )
    (tmp_path / "lb.json").write_text(arm, encoding="utf-8")
    (tmp_path / "lb.parameters.json").write_text(
        '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n'
        '  "contentVersion": "1.0.0.0",\n  "parameters": { "skuName": { "value": "Basic" } }\n}\n', encoding="utf-8")
    report = lint([Path(".")], Config(jobs=1, select=("VMSS-GEN-048",)))
    fixes = [finding.fix for finding in report.findings]
    assert all(fix is not None and not fix.safe for fix in fixes) and len(fixes) == 3
    result = CliRunner().invoke(main, ["--no-config", "--fix", "--unsafe-fixes", "--select", "VMSS-GEN-048", "."], catch_exceptions=False)
    assert "3 findings fixed, 0 remaining" in result.output
    assert (tmp_path / "lb.bicepparam").read_text() == "using 'lb.bicep'\nparam skuName = 'Standard' // given here\n"
    assert "var other = 'Standard'\n" in (tmp_path / "lb.bicep").read_text()
    assert "param skuName string = 'Basic'\n" in (tmp_path / "lb.bicep").read_text()  # the .bicepparam decides
    assert '"skuName": { "value": "Standard" }' in (tmp_path / "lb.parameters.json").read_text()
    assert (tmp_path / "lb.json").read_text() == arm


def test_a_value_passed_by_a_module_is_fixed_in_the_params_block(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lb.bicep").write_text(
        "param skuName string\nresource lb 'Microsoft.Network/loadBalancers@2024-05-01' = {\n  name: 'lb'\n"
        "  location: 'westeurope'\n  sku: {\n    name: skuName\n  }\n  properties: {}\n}\n", encoding="utf-8")
    main_text = "module m 'lb.bicep' = {\n  name: 'm'\n  params: {\n    skuName: 'Basic'\n  }\n}\n"
    (tmp_path / "main.bicep").write_text(main_text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-config", "--fix", "--unsafe-fixes", "main.bicep"], catch_exceptions=False)
    assert "1 finding fixed, 0 remaining" in result.output
    assert (tmp_path / "main.bicep").read_text() == main_text.replace("'Basic'", "'Standard'")


def test_a_fix_inside_a_module_is_unsafe(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mod.bicep").write_text(
        "param mode string\nresource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: 'web'\n"
        "  location: 'westeurope'\n  properties: {\n    orchestrationMode: mode\n    platformFaultDomainCount: 1\n"
        "    overprovision: true\n  }\n}\n", encoding="utf-8")
    (tmp_path / "main.bicep").write_text("module m 'mod.bicep' = {\n  name: 'm'\n  params: {\n    mode: 'Flexible'\n  }\n}\n", encoding="utf-8")
    [finding] = lint([Path("main.bicep")], Config(jobs=1, select=("VMSS-FLEX-032",))).findings
    assert finding.fix is not None and not finding.fix.safe and finding.fix.edits[0].span.path == "mod.bicep"
