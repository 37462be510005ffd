"""Parsed files kept between the language server's requests, while they are unchanged on disk.

A document being edited is linted with its unsaved text; the files it reads (modules, a .bicepparam's
template) are parsed once and reused until their size or modification time changes.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path
from typing import Any

MAX_FILES = 512  # least recently used files beyond this are dropped


class ParsedFileStore:
    def __init__(self, limit: int = MAX_FILES) -> None:
        self._entries: OrderedDict[Path, tuple[tuple[int, int], str, Any]] = OrderedDict()
        self._limit = limit

    def get(self, path: Path, display: str) -> Any:
        """The parsed file, if it was stored under the same display path and has not changed since."""
        entry = self._entries.get(path)
        if entry is None or entry[1] != display or entry[0] != _stamp(path):
            return None
        self._entries.move_to_end(path)
        return entry[2]

    def put(self, path: Path, display: str, parsed: Any) -> None:
        stamp = _stamp(path)
        if stamp is None:
            return
        self._entries[path] = (stamp, display, parsed)
        self._entries.move_to_end(path)
        while len(self._entries) > self._limit:
            self._entries.popitem(last=False)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
