"""The skeleton's rules fire through evaluation only: expressions, parameter files, copy loops, nested
deployments (inner and outer scope), linked templates and languageVersion 2.0; and stay silent where a
value is unknown or a resource is not deployed. Lines marked `// <- RULE-ID` are where findings land."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES
from vmss_lint.config import Config
from vmss_lint.engine import lint

EVALUATION = FIXTURES / "evaluation"
MARKER = re.compile(r"//\s*<-\s*([A-Z0-9-]+)")
RULES = ("VMSS-FLEX-032", "VMSS-GEN-003")


def marks(path: Path) -> set[tuple[int, str]]:
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            found.add((number, match.group(1)))
    return found


def findings(path: Path) -> list:
    report = lint([path], Config())
    return [finding for finding in report.active_findings if finding.rule_id in RULES]


@pytest.mark.parametrize(
    "name",
    ["expression", "parameter-file", "bare-parameters", "copy-loop", "nested-inner", "nested-outer", "language-v2", "allowed-values", "reference"],
)
def test_rule_fires_through_evaluation(name: str) -> None:
    path = EVALUATION / f"{name}.json"
    got = {(finding.location.line, finding.rule_id) for finding in findings(path)}
    assert got == marks(path)


def test_linked_template_findings_land_in_the_linked_file() -> None:
    hits = findings(EVALUATION / "linked.json")
    linked = EVALUATION / "linked" / "scale-set.json"
    assert [(Path(hit.location.path).name, hit.location.line) for hit in hits] == [(linked.name, line) for line, _ in marks(linked)]
    assert any("nested deployment 'scaleSet'" in related.message for related in hits[0].related)


def test_parameter_file_is_a_related_location() -> None:
    (hit,) = findings(EVALUATION / "parameter-file.json")
    files = {(Path(related.location.path).name, related.location.line) for related in hit.related}
    assert ("parameter-file.parameters.json", 6) in files
    assert "value from parameter 'overprovision' in parameter-file.parameters.json" in {related.message for related in hit.related}


def test_variable_is_a_related_location() -> None:
    hit = next(finding for finding in findings(EVALUATION / "expression.json") if finding.rule_id == "VMSS-GEN-003")
    assert [(related.location.line, related.message) for related in hit.related] == [(4, "value from variable 'prefix'")]


def test_nested_finding_names_its_call_site() -> None:
    (hit,) = findings(EVALUATION / "nested-inner.json")
    assert (8, "deployed by nested deployment 'scaleSet'") in {(related.location.line, related.message) for related in hit.related}


def test_copy_loop_finding_names_the_iteration() -> None:
    (hit,) = findings(EVALUATION / "copy-loop.json")
    assert "[copy 'sets' index 2]" in hit.message
    assert hit.resource_name.startswith("web-3")


def test_allowed_value_variant_is_a_warning_naming_the_value() -> None:
    (hit,) = findings(EVALUATION / "allowed-values.json")
    assert hit.severity.name == "WARNING" and "when orchestrationMode = 'Flexible'" in hit.message


@pytest.mark.parametrize(
    "name", ["good-false-condition", "good-reference-mode", "good-no-default", "good-reference-unknown", "good-reference-existing"]
)
def test_must_not_flag(name: str) -> None:
    assert findings(EVALUATION / f"{name}.json") == []


def test_missing_parameter_is_a_note_not_a_finding() -> None:
    report = lint([EVALUATION / "good-no-default.json"], Config())
    (result,) = report.files
    assert any(note.rule_id == "LINT-007" for note in result.notes)


def test_reference_finding_points_at_the_resource_read() -> None:
    hit = next(finding for finding in findings(EVALUATION / "reference.json") if finding.rule_id == "VMSS-GEN-003")
    assert (44, "value read from Microsoft.Resources/tags 'settings', declared here") in {(related.location.line, related.message) for related in hit.related}


def test_reference_cycle_is_a_limit_diagnostic() -> None:
    report = lint([EVALUATION / "good-reference-unknown.json"], Config())
    assert [(item.rule_id, item.location.line) for item in report.findings if item.rule_id.startswith("LINT")] == [("LINT-005", 76)]
