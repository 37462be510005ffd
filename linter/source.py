"""Bytes to text, and offsets to 1-based line/column positions.

Every front end starts here: a `SourceFile` knows its display path, its decoded text, and how to
turn a character offset into a `Location`.
"""

from __future__ import annotations

import bisect
import codecs
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .guarded_read import FileTooLarge, read_bytes

__all__ = ["DecodeError", "FileTooLarge", "Location", "SourceFile", "decode"]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based span in a file. `end_line`/`end_column` are inclusive of the last character + 1."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class DecodeError(Exception):
    """The bytes are not text in any encoding ARM or Bicep accept."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def decode(data: bytes) -> str:
    """Decode a template: UTF-8 (with or without BOM) or UTF-16 (BOM or NUL-pattern detected)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", len(codecs.BOM_UTF8))
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", 0)
    if len(data) >= 2 and data[0] != 0 and data[1] == 0:
        return _strict(data, "utf-16-le", 0)
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return _strict(data, "utf-16-be", 0)
    return _strict(data, "utf-8", 0)


def _strict(data: bytes, encoding: str, skipped: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"the file is not valid {encoding.upper()} (byte 0x{data[error.start]:02x})",
            skipped + error.start,
        ) from None


@dataclass
class SourceFile:
    """A decoded file and its line index. `path` is the display path used in every finding."""

    path: str
    text: str
    _line_starts: array[int] = field(init=False, repr=False)  # machine integers: a quarter of a list's memory

    def __post_init__(self) -> None:
        starts = array("q", [0])
        text = self.text
        index = text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self._line_starts = starts

    @classmethod
    def read(cls, file: Path, display_path: str, max_bytes: int, *, root: Path | str | None, trusted: Iterable[str] = ()) -> SourceFile:
        """Read and decode a regular file inside `root` (see guarded_read). Raises OSError (ReadRefused),
        DecodeError or FileTooLarge."""
        return cls(display_path, decode(read_bytes(file, root=root, max_bytes=max_bytes, trusted=trusted)))

    @classmethod
    def from_bytes(cls, data: bytes, display_path: str, max_bytes: int | None = None) -> SourceFile:
        """Decode a document that does not come from a file (standard input). Raises DecodeError or FileTooLarge."""
        if max_bytes is not None and len(data) > max_bytes:
            raise FileTooLarge(len(data), max_bytes)
        return cls(display_path, decode(data))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1

    def location(self, start: int, end: int | None = None) -> Location:
        line, column = self.position(start)
        end_line, end_column = self.position(end if end is not None and end > start else start + 1)
        return Location(self.path, line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
