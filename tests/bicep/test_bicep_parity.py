"""Parity: a Bicep file and the ARM JSON `bicep build` makes of it give the same findings.

Each fixtures/parity/<case>/ holds main.bicep and main.json; the findings must agree on rule, resource
type, resource name and property path (only the locations differ).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from vmss_lint.config import Config
from vmss_lint.engine import lint

CASES = sorted(path for path in (FIXTURES / "parity").iterdir() if path.is_dir())


def findings(path: Path) -> set[tuple[str, str, str, str]]:
    report = lint([path], Config())
    return {
        (finding.rule_id, (finding.resource_type or "").casefold(), (finding.resource_name or "").split(" (")[0], finding.property_path or "")
        for finding in report.active_findings
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bicep_and_arm_agree(case: Path) -> None:
    bicep, arm = findings(case / "main.bicep"), findings(case / "main.json")
    assert bicep, f"{case.name}: the case should raise at least one finding"
    assert bicep == arm


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bicep_side_is_exact(case: Path) -> None:
    """The Bicep side alone, for the two rules the cases are built around (other rules may fire too)."""
    expected = {
        "literal": {("VMSS-GEN-003", "web")},
        "parameters": {("VMSS-FLEX-032", "vmss-web-flexible")},
        "loops": {("VMSS-FLEX-032", "vmss-a"), ("VMSS-GEN-003", "vmss-c")},
        "conditions": {("VMSS-FLEX-032", "current")},
        "references": {("VMSS-FLEX-032", "base-copy")},
        "modules": {("VMSS-FLEX-032", "vmss-0")},
    }[case.name]
    found = {(rule, name) for rule, _, name, _ in findings(case / "main.bicep") if rule in ("VMSS-FLEX-032", "VMSS-GEN-003")}
    assert found == expected
