"""The server's document linting, in process: unsaved text, crashes, parsed files kept between requests."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES
from vmss_lint.server.linting import DocumentLinter


def test_a_crash_becomes_one_lint_014_diagnostic(tmp_path: Path, monkeypatch) -> None:
    import vmss_lint.engine

    target = tmp_path / "bad.json"
    shutil.copy(FIXTURES / "rules" / "VMSS-FLEX-032" / "bad.json", target)

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(vmss_lint.engine, "lint_job", explode)
    findings = DocumentLinter().lint(target, target.read_text())
    assert [(finding.rule_id, finding.location.line) for finding in findings] == [("LINT-014", 1)]
    assert "boom" in findings[0].message


def test_the_unsaved_text_is_linted_not_the_file(tmp_path: Path) -> None:
    target = tmp_path / "bad.bicep"
    shutil.copy(FIXTURES / "rules" / "VMSS-FLEX-032" / "bad.bicep", target)
    linter = DocumentLinter()
    assert [finding.rule_id for finding in linter.lint(target, target.read_text())] == ["VMSS-FLEX-032"]
    assert linter.lint(target, target.read_text().replace("overprovision: true", "overprovision: false")) == []


def test_modules_stay_parsed_until_they_change(tmp_path: Path) -> None:
    (tmp_path / "mod.bicep").write_text(
        "param op bool\nresource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: 'web'\n"
        "  location: 'westeurope'\n  properties: {\n    orchestrationMode: 'Flexible'\n    platformFaultDomainCount: 1\n"
        "    overprovision: op\n  }\n}\n", encoding="utf-8")
    main = tmp_path / "main.bicep"
    text = "module m 'mod.bicep' = {\n  name: 'm'\n  params: {\n    op: true\n  }\n}\n"
    main.write_text(text, encoding="utf-8")
    linter = DocumentLinter()
    linter.roots = [tmp_path]
    first = linter.lint(main, text)
    # the module's finding is shown where this document passes the value, the module's line as related information
    assert [(finding.rule_id, finding.location.line) for finding in first] == [("VMSS-FLEX-032", 4)]
    assert first[0].related[0].location.path.endswith("mod.bicep")
    parsed = linter.parsed.get((tmp_path / "mod.bicep").resolve(), (tmp_path / "mod.bicep").resolve().as_posix())
    assert parsed is not None
    assert linter.lint(main, text.replace("op: true", "op: false")) == []


def test_a_bicepparam_is_linted_with_its_unsaved_values(tmp_path: Path) -> None:
    (tmp_path / "lb.bicep").write_text(
        "param skuName string\nresource lb 'Microsoft.Network/loadBalancers@2024-05-01' = {\n  name: 'lb'\n"
        "  location: 'westeurope'\n  sku: {\n    name: skuName\n  }\n  properties: {}\n}\n", encoding="utf-8")
    parameters = tmp_path / "lb.bicepparam"
    parameters.write_text("using 'lb.bicep'\nparam skuName = 'Standard'\n", encoding="utf-8")
    linter = DocumentLinter()
    linter.roots = [tmp_path]
    assert linter.lint(parameters, parameters.read_text()) == []
    findings = linter.lint(parameters, "using 'lb.bicep'\nparam skuName = 'Basic'\n")
    assert [(finding.rule_id, finding.location.line) for finding in findings] == [("VMSS-GEN-048", 2)]
    linter.close(parameters)
    assert linter.lint(tmp_path / "lb.bicep", (tmp_path / "lb.bicep").read_text()) == []


def test_an_arm_parameter_file_is_linted_with_its_template_and_unsaved_values(tmp_path: Path) -> None:
    (tmp_path / "app.json").write_text(
        '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
        '  "contentVersion": "1.0.0.0",\n  "parameters": {"overprovision": {"type": "bool", "defaultValue": false}},\n'
        '  "resources": [{\n    "type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01",\n'
        '    "name": "web", "location": "westeurope",\n    "properties": {"orchestrationMode": "Flexible",\n'
        '      "platformFaultDomainCount": 1, "overprovision": "[parameters(\'overprovision\')]"}\n  }]\n}\n', encoding="utf-8")
    parameters = tmp_path / "app.parameters.json"
    head = '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0",\n'
    parameters.write_text(head + '  "parameters": {\n    "overprovision": {"value": false}\n  }\n}\n', encoding="utf-8")
    linter = DocumentLinter()
    linter.roots = [tmp_path]
    assert linter.lint(parameters, parameters.read_text()) == []
    # the editor's unsaved text, not the file: the finding lands on the value in the parameter file
    findings = linter.lint(parameters, head + '  "parameters": {\n    "overprovision": {"value": true}\n  }\n}\n')
    assert [(finding.rule_id, finding.location.line) for finding in findings] == [("VMSS-FLEX-032", 5)]
    assert findings[0].location.path.endswith("app.parameters.json")
    linter.close(parameters)
    assert linter.lint(tmp_path / "app.json", (tmp_path / "app.json").read_text()) == []
