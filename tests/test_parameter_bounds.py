"""Parameter values outside minValue/maxValue/minLength/maxLength are reported where the value is written."""

from __future__ import annotations

from pathlib import Path

from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.parameter_bounds import bound_violation

ARM = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "instanceCount": { "type": "int", "defaultValue": 1500, "minValue": 1, "maxValue": 1000 },
    "prefix": { "type": "string", "defaultValue": "web", "minLength": 3 }
  },
  "resources": []
}
"""

BICEP = """@minValue(1)
@maxValue(1000)
param instanceCount int = 1500

@minLength(3)
param prefix string = 'web'
"""


def _bounds(path: Path, registry) -> list:
    return [f for f in lint([path], Config(), registry).active_findings if f.rule_id == "LINT-011"]


def test_arm_default_above_max_value(tmp_path: Path, registry) -> None:
    (tmp_path / "main.json").write_text(ARM)
    [finding] = _bounds(tmp_path / "main.json", registry)
    assert finding.location.line == 5 and "1500 is above maxValue 1000" in finding.message


def test_arm_parameter_file_value_is_located_in_the_parameter_file(tmp_path: Path, registry) -> None:
    (tmp_path / "main.json").write_text(ARM.replace('"defaultValue": 1500', '"defaultValue": 10'))
    (tmp_path / "main.parameters.json").write_text(
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n'
        ' "parameters": {"prefix": {"value": "ab"}}}'
    )
    [finding] = _bounds(tmp_path / "main.json", registry)
    assert finding.location.path.endswith("main.parameters.json") and "shorter than minLength 3" in finding.message


def test_bicep_default_above_max_value(tmp_path: Path, registry) -> None:
    (tmp_path / "main.bicep").write_text(BICEP)
    [finding] = _bounds(tmp_path / "main.bicep", registry)
    assert finding.location.line == 3 and "1500 is above maxValue 1000" in finding.message


def test_values_within_bounds_and_unknown_values_are_quiet() -> None:
    assert bound_violation(5, {"minValue": 1, "maxValue": 10}) is None
    assert bound_violation("abc", {"minLength": 3}) is None
    assert bound_violation(True, {"maxValue": 0}) is None
    from vmss_lint.values import Unknown

    assert bound_violation(Unknown("x"), {"maxValue": 0}) is None
    assert bound_violation(5, {"maxValue": Unknown("x")}) is None
