"""`path:line:col: severity RULE-ID message`, one line per finding, then a summary."""

from __future__ import annotations

from ..engine import Report
from ..findings import Severity


def render(report: Report, *, verbose: bool = False, quiet: bool = False, **_: object) -> str:
    lines: list[str] = []
    if verbose:
        lines.extend(f"skipped {path}: {reason}" for path, reason in report.skipped)
        for result in report.files:
            lines.extend(f"{note.location}: note {note.rule_id} {note.message}" for note in result.notes)
    for finding in report.active_findings:
        if quiet and finding.severity.rank < report.config.fail_on.rank:
            continue
        location = finding.location
        lines.append(
            f"{location.path}:{location.line}:{location.column}: {finding.severity.value} {finding.rule_id} {finding.message}"
        )
    if not quiet:
        lines.append(summary(report))
    return "\n".join(lines) + ("\n" if lines else "")


def summary(report: Report) -> str:
    counts = report.counts()
    files = len(report.files)
    parts = [
        f"{counts[Severity.ERROR]} error{'s' if counts[Severity.ERROR] != 1 else ''}",
        f"{counts[Severity.WARNING]} warning{'s' if counts[Severity.WARNING] != 1 else ''}",
        f"{counts[Severity.NOTE]} note{'s' if counts[Severity.NOTE] != 1 else ''}",
    ]
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"
