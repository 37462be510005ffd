"""Parsed files kept between the language server's requests, while they are unchanged on disk.

A document being edited is linted with its unsaved text; the Bicep files it reads (modules, a .bicepparam's
template, the .bicepparam of a template) are parsed once and reused until their size or modification time
changes. A file open in the editor is read as the editor holds it.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path
from typing import Any

from .incremental import IncrementalParser

MAX_FILES = 512  # least recently used files beyond this are dropped


class ParsedFileStore:
    def __init__(self, limit: int = MAX_FILES) -> None:
        self._entries: OrderedDict[Path, tuple[Any, str, Any]] = OrderedDict()
        self._limit = limit
        self._open: dict[Path, str] = {}  # resolved path -> the editor's unsaved text
        self._parse = IncrementalParser()

    def program(self, text: str) -> Any:
        """The Bicep program of a document's text, re-parsing only the declarations that changed."""
        from ..bicep.build import build_program

        return build_program(text, self._parse)

    def set_unsaved(self, path: Path, text: str | None) -> None:
        """Record (or with None, forget) the text an editor holds for `path`: other documents read it."""
        key = path.resolve()
        if text is None:
            self._open.pop(key, None)
        else:
            self._open[key] = text

    def unsaved(self, path: Path) -> str | None:
        return self._open.get(path)

    def get(self, path: Path, display: str) -> Any:
        """The parsed file, if it was stored under the same display path and has not changed since (on disk,
        or in the editor)."""
        entry = self._entries.get(path)
        if entry is None or entry[1] != display or entry[0] != self._stamp(path):
            return None
        self._entries.move_to_end(path)
        return entry[2]

    def put(self, path: Path, display: str, parsed: Any) -> None:
        stamp = self._stamp(path)
        if stamp is None:
            return
        self._entries[path] = (stamp, display, parsed)
        self._entries.move_to_end(path)
        while len(self._entries) > self._limit:
            self._entries.popitem(last=False)


    def _stamp(self, path: Path) -> Any:
        unsaved = self._open.get(path)
        return ("unsaved", unsaved) if unsaved is not None else _disk_stamp(path)


def _disk_stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
