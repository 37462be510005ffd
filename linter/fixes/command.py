"""`--fix`, `--diff` and `--unsafe-fixes` for the lint command: rounds of fixing, and what to tell the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..project import on_disk
from .apply import MAX_ROUNDS, fixed_texts, unified_diff, wanted, write_file


def fix_in_place(report: Any, relint: Callable[[], Any], unsafe: bool) -> tuple[Any, int]:
    """Apply fixes and lint again until nothing more applies; (the final report, fixes applied)."""
    total = 0
    for _ in range(MAX_ROUNDS):
        changed, count = fixed_texts(wanted(report.findings, unsafe), report.config.project_root)
        if not count:
            break
        for path, (_, new) in changed.items():
            write_file(on_disk(path, report.config.project_root), new)
        total += count
        report = relint()
    return report, total


def diff(report: Any, unsafe: bool) -> tuple[str, int]:
    """The unified diff of the fixes (one round: fixes that overlap another wait for `--fix`)."""
    changed, count = fixed_texts(wanted(report.findings, unsafe), report.config.project_root)
    return unified_diff(changed), count


def fix_summary(fixed: int, report: Any) -> str:
    remaining = len(report.active_findings)
    return f"{_count(fixed, 'finding')} fixed, {remaining} remaining"


def fixable_hint(report: Any) -> str | None:
    """'N fixable with --fix' for the text summary, or None when no finding has a fix."""
    safe = len(wanted(report.findings, unsafe=False))
    every = len(wanted(report.findings, unsafe=True))
    if not every:
        return None
    hint = f"{safe} fixable with --fix" if safe else "0 fixable with --fix"
    if every > safe:
        hint += f" ({every - safe} more with --unsafe-fixes)"
    return hint


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
