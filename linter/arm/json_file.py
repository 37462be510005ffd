"""Read one JSON file (a template, a linked template, a parameter file) and parse it with positions;
what went wrong becomes a diagnostic at its place (LINT-001 syntax, LINT-002 duplicate keys, LINT-003
unreadable)."""

from __future__ import annotations

from typing import Any

from .. import diagnostics
from ..contracts import Settings
from ..model import Diagnostic
from ..source import DecodeError, FileTooLarge, Location, SourceFile
from .reader import JsonSyntaxError, ParsedJson, parse_json


def read_source(path: Any, display: str, settings: Settings, content: bytes | None = None) -> tuple[SourceFile | None, Diagnostic | None]:
    """Read and decode a file (or `content`, read from standard input), or say why not (at line 1, or where
    decoding broke)."""
    try:
        if content is not None:
            return SourceFile.from_bytes(content, display, settings.max_file_bytes), None
        return SourceFile.read(path, display, settings.max_file_bytes, root=settings.root, trusted=settings.trusted), None
    except FileTooLarge as error:
        return None, Diagnostic(diagnostics.UNREADABLE_FILE, str(error), Location(display, 1, 1, 1, 2))
    except DecodeError as error:
        return None, Diagnostic(diagnostics.UNREADABLE_FILE, f"{error} at byte offset {error.offset}", Location(display, 1, 1, 1, 2))
    except OSError as error:
        return None, Diagnostic(diagnostics.UNREADABLE_FILE, f"cannot read the file: {error.strerror or error}", Location(display, 1, 1, 1, 2))


MAX_DUPLICATE_KEYS = 100  # listed one by one; the rest in one diagnostic


def parse_source(source: SourceFile) -> tuple[ParsedJson | None, list[Diagnostic]]:
    """Parse JSON; a syntax error becomes LINT-001 at its line and column, duplicates LINT-002."""
    try:
        parsed = parse_json(source.text)
    except JsonSyntaxError as error:
        return None, [Diagnostic(diagnostics.INVALID_JSON, f"invalid JSON: {error}", source.location(error.offset))]
    problems = [
        Diagnostic(
            diagnostics.DUPLICATE_KEY,
            f"duplicate key {duplicate.key!r} (first at line {source.position(duplicate.first_start)[0]}); "
            "ARM uses the last one: remove one of them",
            source.location(duplicate.start, duplicate.end),
        )
        for duplicate in parsed.duplicates[:MAX_DUPLICATE_KEYS]
    ]
    if len(parsed.duplicates) > MAX_DUPLICATE_KEYS:
        duplicate = parsed.duplicates[MAX_DUPLICATE_KEYS]
        more = len(parsed.duplicates) - MAX_DUPLICATE_KEYS
        problems.append(Diagnostic(diagnostics.DUPLICATE_KEY, f"{more:,} more duplicate keys from here on are not listed", source.location(duplicate.start, duplicate.end)))
    return parsed, problems
