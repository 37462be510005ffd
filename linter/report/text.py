"""For people: `path:line:col: severity RULE-ID message`, the source line with a caret, then a summary.

The first line of each finding keeps the one-line format scripts grep for; the source excerpt follows
(not with --quiet). Colour only when the caller asks for it (the CLI decides: a TTY, --color, NO_COLOR).
"""

from __future__ import annotations

import unicodedata

from ..engine import Report
from ..findings import Finding, Severity
from ..project import is_outside

_RESET = "\x1b[0m"
_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.NOTE: "\x1b[1;36m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
}
_WINDOW = 160  # longer lines (minified templates) are shown around the column


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: Severity | str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if self.enabled and text else text


class _Lines:
    """The source lines findings point at, as the front end read them (the reporter opens no file)."""

    def __init__(self, report: Report) -> None:
        self._lines = {key: text for result in report.files for key, text in result.excerpts.items()}

    def get(self, path: str, line: int) -> str | None:
        return self._lines.get((path, line))


def printable(text: str) -> str:
    """`text` with control characters escaped, so a file name or a line cannot start a new output line
    (GitHub reads `::error` at a line start as a workflow command) or send terminal escapes."""
    if text.isprintable():
        return text
    return "".join(_escape(char) if char != "\t" and unicodedata.category(char) in _UNSAFE else char for char in text)


_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})  # controls, bidi overrides, line separators


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def render(
    report: Report,
    *,
    verbose: bool = False,
    quiet: bool = False,
    color: bool = False,
    show_suppressed: bool = False,
    **_: object,
) -> str:
    paint = _Paint(color)
    source = _Lines(report)
    lines: list[str] = []
    if verbose:
        if report.project is not None:
            lines.append(printable(report.project.describe()))
        lines.extend(printable(f"outside the project root (shown by its absolute path): {result.path}") for result in report.files if is_outside(result.path))
        lines.extend(printable(f"skipped {path}: {reason}") for path, reason in report.skipped)
        for result in report.files:
            lines.extend(printable(f"{note.location}: note {note.rule_id} {note.message}") for note in result.notes)
    for finding in report.findings:
        if finding.suppressed and (quiet or not show_suppressed):
            continue
        if quiet and finding.severity.rank < report.config.fail_on.rank:
            continue
        lines.append(_headline(finding, paint))
        if not quiet:
            lines.extend(_excerpt(finding, source, paint))
    if not quiet:
        lines.append(summary(report, paint, verbose))
    return "\n".join(lines) + ("\n" if lines else "")


def _headline(finding: Finding, paint: _Paint) -> str:
    location = finding.location
    where = paint(f"{printable(location.path)}:{location.line}:{location.column}:", "bold")
    severity = paint(finding.severity.value, finding.severity)
    line = f"{where} {severity} {paint(finding.rule_id, 'bold')} {printable(finding.message)}"
    if finding.suppressed:
        line += paint(f" [suppressed: {printable(finding.suppressed)}]", "dim")
    return line


def _excerpt(finding: Finding, source: _Lines, paint: _Paint) -> list[str]:
    location = finding.location
    text = source.get(location.path, location.line)
    if text is None:
        return []
    start = max(0, min(location.column - 1, len(text)))
    width = location.end_column - location.column if location.end_line == location.line else len(text) - start
    if len(text) > _WINDOW:  # keep the column in view on very long lines (minified templates)
        offset = max(0, start - _WINDOW // 3)
        text, start = text[offset : offset + _WINDOW], start - offset
    width = max(1, min(width, len(text) - start))
    gutter = str(location.line)
    padding = "".join("\t" if char == "\t" else " " for char in text[:start])
    caret = "^" * width
    bar = paint("|", "dim")
    return [
        f" {paint(gutter, 'dim')} {bar} {printable(text.rstrip())}",
        f" {' ' * len(gutter)} {bar} {padding}{paint(caret, finding.severity)}",
    ]


def summary(report: Report, paint: _Paint | None = None, verbose: bool = False) -> str:
    """The closing line; with `verbose`, the evaluation notes printed above count among the notes."""
    paint = paint or _Paint(False)
    counts = report.counts()
    if verbose:
        counts[Severity.NOTE] += sum(len(result.notes) for result in report.files)
    files = len(report.files)
    parts = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.NOTE, "note")):
        count = counts[severity]
        part = f"{count} {word}{'s' if count != 1 else ''}"
        parts.append(paint(part, severity) if count else part)
    line = f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"
    unchecked = report.modules_not_checked()
    if unchecked:
        line += f", {unchecked} module{'s' if unchecked != 1 else ''} not checked"
    suppressed, baselined = report.suppressed_counts()
    held = [f"{suppressed} suppressed"] * bool(suppressed) + [f"{baselined} baselined"] * bool(baselined)
    if held:
        line += f" ({', '.join(held)})"
    return line
