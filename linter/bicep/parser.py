"""Drive the Lark LALR parser over Bicep text: significant newlines, and recovery from syntax errors.

Bicep separates statements, object properties and array items by newlines, but lets expressions run
over several lines inside parentheses and around the `?`/`:` of a ternary. The grammar names `_NL`
only where a newline separates; this driver feeds the parser one token at a time and drops a newline
where it cannot separate: inside parentheses, before a closing bracket or a continuation operator, or
where the parser state takes no newline.

When the file does not parse, the text is cut at top-level declarations (a line that starts with a
declaration keyword or a decorator) and each piece is parsed alone: a syntax error then costs only the
declaration that holds it.
"""

from __future__ import annotations

import re
from typing import Any

from ..records import field, record
from .grammar import parser as lark_parser

NEWLINE = "_NL"
_OPENERS = {"LPAR": "(", "LSQB": "[", "LBRACE": "{"}
_CLOSERS = {"RPAR", "RSQB", "RBRACE"}
# After a newline, text that continues the expression before it (or closes its bracket).
_CONTINUATION = re.compile(r"\?\?|\?|:(?!:)|&&|\|\||\.(?!\.\.)|\)|\]|\}")
_BLANK = re.compile(r"(?:\s+|//[^\n]*|/\*[\s\S]*?\*/)*")
_DECLARATION = re.compile(
    r"^(?:@|(?:targetScope|metadata|param|var|output|resource|module|type|func|import|extension|using|extends|assert)\b)",
    re.M,
)


@record
class SyntaxProblem:
    offset: int
    message: str


@record
class ParsedPiece:
    """A parse tree for the text starting at `offset` (positions in the tree are relative to it)."""

    offset: int
    tree: Any


@record
class ParseResult:
    pieces: list[ParsedPiece] = field(default_factory=list)
    problems: list[SyntaxProblem] = field(default_factory=list)


class BicepSyntaxError(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def parse_text(text: str, start: str = "start") -> Any:
    """Parse `text` into a Lark tree; raises BicepSyntaxError with the offset of the first error."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    lark = lark_parser()
    interactive = lark.parse_interactive(text, start=start)
    state = interactive.parser_state
    table = state.parse_conf.parse_table.states
    brackets: list[str] = []
    last = None
    try:
        for token in interactive.lexer_thread.lex(state):
            kind = token.type
            if kind == NEWLINE:
                if _drop_newline(text, token, brackets, table, state.state_stack):
                    continue
            elif kind in _OPENERS:
                brackets.append(kind)
            elif kind in _CLOSERS and brackets:
                brackets.pop()
            state.feed_token(token)
            last = token
        if start == "start" and (last is None or last.type != NEWLINE) and _accepts(table, state.state_stack, NEWLINE):
            from lark import Token

            state.feed_token(Token.new_borrow_pos(NEWLINE, "\n", last) if last is not None else Token(NEWLINE, "\n", 0, 1, 1))
        return interactive.feed_eof(last)
    except UnexpectedToken as error:
        token = error.token
        offset = token.start_pos if token.start_pos is not None else len(text)
        shown = "the end of the file" if token.type == "$END" else repr(str(token))
        raise BicepSyntaxError(offset, f"unexpected {shown}") from None
    except UnexpectedCharacters as error:
        raise BicepSyntaxError(error.pos_in_stream, f"unexpected character {text[error.pos_in_stream]!r}") from None
    except (UnexpectedEOF, UnexpectedInput) as error:
        raise BicepSyntaxError(len(text), f"unexpected end of the file ({error.__class__.__name__})") from None


def parse_program(text: str) -> ParseResult:
    """Parse a whole file; on a syntax error, parse it declaration by declaration."""
    try:
        return ParseResult([ParsedPiece(0, parse_text(text))])
    except BicepSyntaxError:
        pass
    result = ParseResult()
    starts = _declaration_starts(text)
    for index, begin in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        piece = text[begin:end]
        if not piece.strip():
            continue
        try:
            result.pieces.append(ParsedPiece(begin, parse_text(piece)))
        except BicepSyntaxError as error:
            result.problems.append(SyntaxProblem(begin + error.offset, error.message))
    return result


def _declaration_starts(text: str) -> list[int]:
    """Offsets where a top-level declaration begins; decorators stay with the declaration below them."""
    starts: list[int] = [0]
    previous_was_decorator = False
    for match in _DECLARATION.finditer(text):
        is_decorator = match.group(0) == "@"
        if match.start() != 0 and not previous_was_decorator:
            starts.append(match.start())
        previous_was_decorator = is_decorator
    return starts


def _drop_newline(text: str, token: Any, brackets: list[str], table: Any, stack: list[int]) -> bool:
    if brackets and brackets[-1] == "LPAR":
        return True
    following = _BLANK.match(text, token.end_pos)
    position = following.end() if following else token.end_pos
    if position >= len(text) or _CONTINUATION.match(text, position):
        return position < len(text) or not _accepts(table, stack, NEWLINE)
    return not _accepts(table, stack, NEWLINE)


def _accepts(table: Any, stack: list[int], terminal: str) -> bool:
    """Whether the LALR automaton would shift `terminal` now (following reductions on a copy of the stack)."""
    from lark.parsers.lalr_analysis import Shift

    states = list(stack)
    while True:
        action = table[states[-1]].get(terminal)
        if action is None:
            return False
        kind, argument = action
        if kind is Shift:
            return True
        size = len(argument.expansion)
        if size:
            del states[-size:]
        goto = table[states[-1]].get(argument.origin.name)
        if goto is None:
            return False
        states.append(goto[1])
