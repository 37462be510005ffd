"""A rule's fix shown on its failing fixture: the text before and after `--fix` (for the rule's docs page)."""

from __future__ import annotations

from pathlib import Path

from ..registry import Registry
from .apply import wanted
from .text import Span, Text, apply_spans


def fixed_fixture(rule_id: str, fixture: Path, registry: Registry) -> tuple[str, str] | None:
    """(the fixture's text, the text after every fix of `rule_id` on it, unsafe ones included), or None."""
    from ..config import Config
    from ..engine import lint

    report = lint([fixture], Config(select=(rule_id,), jobs=1, explore_allowed_values=False), registry)
    fixes = wanted((finding for finding in report.findings if finding.rule_id == rule_id), unsafe=True)
    if not fixes:
        return None
    original = fixture.read_text(encoding="utf-8")
    text = Text(str(fixture), original)
    spans = [
        Span(text.location_offset(edit.span), text.offset(edit.span.end_line, edit.span.end_column), edit.new_text)
        for fix in fixes for edit in fix.edits
    ]
    return original, apply_spans(original, spans)
