"""Offsets, lines and indentation of a text being edited; edits as (start, end, new text) offsets."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..source import Location
from .types import TextEdit


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    new_text: str


class Text:
    """A file's text with the conversions an edit needs (1-based line/column <-> offset)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        starts = [0]
        index = text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self._starts = starts

    def offset(self, line: int, column: int) -> int:
        line = max(1, min(line, len(self._starts)))
        return min(self._starts[line - 1] + column - 1, len(self.text))

    def location_offset(self, location: Location) -> int:
        return self.offset(location.line, location.column)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, offset: int) -> int:
        return self._starts[bisect.bisect_right(self._starts, offset) - 1]

    def line_end(self, offset: int) -> int:
        """The offset just after the line break of `offset`'s line (the end of the text on the last line)."""
        end = self.text.find("\n", offset)
        return len(self.text) if end == -1 else end + 1

    def indent_at(self, offset: int) -> str:
        start = self.line_start(offset)
        prefix = self.text[start:offset]
        return prefix[: len(prefix) - len(prefix.lstrip(" \t"))]

    def alone_before(self, offset: int) -> bool:
        """Only whitespace between the start of the line and `offset`."""
        return not self.text[self.line_start(offset):offset].strip()

    def rest_is_blank(self, offset: int, comment: str = "//") -> bool:
        """Only whitespace (or a line comment) between `offset` and the end of its line."""
        rest = self.text[offset:self.line_end(offset)].strip()
        return not rest or rest.startswith(comment)

    def edit(self, span: Span) -> TextEdit:
        line, column = self.position(span.start)
        end_line, end_column = self.position(span.end)
        return TextEdit(Location(self.path, line, column, end_line, end_column), span.new_text)


def apply_spans(text: str, spans: list[Span]) -> str:
    """Apply non-overlapping spans (identical ones once); an overlapping one is dropped."""
    result: list[str] = []
    position = 0
    for span in sorted(set(spans)):
        if span.start < position:
            continue
        result.append(text[position:span.start])
        result.append(span.new_text)
        position = span.end
    result.append(text[position:])
    return "".join(result)
