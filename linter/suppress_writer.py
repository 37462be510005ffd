"""`--add-suppressions`: write a `vmss-lint-disable-next-line` comment above each finding's line.

The comment carries a placeholder reason (`suppress.REASON_PLACEHOLDER`); until the user replaces it the
suppression counts as having none (LINT-012). Comments are `//` lines, which ARM JSON and Bicep both
accept. A line that is inside a multi-line string or comment, or that already follows a suppression
comment, is left alone (and counted as left). Files are rewritten in UTF-8 (a BOM is kept); files in
another encoding, or that cannot be written, are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import diagnostics
from .findings import Finding
from .project import on_disk
from .suppress import DIRECTIVE, REASON_PLACEHOLDER, TOKENS, language_of

# Findings about the input or the suppressions themselves: a comment would hide, not fix, them.
NOT_SUPPRESSED = frozenset(
    {diagnostics.INVALID_JSON, diagnostics.UNREADABLE_FILE, diagnostics.BICEP_SYNTAX, diagnostics.INTERNAL_ERROR,
     diagnostics.SUPPRESSION_WITHOUT_REASON, diagnostics.UNUSED_SUPPRESSION}
)
_BOM = "\ufeff"


def add_suppressions(findings: Iterable[Finding], root: str | None = None) -> tuple[dict[str, int], int]:
    """Write the comments; returns (file path -> comments written, findings left without one)."""
    by_file: dict[str, dict[int, list[str]]] = {}
    left = 0
    for finding in findings:
        if finding.suppressed or finding.rule_id in NOT_SUPPRESSED:
            continue
        rules = by_file.setdefault(finding.location.path, {}).setdefault(finding.location.line, [])
        if finding.rule_id not in rules:
            rules.append(finding.rule_id)
    written: dict[str, int] = {}
    for path, lines in sorted(by_file.items()):
        count, skipped = _write(on_disk(path, root), lines)
        left += skipped
        if count:
            written[path] = count
    return written, left


def _write(file: Path, rules_by_line: dict[int, list[str]]) -> tuple[int, int]:
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return 0, len(rules_by_line)
    bom = text.startswith(_BOM)
    body = text[len(_BOM) :] if bom else text
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = body.split(newline)
    inside = _lines_inside_tokens(body, newline, language_of(file))
    count = skipped = 0
    for line in sorted(rules_by_line, reverse=True):  # bottom-up: earlier line numbers stay valid
        if not 1 <= line <= len(lines) or line in inside or (line > 1 and DIRECTIVE in lines[line - 2]):
            skipped += 1
            continue
        target = lines[line - 1]
        indent = target[: len(target) - len(target.lstrip())]
        lines.insert(line - 1, f"{indent}// {DIRECTIVE} {', '.join(rules_by_line[line])} -- {REASON_PLACEHOLDER}")
        count += 1
    if count:
        try:
            file.write_bytes(((_BOM if bom else "") + newline.join(lines)).encode("utf-8"))
        except OSError:  # read-only: the file keeps its findings, counted as left
            return 0, len(rules_by_line)
    return count, skipped


def _lines_inside_tokens(text: str, newline: str, language: str) -> set[int]:
    """Lines that start inside a string or comment spanning several lines: a comment cannot go above them."""
    inside: set[int] = set()
    for match in TOKENS[language].finditer(text):
        token = match.group()
        if newline not in token and "\n" not in token:
            continue
        first = text.count("\n", 0, match.start()) + 1
        last = first + token.count("\n")
        inside.update(range(first + 1, last + 1))
    return inside
