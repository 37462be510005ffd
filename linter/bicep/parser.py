"""Drive Lark's LALR parser (`grammar.parser()`) over Bicep text: significant newlines, and recovery from syntax errors.

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
from dataclasses import dataclass, field
from typing import Any

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.parsers.lalr_analysis import Shift

from .grammar import parser as bicep_parser

NEWLINE = "_NL"
# Brackets ( [ { one declaration may nest, and parse-tree levels (brackets, operators, member access
# chains). Real templates stay under 20 brackets; the tree is built and evaluated by recursion, which
# Python bounds at 1,000 frames (400 nested `!` or 200 nested objects still evaluate, 250 objects do not).
MAX_BRACKETS = 100
MAX_NESTING = 350
_OPENERS = {"LPAR": "(", "LSQB": "[", "LBRACE": "{"}
_CLOSERS = {"RPAR", "RSQB", "RBRACE"}
# After a newline, text that continues the expression before it (or closes its bracket).
_CONTINUATION = re.compile(r"\?\?|\?|:(?!:)|&&|\|\||\.(?!\.\.)|\)|\]|\}")
_BLANK = re.compile(r"(?:\s+|//[^\n]*|/\*[\s\S]*?\*/)*")
_DECLARATION = re.compile(
    r"^(?:@|(?:targetScope|metadata|param|var|output|resource|module|type|func|import|extension|using|extends|assert)\b)",
    re.M,
)


@dataclass
class SyntaxProblem:
    offset: int
    message: str


@dataclass
class ParsedPiece:
    """A parse tree for the text starting at `offset` (positions in the tree are relative to it)."""

    offset: int
    tree: Any


@dataclass
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
    interactive = bicep_parser().parse_interactive(text, start=start)
    state = interactive.parser_state
    table: dict[int, dict[str, tuple[Any, Any]]] = state.parse_conf.parse_table.states
    brackets: list[str] = []
    last: Token | None = None
    try:
        for token in interactive.lexer_thread.lex(state):
            kind = token.type
            if kind == NEWLINE:
                if _drop_newline(text, token, brackets, table, state.state_stack):
                    continue
            elif kind in _OPENERS:
                brackets.append(kind)
                if len(brackets) > MAX_BRACKETS:
                    raise BicepSyntaxError(token.start_pos or 0, f"brackets nest more than {MAX_BRACKETS} levels deep")
            elif kind in _CLOSERS and brackets:
                brackets.pop()
            state.feed_token(token)
            last = token
        if start == "start" and (last is None or last.type != NEWLINE) and _accepts(table, state.state_stack, NEWLINE):
            state.feed_token(Token.new_borrow_pos(NEWLINE, "\n", last) if last is not None else Token(NEWLINE, "\n", 0, 1, 1))
        tree = interactive.feed_eof(last)
    except UnexpectedToken as error:
        unexpected = error.token
        shown = "the end of the file" if unexpected.type == "$END" else repr(str(unexpected))
        raise BicepSyntaxError(unexpected.start_pos or 0, f"unexpected {shown}") from None
    except UnexpectedCharacters as error:
        position = error.pos_in_stream or 0
        raise BicepSyntaxError(position, f"unexpected character {text[position]!r}") from None
    too_deep = _first_too_deep(tree)
    if too_deep is not None:
        raise BicepSyntaxError(too_deep, f"the expression nests more than {MAX_NESTING} levels deep")
    return tree


def _accepts(table: dict[int, dict[str, tuple[Any, Any]]], stack: list[int], terminal: str) -> bool:
    """Whether the parser would shift `terminal` now (following reductions on a copy of the stack)."""
    states = list(stack)
    while True:
        action = table[states[-1]].get(terminal)
        if action is None:
            return False
        kind, argument = action
        if kind is Shift:
            return True
        if argument.expansion:
            del states[-len(argument.expansion):]
        goto = table[states[-1]].get(argument.origin.name)
        if goto is None:
            return False
        states.append(goto[1])


def _first_too_deep(tree: Any) -> int | None:
    """The offset of the first part of `tree` nested more than MAX_NESTING levels, else None. Measured
    without recursion: building and evaluating the tree recurse once or more per level."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Tree):
            continue
        if depth > MAX_NESTING:
            return getattr(node.meta, "start_pos", 0) or 0
        stack.extend((child, depth + 1) for child in node.children)
    return None


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


declaration_starts = _declaration_starts  # public: the language server cuts documents the same way


def _drop_newline(text: str, token: Token, brackets: list[str], table: dict[int, dict[str, tuple[Any, Any]]], stack: list[int]) -> bool:
    if brackets and brackets[-1] == "LPAR":
        return True
    end = token.end_pos or 0
    following = _BLANK.match(text, end)
    position = following.end() if following else end
    if position >= len(text) or _CONTINUATION.match(text, position):
        return position < len(text) or not _accepts(table, stack, NEWLINE)
    return not _accepts(table, stack, NEWLINE)
