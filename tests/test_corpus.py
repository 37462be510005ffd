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
