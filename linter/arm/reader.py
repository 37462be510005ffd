"""A JSON reader that keeps positions, as ARM reads templates.

ARM accepts `//` and `/* */` comments and strings with raw line breaks; we accept them too. Every node
keeps its character span so that findings land on the exact property. Duplicate keys are recorded
(ARM keeps the last one). The parser is iterative, so hostile nesting cannot exhaust the Python stack;
nesting deeper than `MAX_DEPTH` is a syntax error.

There is one parser: a 118-line regex fast path beside it was removed (issue 14) once this one decoded
strings with the json module. Figures of `benchmarks/bench_json.py` (2026-12-04, 2 shared cores): parsing
the 546 JSON files of the corpus and fixtures (4.4 MB) takes 0.28 s of CPU here, 0.19 s with the fast path
(this parser took 0.70 s before); a whole corpus run costs 3-4% more CPU without it (1.51 s against 1.46 s),
about 0.03 s of wall time on 2 cores. On the idle machine the corpus run took 0.74 s with the fast path and
1.00 s with the old, slower exact parser alone: both well under the 1.5 s target.
"""

from __future__ import annotations

import json
import re
from sys import intern
from dataclasses import dataclass, field
from typing import Any, Union, cast

MAX_DEPTH = 256

_STRINGS = json.JSONDecoder(strict=False)  # raw line breaks in strings, as ARM allows them
_SPACES = re.compile(r"[ \t\r\n\ufeff]*")
_WHITESPACE = re.compile(r"(?:[ \t\r\n\ufeff]+|//[^\n]*|/\*.*?\*/)*", re.S)
_PLAIN_KEY = re.compile(r'"([^"\\]*)"[ \t\r\n\ufeff]*:')
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_STRING_BODY = re.compile(r'[^"\\]*')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(eq=False, slots=True)
class JsonNode:
    start: int
    end: int


@dataclass(eq=False, slots=True)
class JsonScalar(JsonNode):
    value: Union[str, int, float, bool, None]


@dataclass(eq=False, slots=True)
class JsonMember:
    key: str
    key_start: int
    key_end: int
    value: JsonNode


@dataclass(eq=False, slots=True)
class JsonObject(JsonNode):
    members: list[JsonMember] = field(default_factory=list)
    # case-folded key -> last member with it; built on the first lookup, after parsing is complete
    _by_key: dict[str, JsonMember] | None = field(default=None, repr=False)

    def get(self, key: str) -> JsonNode | None:
        """The value of `key` (case-insensitive, last one wins as in ARM)."""
        member = self.member(key)
        return member.value if member else None

    def member(self, key: str) -> JsonMember | None:
        by_key = self._by_key
        if by_key is None:
            by_key = self._by_key = {member.key.casefold(): member for member in self.members}
        return by_key.get(key.casefold())


@dataclass(eq=False, slots=True)
class JsonArray(JsonNode):
    items: list[JsonNode] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class JsonChoice(JsonNode):
    """`test ? then : otherwise` kept as structure (lowered Bicep), so the chosen branch keeps its positions.

    JSON never produces it; `copy.evaluate_node` evaluates `test` (an expression string) and then the
    branch it selects, or both when it is unknown (equal branches are still known)."""

    test: JsonScalar
    then: JsonNode
    otherwise: JsonNode


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    start: int
    end: int
    first_start: int


@dataclass(frozen=True)
class Comment:
    start: int
    end: int
    text: str  # without the comment markers


class JsonSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


MAX_NUMBER_DIGITS = 400  # ARM numbers are 64-bit (19 digits); Python refuses int() past 4,300 digits


def _number(raw: str, offset: int) -> int | float:
    if len(raw) > MAX_NUMBER_DIGITS:
        raise JsonSyntaxError(f"a number of {len(raw):,} characters (ARM numbers are 64-bit)", offset)
    return int(raw) if raw.lstrip("-").isdigit() else float(raw)


@dataclass
class ParsedJson:
    root: JsonNode
    duplicates: list[DuplicateKey]
    comments: list[Comment]


