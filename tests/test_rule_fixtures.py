"""One parametrised test over fixtures/rules/<RULE-ID>/{bad,good}.{json,bicep}.

A bad fixture must raise its rule at every line marked `// <- RULE-ID`; a good fixture must not raise it.
Change-aware rules keep the earlier version of each fixture in `previous/<same name>`: it is passed as
the previous version (like `--previous`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES
from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.history import from_path

MARKER = re.compile(r"//\s*<-\s*([A-Z0-9-]+(?:\s*,\s*[A-Z0-9-]+)*)")
RULE_DIRS = sorted(path for path in (FIXTURES / "rules").iterdir() if path.is_dir())


def expected_lines(path: Path) -> dict[int, set[str]]:
    marks: dict[int, set[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            marks[number] = {part.strip() for part in match.group(1).split(",")}
    return marks


def fixture_cases():
    for directory in RULE_DIRS:
        for file in sorted(directory.iterdir()):
            if file.suffix in (".json", ".bicep") and file.stem.split(".")[0] in ("bad", "good") and ".parameters" not in file.name:
                yield pytest.param(directory.name, file, id=f"{directory.name}/{file.name}")


def _config(directory: Path) -> Config:
    config = Config()
    profile_file = directory / "profile"
    if profile_file.exists():
        config.profile = profile_file.read_text().strip()
    return config


@pytest.mark.parametrize("rule_id,path", list(fixture_cases()))
def test_fixture(rule_id: str, path: Path, registry) -> None:
    previous = path.parent / "previous" / path.name
    if previous.exists():
        with from_path(previous, [path]) as history:
            report = lint([path], _config(path.parent), registry, history=history)
    else:
        report = lint([path], _config(path.parent), registry)
    hits = [finding for finding in report.active_findings if finding.rule_id == rule_id]
    if path.stem.startswith("bad"):
        assert hits, f"{rule_id} did not fire on {path.name}: {[(f.rule_id, f.message) for f in report.active_findings]}"
        marks = {line: ids for line, ids in expected_lines(path).items() if rule_id in ids}
        assert marks, f"{path} marks no line with // <- {rule_id}"
        # A finding inside a module lands in the module file; its call site is a related location.
        found_lines = {finding.location.line for finding in hits if Path(finding.location.path).name == path.name}
        found_lines |= {
            related.location.line
            for finding in hits
            for related in finding.related
            if Path(related.location.path).name == path.name
        }
        assert set(marks) <= found_lines, f"expected {rule_id} on lines {sorted(marks)}, got {sorted(found_lines)}"
    else:
        assert not hits, f"{rule_id} fired on the good fixture {path.name}: {[(f.location.line, f.message) for f in hits]}"


def test_every_rule_has_fixtures_in_both_formats(registry) -> None:
    missing = []
    for item in registry:
        directory = FIXTURES / "rules" / item.id
        for name in ("bad.json", "good.json", "bad.bicep", "good.bicep"):
            if not (directory / name).exists():
                missing.append(f"{item.id}/{name}")
    assert not missing, f"rules without fixtures: {missing}"
