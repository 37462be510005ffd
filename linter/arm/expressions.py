"""Parse ARM template expressions: `"[concat(parameters('a'), '-', variables('b')[0].name)]"`.

A JSON string is an expression when it starts with `[` and ends with `]`; `[[` escapes a literal `[`.
Inside: string literals in single quotes (`''` escapes a quote), integers, function calls with
case-insensitive (optionally `namespace.`-qualified) names, `.property` and `[index]` access. Every node
keeps its offsets within the expression text (after the opening `[`) for diagnostics. Parsed expressions
are cached per text, so a template that repeats an expression parses it once.
"""

from __future__ import annotations

from dataclasses import dataclass

from functools import lru_cache
from typing import Any, Union


class ExpressionSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} (at character {offset + 1} of the expression)")
        self.offset = offset


@dataclass(frozen=True)
class Literal:
    value: Any
    start: int
    end: int


@dataclass(frozen=True)
class Call:
    name: str  # as written; compare case-insensitively
    args: tuple[Node, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Member:
    target: Node
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Index:
    target: Node
    index: Node
    start: int
    end: int


Node = Union[Literal, Call, Member, Index]


@dataclass(frozen=True)
class Parsed:
    """A template string: either a literal (`[[` unescaped, or no brackets) or an expression."""

    literal: str | None
    expression: Node | None
    error: ExpressionSyntaxError | None = None


def is_expression(text: str) -> bool:
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]" and not text.startswith("[[")


@lru_cache(maxsize=8192)
def parse_template_string(text: str) -> Parsed:
    """Classify and parse one JSON string value of a template."""
    if not (text.startswith("[") and text.endswith("]")) or len(text) < 2:
        return Parsed(text, None)
    if text.startswith("[["):
        return Parsed(text[1:], None)
    try:
        return Parsed(None, parse_expression(text[1:-1]))
    except ExpressionSyntaxError as error:
        return Parsed(None, None, error)


def parse_expression(text: str) -> Node:
    parser = _Parser(text)
    parser.skip()
    node = parser.expression()
    parser.skip()
    if parser.pos != len(text):
        raise ExpressionSyntaxError(f"unexpected {text[parser.pos]!r}", parser.pos)
    return node


_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_IDENT = _IDENT_START | frozenset("0123456789")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > 200:
            raise ExpressionSyntaxError("the expression is nested too deeply", self.pos)
        node = self.primary()
        while True:
            self.skip()
            char = self.peek()
            if char == ".":
                self.pos += 1
                self.skip()
                name_start = self.pos
                name = self.identifier()
                node = Member(node, name, name_start, self.pos)
            elif char == "[":
                self.pos += 1
                self.skip()
                index = self.expression()
                self.skip()
                self.expect("]")
                node = Index(node, index, index.start, self.pos)
            else:
                self.depth -= 1
                return node

    def primary(self) -> Node:
        start = self.pos
        char = self.peek()
        if char == "'":
            return Literal(self.string(), start, self.pos)
        if char == "-" or char.isdigit():
            self.pos += 1
            while self.peek().isdigit():
                self.pos += 1
            if self.peek() == ".":
                self.pos += 1
                while self.peek().isdigit():
                    self.pos += 1
                return Literal(float(self.text[start : self.pos]), start, self.pos)
            raw = self.text[start : self.pos]
            if raw == "-":
                raise ExpressionSyntaxError("expected a number after '-'", start)
            if len(raw) > 400:  # ARM integers are 64-bit; Python refuses int() past 4,300 digits
                raise ExpressionSyntaxError(f"an integer of {len(raw):,} digits (ARM integers are 64-bit)", start)
            return Literal(int(raw), start, self.pos)
        if char in _IDENT_START:
            name = self.identifier()
            self.skip()
            # `namespace.function(...)`: a user-defined function
            if self.peek() == "." and self._dotted_call_follows():
                self.pos += 1
                self.skip()
                name = f"{name}.{self.identifier()}"
                self.skip()
            if self.peek() != "(":
                lowered = name.casefold()
                if lowered in ("true", "false", "null"):
                    return Literal({"true": True, "false": False, "null": None}[lowered], start, self.pos)
                raise ExpressionSyntaxError(f"expected '(' after the function name {name!r}", self.pos)
            self.pos += 1
            args: list[Node] = []
            self.skip()
            if self.peek() == ")":
                self.pos += 1
                return Call(name, (), start, self.pos)
            while True:
                self.skip()
                args.append(self.expression())
                self.skip()
                if self.peek() == ",":
                    self.pos += 1
                    continue
                self.expect(")")
                return Call(name, tuple(args), start, self.pos)
        if not char:
            raise ExpressionSyntaxError("unexpected end of the expression", self.pos)
        raise ExpressionSyntaxError(f"unexpected {char!r}", self.pos)

    def _dotted_call_follows(self) -> bool:
        pos = self.pos + 1
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        if pos >= len(self.text) or self.text[pos] not in _IDENT_START:
            return False
        while pos < len(self.text) and self.text[pos] in _IDENT:
            pos += 1
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        return pos < len(self.text) and self.text[pos] == "("

    def identifier(self) -> str:
        start = self.pos
        if self.peek() not in _IDENT_START or not self.peek():
            raise ExpressionSyntaxError("expected a name", self.pos)
        while self.pos < len(self.text) and self.text[self.pos] in _IDENT:
            self.pos += 1
        return self.text[start : self.pos]

    def string(self) -> str:
        start = self.pos
        self.pos += 1
        pieces = []
        while True:
            end = self.text.find("'", self.pos)
            if end == -1:
                raise ExpressionSyntaxError("unterminated string literal", start)
            pieces.append(self.text[self.pos : end])
            if self.text.startswith("''", end):
                pieces.append("'")
                self.pos = end + 2
                continue
            self.pos = end + 1
            return "".join(pieces)

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = repr(self.peek()) if self.peek() else "end of the expression"
            raise ExpressionSyntaxError(f"expected {char!r} but found {found}", self.pos)
        self.pos += 1