def parse_json(text: str) -> ParsedJson:
    """Parse `text`. Raises JsonSyntaxError with the offset where the JSON breaks."""
    return _Parser(text).parse()


def to_python(node: JsonNode) -> Any:
    """Plain Python value of a node (objects keep the last duplicate)."""
    stack: list[tuple[JsonNode, Any]] = []
    if isinstance(node, JsonScalar):
        return node.value
    result: Any = {} if isinstance(node, JsonObject) else []
    stack.append((node, result))
    while stack:
        current, target = stack.pop()
        children = (
            [(member.key, member.value) for member in current.members]
            if isinstance(current, JsonObject)
            else list(enumerate(current.items))  # type: ignore[attr-defined]
        )
        for key, child in children:
            if isinstance(child, JsonScalar):
                value: Any = child.value
            else:
                value = {} if isinstance(child, JsonObject) else []
                stack.append((child, value))
            if isinstance(target, dict):
                target[key] = value
            else:
                target.append(value)
    return result


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.duplicates: list[DuplicateKey] = []
        self.comments: dict[int, Comment] = {}

    def parse(self) -> ParsedJson:
        self._skip()
        if self.pos >= len(self.text):
            raise JsonSyntaxError("the file is empty: expected a JSON object", self.pos)
        root = self._value()
        self._skip()
        if self.pos < len(self.text):
            raise JsonSyntaxError(f"unexpected {self._describe()} after the end of the JSON value", self.pos)
        comments = [self.comments[start] for start in sorted(self.comments)]
        return ParsedJson(root, self.duplicates, comments)

    def _skip(self) -> None:
        text = self.text
        pos = _SPACES.match(text, self.pos).end()  # type: ignore[union-attr]
        if text.startswith("/", pos):
            pos = self._skip_comments(pos)
        self.pos = pos

    def _skip_comments(self, start: int) -> int:
        """Skip comments and whitespace from `start`, recording each comment once."""
        text = self.text
        end = _WHITESPACE.match(text, start).end()  # type: ignore[union-attr]
        for match in _COMMENT.finditer(text, start, end):
            if match.start() not in self.comments:
                self.comments[match.start()] = Comment(match.start(), match.end(), _comment_text(match.group()))
        if text.startswith("/*", end):
            raise JsonSyntaxError("unterminated /* comment", end)
        return end

    def _describe(self) -> str:
        if self.pos >= len(self.text):
            return "end of file"
        return repr(self.text[self.pos])

    def _value(self) -> JsonNode:
        """Parse one value iteratively; containers are filled through an explicit stack."""
        stack: list[tuple[JsonNode, dict[str, JsonMember]]] = []
        while True:
            self._skip()
            node = self._start_value(len(stack))
            if isinstance(node, (JsonObject, JsonArray)) and not self._container_is_empty(node):
                stack.append((node, {}))
                if isinstance(node, JsonObject):
                    self._read_key(node)
                continue
            # a complete value: attach it and close containers until one wants another value
            while True:
                if not stack:
                    return node
                parent, seen = stack[-1]
                self._attach(parent, node, seen)
                self._skip()
                char = self.text[self.pos] if self.pos < len(self.text) else ""
                closer = "}" if isinstance(parent, JsonObject) else "]"
                if char == ",":
                    self.pos += 1
                    self._skip()
                    trailing = self.text.startswith(closer, self.pos)  # ARM (Json.NET) accepts a trailing comma
                    if not trailing:
                        if isinstance(parent, JsonObject):
                            self._read_key(parent)
                        break
                    char = closer
                if char == closer:
                    self.pos += 1
                    parent.end = self.pos
                    stack.pop()
                    node = parent
                    continue
                expected = "',' or '}'" if closer == "}" else "',' or ']'"
                raise JsonSyntaxError(f"expected {expected} but found {self._describe()}", self.pos)

    def _container_is_empty(self, node: JsonNode) -> bool:
        self._skip()
        closer = "}" if isinstance(node, JsonObject) else "]"
        if self.text.startswith(closer, self.pos):
            self.pos += 1
            node.end = self.pos
            return True
        return False

    def _read_key(self, node: JsonObject) -> None:
        """The key and colon of the next member; whitespace before the key is already skipped."""
        key_start = self.pos
        plain = _PLAIN_KEY.match(self.text, key_start)
        if plain is not None:  # most keys: one match instead of a string, a skip and a colon
            key, key_end, self.pos = intern(plain.group(1)), plain.end(1) + 1, plain.end()  # a large template repeats its few keys thousands of times
        else:
            if not self.text.startswith('"', key_start):
                raise JsonSyntaxError(f"expected a property name in double quotes but found {self._describe()}", key_start)
            key, key_end = _read_string(self.text, key_start)
            self.pos = key_end
            self._skip()
            if not self.text.startswith(":", self.pos):
                raise JsonSyntaxError(f"expected ':' after the property name {key!r}", self.pos)
            self.pos += 1
        node.members.append(JsonMember(key, key_start, key_end, JsonScalar(key_end, key_end, None)))

    def _attach(self, parent: JsonNode, child: JsonNode, seen: dict[str, JsonMember]) -> None:
        if isinstance(parent, JsonArray):
            parent.items.append(child)
            return
        assert isinstance(parent, JsonObject)
        member = parent.members[-1]
        member.value = child
        folded = member.key.casefold()
        if folded in seen:
            first = seen[folded]
            self.duplicates.append(DuplicateKey(member.key, member.key_start, member.key_end, first.key_start))
        seen[folded] = member

    def _start_value(self, depth: int) -> JsonNode:
        text, pos = self.text, self.pos
        if pos >= len(text):
            raise JsonSyntaxError("unexpected end of file: expected a value", pos)
        char = text[pos]
        if char in "{[":
            if depth >= MAX_DEPTH:
                raise JsonSyntaxError(f"nesting deeper than {MAX_DEPTH} levels", pos)
            self.pos += 1
            return JsonObject(pos, pos) if char == "{" else JsonArray(pos, pos)
        if char == '"':
            value, self.pos = _read_string(text, pos)
            return JsonScalar(pos, self.pos, value)
        for word, literal in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, pos):
                self.pos += len(word)
                return JsonScalar(pos, self.pos, literal)
        match = _NUMBER.match(text, pos)
        if match:
            self.pos = match.end()
            raw = match.group()
            return JsonScalar(pos, self.pos, _number(raw, pos))
        raise JsonSyntaxError(f"expected a value but found {self._describe()}", pos)


