"""Lint every real template of ../shared/corpus: findings and diagnostics only, never an internal error."""

from __future__ import annotations

from conftest import shared_or_skip
from vmss_lint.config import Config
from vmss_lint.diagnostics import INTERNAL_ERROR
from vmss_lint.engine import lint


def test_corpus_has_no_internal_error(registry) -> None:
    corpus = shared_or_skip("corpus/azure-quickstart-templates")
    report = lint([corpus], Config(), registry)
    assert len(report.files) > 50
    internal = [f"{finding.location}: {finding.message}" for finding in report.findings if finding.rule_id == INTERNAL_ERROR]
    assert not internal, "\n".join(internal)


def test_corpus_evaluation_statistics(capsys) -> None:
    """Every corpus template evaluates; print how many scale sets are resolved (tools/corpus_stats.py)."""
    import sys

    from conftest import REPO

    corpus = shared_or_skip("corpus")
    sys.path.insert(0, str(REPO / "tools"))
    try:
        from corpus_stats import measure
    finally:
        sys.path.pop(0)
    stats = measure(corpus)
    with capsys.disabled():
        print("\n" + "\n".join(stats.lines()))
    assert not stats.errors
    assert stats.scale_sets > 50
    assert stats.mode_known >= stats.scale_sets * 0.9
