"""After `--fix`, linting again gives no finding for what was fixed, and the file still parses: for every
fixable rule's failing fixtures (ARM JSON and Bicep) and for copies of the shared corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, shared_or_skip
from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.fixes.command import fix_in_place
from vmss_lint.registry import load_registry

REGISTRY = load_registry(entry_points=False)
FIXABLE = sorted(item.id for item in REGISTRY if item.meta.autofix is not None)
PARSE_ERRORS = {"LINT-001", "LINT-006", "LINT-014"}


def _fixed(paths: list[Path], unsafe: bool, config: Config | None = None):
    config = config or Config(jobs=1)
    before = lint(paths, config, REGISTRY)
    after, count = fix_in_place(before, lambda: lint(paths, config, REGISTRY), unsafe)
    return before, after, count


def test_the_documented_rules_are_fixable() -> None:
    assert {"VMSS-FLEX-032", "VMSS-FLEX-039", "VMSS-UNI-041", "VMSS-GEN-002", "VMSS-FLEX-001", "VMSS-GEN-048"} <= set(FIXABLE)


@pytest.mark.parametrize("suffix", ["json", "bicep"])
@pytest.mark.parametrize("rule_id", FIXABLE)
def test_fixing_a_failing_fixture_removes_the_finding(tmp_path: Path, monkeypatch, rule_id: str, suffix: str) -> None:
    source = FIXTURES / "rules" / rule_id / f"bad.{suffix}"
    target = tmp_path / source.name
    shutil.copy(source, target)
    monkeypatch.chdir(tmp_path)
    before, after, count = _fixed([Path(target.name)], unsafe=True, config=Config(jobs=1, select=(rule_id,)))
    fixed = {finding.fingerprint for finding in before.findings if finding.fix is not None}
    assert fixed and count >= 1, f"{rule_id}: the failing fixture offers no fix"
    assert not [finding for finding in after.findings if finding.fingerprint in fixed]
    reparsed = lint([Path(target.name)], Config(jobs=1), REGISTRY)
    assert not [finding for finding in reparsed.findings if finding.rule_id in PARSE_ERRORS]
    assert target.read_text(encoding="utf-8") != source.read_text(encoding="utf-8")


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixing_copies_of_the_corpus(tmp_path: Path, monkeypatch, unsafe: bool) -> None:
    corpus = shared_or_skip("corpus")
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    monkeypatch.chdir(copy)
    before, after, count = _fixed([Path(".")], unsafe)
    assert count > 0
    fixed = {finding.fingerprint for finding in before.findings if finding.fix is not None and (finding.fix.safe or unsafe)}
    assert not [finding for finding in after.findings if finding.fingerprint in fixed]
    assert [f for f in after.findings if f.rule_id in PARSE_ERRORS] == [f for f in before.findings if f.rule_id in PARSE_ERRORS]
    if not unsafe:  # a safe fix changes no deployment: nothing new may appear
        old = {finding.fingerprint for finding in before.findings}
        assert not [(f.rule_id, f.location.path) for f in after.findings if f.fingerprint not in old]
