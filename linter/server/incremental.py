"""Parse a Bicep document again after an edit, reusing the parse trees of the declarations that did not change.

A document is cut where top-level declarations start (as the parser does after a syntax error); each piece is
parsed alone, and a piece seen before (same text) reuses its tree, whose positions are relative to the piece.
When any piece fails to parse alone, the whole text is parsed as usual, so errors and recovery are the
parser's own. Typing in one resource of a 1,000-line file re-parses that resource only (docs/performance.md).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from ..bicep.parser import BicepSyntaxError, ParsedPiece, ParseResult, declaration_starts, parse_program, parse_text

MAX_PIECES = 4096  # least recently used declaration trees beyond this are dropped


class IncrementalParser:
    def __init__(self, limit: int = MAX_PIECES) -> None:
        self._trees: OrderedDict[str, Any] = OrderedDict()
        self._limit = limit

    def __call__(self, text: str) -> ParseResult:
        starts = declaration_starts(text)
        pieces: list[ParsedPiece] = []
        for index, begin in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(text)
            piece = text[begin:end]
            if not piece.strip():
                continue
            tree = self._trees.get(piece)
            if tree is None:
                try:
                    tree = parse_text(piece)
                except BicepSyntaxError:
                    return parse_program(text)
                self._trees[piece] = tree
                while len(self._trees) > self._limit:
                    self._trees.popitem(last=False)
            else:
                self._trees.move_to_end(piece)
            pieces.append(ParsedPiece(begin, tree))
        return ParseResult(pieces)