def _read_string(text: str, start: int) -> tuple[str, int]:
    """The string whose opening quote is at `start`, and the offset after its closing quote.

    A well-formed string (raw line breaks allowed, as ARM allows them) is decoded by the json module;
    anything it refuses goes through `_read_string_exactly`, which names the offending escape."""
    try:
        value, end = _STRINGS.raw_decode(text, start)
    except ValueError:
        return _read_string_exactly(text, start)
    return cast(str, value), end


def _read_string_exactly(text: str, start: int) -> tuple[str, int]:
    pos = start + 1
    pieces: list[str] = []
    while True:
        match = _STRING_BODY.match(text, pos)
        pieces.append(match.group())  # type: ignore[union-attr]
        pos = match.end()  # type: ignore[union-attr]
        if pos >= len(text):
            raise JsonSyntaxError("unterminated string", start)
        if text[pos] == '"':
            return "".join(pieces), pos + 1
        escape = text[pos + 1 : pos + 2]
        if escape in _ESCAPES:
            pieces.append(_ESCAPES[escape])
            pos += 2
        elif escape == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[pos + 2 : pos + 6]):
            code = int(text[pos + 2 : pos + 6], 16)
            pos += 6
            low = text[pos + 2 : pos + 6] if text.startswith("\\u", pos) else ""
            if 0xD800 <= code < 0xDC00 and re.fullmatch(r"[dD][c-fC-F][0-9a-fA-F]{2}", low):
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00)
                pos += 6
            pieces.append(chr(code))
        else:
            raise JsonSyntaxError(f"invalid escape sequence \\{escape}", pos)


def _comment_text(raw: str) -> str:
    return raw[2:].strip() if raw.startswith("//") else raw[2:-2].strip()
