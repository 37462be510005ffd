"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`.

Each finding becomes an annotation shown inline on the pull request, without code scanning. Escaping is
GitHub's: in the message `%`, CR and LF are percent-encoded; in a property value also `:` and `,`.
GitHub accepts columns only when an annotation starts and ends on one line, so multi-line spans drop them.
"""

from __future__ import annotations

from ..engine import Report
from ..findings import Finding, Severity
from .text import summary

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    location = finding.location
    properties = [("file", location.path), ("line", str(location.line))]
    if location.end_line == location.line:
        properties += [("col", str(location.column)), ("endLine", str(location.end_line)), ("endColumn", str(location.end_column))]
    else:
        properties += [("endLine", str(location.end_line))]
    properties.append(("title", finding.rule_id))
    rendered = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{_COMMANDS[finding.severity]} {rendered}::{escape_data(finding.message)}"


def render(report: Report, *, quiet: bool = False, **_: object) -> str:
    lines = []
    for finding in report.active_findings:
        if quiet and finding.severity.rank < report.config.fail_on.rank:
            continue
        lines.append(annotation(finding))
    if not quiet:
        lines.append(summary(report))
    return "\n".join(lines) + ("\n" if lines else "")
