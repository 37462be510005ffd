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


def test_corpus_partial_fingerprints_are_distinct_within_each_file(registry) -> None:
    """GitHub merges results that share a partialFingerprint: two findings must never share one. Resources
    whose names are unknown before deployment (4 pairs in the corpus) are told apart by their position."""
    import json

    from vmss_lint.report.sarif import FINGERPRINT_KEY, render

    corpus = shared_or_skip("corpus")
    config = Config()
    config.jobs = 2
    log = json.loads(render(lint([corpus], config, registry)))
    seen: dict[tuple[str, str], str] = {}
    duplicates = []
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        key = (location["artifactLocation"]["uri"], result["partialFingerprints"][FINGERPRINT_KEY])
        where = f"{key[0]}:{location['region']['startLine']} {result['ruleId']}"
        if key in seen:
            duplicates.append(f"{seen[key]} and {where}")
        seen[key] = where
    assert len(seen) > 100
    assert not duplicates, "\n".join(duplicates)
