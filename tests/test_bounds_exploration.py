"""A parameter's minValue/maxValue (@minValue/@maxValue in Bicep) are explored like allowed values."""

from __future__ import annotations

from pathlib import Path

from vmss_lint.config import Config
from vmss_lint.engine import lint

ARM = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "instanceCount": { "type": "int", "defaultValue": 3, "minValue": 1, "maxValue": 2000 }
  },
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachineScaleSets",
      "apiVersion": "2024-07-01",
      "name": "web",
      "location": "westeurope",
      "sku": { "name": "Standard_D2s_v5", "capacity": "[parameters('instanceCount')]" },
      "properties": { "orchestrationMode": "Flexible", "platformFaultDomainCount": 1 }
    }
  ]
}
"""

BICEP = """@minValue(1)
@maxValue(2000)
param instanceCount int = 3

resource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: 'web'
  location: 'westeurope'
  sku: {
    name: 'Standard_D2s_v5'
    capacity: instanceCount
  }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
  }
}
"""


def _capacity_findings(path: Path, registry) -> list:
    report = lint([path], Config(), registry)
    return [finding for finding in report.active_findings if finding.rule_id == "VMSS-FLEX-020"]


def test_arm_max_value_is_explored(tmp_path: Path, registry) -> None:
    template = tmp_path / "main.json"
    template.write_text(ARM)
    [finding] = _capacity_findings(template, registry)
    assert finding.severity.value == "warning"
    assert "when instanceCount = 2000" in finding.message
    assert finding.location.line == 13


def test_bicep_max_value_is_explored(tmp_path: Path, registry) -> None:
    template = tmp_path / "main.bicep"
    template.write_text(BICEP)
    [finding] = _capacity_findings(template, registry)
    assert "when instanceCount = 2000" in finding.message
    assert finding.location.line == 10


def test_a_given_value_within_bounds_is_not_second_guessed_in_bicep(tmp_path: Path, registry) -> None:
    template = tmp_path / "main.bicep"
    template.write_text(BICEP)
    (tmp_path / "main.bicepparam").write_text("using 'main.bicep'\nparam instanceCount = 10\n")
    assert _capacity_findings(template, registry) == []
