"""`--select`/`--ignore` (and the configuration's `select:`/`ignore:`) must name rules that exist.

A typo such as `--select NOPE-999` would otherwise select nothing and turn CI green; an unknown selector is
a usage error (exit 2) that lists the nearest rule ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from .config import _matches


def unknown_selectors(selectors: Sequence[str], rule_ids: Iterable[str]) -> list[str]:
    """One message per selector that matches no rule id (as an id, a prefix or a family such as `FLEX`)."""
    ids = sorted(set(rule_ids))
    problems = []
    for selector in selectors:
        if any(_matches(rule_id, selector) for rule_id in ids):
            continue
        nearest = difflib.get_close_matches(selector.strip().upper(), ids, n=3, cutoff=0.5)
        hint = f"; nearest: {', '.join(nearest)}" if nearest else "; `vmss-lint rules` lists the rule ids"
        problems.append(f"{selector!r} matches no rule{hint}")
    return problems


def all_rule_ids(registry: Iterable[object]) -> list[str]:
    """The ids a selector may name: every installed rule and every LINT- diagnostic."""
    from . import diagnostics

    return [item.id for item in registry] + list(diagnostics.CODES)  # type: ignore[attr-defined]
