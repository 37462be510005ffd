"""Apply fixes to files (`--fix`) or show them as a unified diff (`--diff`).

A fix is applied whole or not at all: fixes whose edits overlap another fix's wait for the next round,
after the files are linted again (removing two neighbouring JSON members touches one comma twice).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

from ..findings import Finding
from ..project import on_disk
from .text import Span, Text, apply_spans
from .types import Fix

MAX_ROUNDS = 10


def wanted(findings: Iterable[Finding], unsafe: bool) -> list[Fix]:
    """The fixes of active findings that the user asked for (safe ones, or every one with `unsafe`)."""
    chosen: dict[tuple[object, ...], Fix] = {}
    for finding in findings:
        fix = finding.fix
        if finding.suppressed or fix is None or not fix.edits or not (fix.safe or unsafe):
            continue
        chosen.setdefault(fix.edits, fix)  # copies of one loop body share their edits
    return list(chosen.values())


def non_overlapping(fixes: list[Fix], texts: dict[str, Text]) -> dict[str, list[tuple[Fix, list[Span]]]]:
    """Per file, the fixes that can be applied together; the rest wait for the next round."""
    taken: dict[str, list[tuple[Fix, list[Span]]]] = {}
    claimed: dict[str, list[tuple[int, int]]] = {}
    for fix in sorted(fixes, key=lambda item: item.edits):
        path = fix.edits[0].span.path
        if path not in texts or any(edit.span.path != path for edit in fix.edits):
            continue
        text = texts[path]
        spans = [Span(text.location_offset(edit.span), text.offset(edit.span.end_line, edit.span.end_column), edit.new_text) for edit in fix.edits]
        ranges = claimed.setdefault(path, [])
        if any(_overlaps(span, other) for span in spans for other in ranges):
            continue
        ranges.extend((span.start, span.end) for span in spans)
        taken.setdefault(path, []).append((fix, spans))
    return taken


def _overlaps(span: Span, other: tuple[int, int]) -> bool:
    start, end = other
    if span.start == span.end or start == end:  # an insertion conflicts only strictly inside another edit
        return start < span.start < end or span.start < start < span.end
    return span.start < end and start < span.end


def fixed_texts(fixes: list[Fix], root: str | None = None) -> tuple[dict[str, tuple[str, str]], int]:
    """(path -> (old text, new text), number of fixes applied) for one round, read from disk."""
    texts: dict[str, Text] = {}
    for fix in fixes:
        path = fix.edits[0].span.path
        if path not in texts:
            content = read_file(on_disk(path, root))
            if content is not None:
                texts[path] = Text(path, content[0])
    changed: dict[str, tuple[str, str]] = {}
    count = 0
    for path, chosen in non_overlapping(fixes, texts).items():
        old = texts[path].text
        changed[path] = (old, apply_spans(old, [span for _, spans in chosen for span in spans]))
        count += len(chosen)
    return changed, count


def read_file(path: Path) -> tuple[str, str] | None:
    """(text, encoding to write it back with), or None when it cannot be read."""
    from ..source import DecodeError, decode

    try:
        data = path.read_bytes()
        return decode(data), _encoding(data)
    except (OSError, DecodeError):
        return None


def write_file(path: Path, text: str) -> None:
    """Write `text` in the encoding (and byte-order mark) the file had."""
    found = read_file(path)
    encoding = found[1] if found is not None else "utf-8"
    path.write_bytes(text.encode(encoding))


def _encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(data) >= 2 and data[0] != 0 and data[1] == 0:
        return "utf-16-le"
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return "utf-16-be"
    return "utf-8"


def unified_diff(changed: dict[str, tuple[str, str]]) -> str:
    import difflib

    chunks: list[str] = []
    for path in sorted(changed):
        old, new = changed[path]
        chunks.extend(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), *_labels(path)))
    return "".join(chunks)


def _labels(path: str) -> tuple[str, str]:
    """git's a/ and b/ prefixes for a relative path; an absolute path is shown as it is."""
    return (path, path) if Path(path).is_absolute() else (f"a/{path}", f"b/{path}")
