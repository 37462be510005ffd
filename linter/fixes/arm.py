"""Minimal edits of ARM JSON text: comments, key order, indentation and line endings stay as written."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from ..arm.reader import JsonArray, JsonMember, JsonNode, JsonObject, JsonScalar, parse_json
from .text import Span, Text
from .types import FOLLOW, FixPlan


class ArmDocument:
    """One parsed JSON file; nodes are found by offset, descending from the root (no index of every node:
    a 10,000-resource template would hold one of 430,000 entries for the few a fix touches)."""

    def __init__(self, text: Text, root: JsonNode | None = None) -> None:
        self.text = text
        self.root: JsonNode = root if root is not None else parse_json(text.text).root  # the tree the evaluation read, when given

    def _at(self, offset: int) -> tuple[JsonNode | JsonMember, JsonObject | None] | None:
        """The object, array or scalar that starts at `offset`, or the member whose key does (with its object)."""
        node = self.root
        while True:
            if node.start == offset:
                return node, None
            if isinstance(node, JsonObject):
                index = bisect_right(node.members, offset, key=_key_start) - 1
                if index < 0:
                    return None
                member = node.members[index]
                if member.key_start == offset:
                    return member, node
                child: JsonNode = member.value
            elif isinstance(node, JsonArray):
                index = bisect_right(node.items, offset, key=_start) - 1
                if index < 0:
                    return None
                child = node.items[index]
            else:
                return None
            if not child.start <= offset < child.end:
                return None
            node = child

    def _object_at(self, offset: int) -> JsonObject | None:
        found = self._at(offset)
        return found[0] if found is not None and isinstance(found[0], JsonObject) else None

    def _member_at(self, offset: int) -> tuple[JsonMember, JsonObject] | None:
        found = self._at(offset)
        return (found[0], found[1]) if found is not None and isinstance(found[0], JsonMember) and found[1] is not None else None

    def spans(self, plan: FixPlan) -> list[Span] | None:
        """The edits that carry out `plan`, or None when the text is not what the plan expects."""
        if plan.action == "remove":
            found = self._member(plan.key, plan.path[-1])
            if found is None or _is_expression(found[0].value):
                return None
            return self._remove(*found)
        if plan.key is not None:
            found = self._member(plan.key, plan.path[-1])
            if found is not None and _is_reference(found[0].value):
                return FOLLOW  # type: ignore[return-value]
            if found is None or not isinstance(found[0].value, JsonScalar) or _is_expression(found[0].value):
                return None
            value = found[0].value
            return [Span(value.start, value.end, _render(plan.value))]
        container = self._container(plan)
        if container is None or not isinstance(plan.path[-1], str):
            return None
        return self._insert(container, plan.path[-1], plan.value)

    def set_source(self, location: Any, value: Any) -> list[Span] | None:
        """Replace the literal a parameter file, a default or a variable gives (at `location`) with `value`."""
        offset = self.text.location_offset(location)
        found = self._at(offset)
        node = found[0] if found is not None else None
        if isinstance(node, JsonMember):  # a parameter file entry named by its key: `{"value": ...}`
            entry = node.value
            node = entry.get("value") if isinstance(entry, JsonObject) else None
        if not isinstance(node, JsonScalar) or _is_expression(node):
            return None
        return [Span(node.start, node.end, _render(value))]

    def _member(self, location: Any, key: Any) -> tuple[JsonMember, JsonObject] | None:
        if location is None or not isinstance(key, str):
            return None
        found = self._member_at(self.text.location_offset(location))
        if found is None or found[0].key.casefold() != key.casefold():
            return None
        return found

    def _container(self, plan: FixPlan) -> JsonObject | None:
        if len(plan.path) == 1:
            return self._object_at(self.text.location_offset(plan.declared))
        parent = self._member(plan.parent, plan.path[-2])
        if parent is None or not isinstance(parent[0].value, JsonObject):
            return None
        return parent[0].value

    def _remove(self, member: JsonMember, owner: JsonObject) -> list[Span]:
        text = self.text
        index = next(position for position, candidate in enumerate(owner.members) if candidate is member)
        end = member.value.end
        if len(owner.members) == 1:
            return [Span(owner.start + 1, owner.end - 1, "")]
        if index < len(owner.members) - 1:
            comma = _next_comma(text.text, end)
            if comma is None:
                return []
            after = comma + 1
            if text.alone_before(member.key_start) and text.rest_is_blank(after):
                return [Span(text.line_start(member.key_start), text.line_end(after), "")]
            following = owner.members[index + 1].key_start
            return [Span(member.key_start, following, "")]
        previous = owner.members[index - 1]
        comma = _next_comma(text.text, previous.value.end)
        if comma is None:
            return []
        if text.alone_before(member.key_start) and text.rest_is_blank(end):
            return [Span(comma, comma + 1, ""), Span(text.line_start(member.key_start), text.line_end(end), "")]
        return [Span(comma, comma + 1, ""), Span(member.key_start, end, "")]

    def _insert(self, owner: JsonObject, key: str, value: Any) -> list[Span]:
        text = self.text
        member = f"{json.dumps(key)}: {_render(value)}"
        if not owner.members:
            indent = text.indent_at(owner.start)
            inner = f"{text.newline}{indent}  {member}{text.newline}{indent}"
            return [Span(owner.start + 1, owner.end - 1, inner)]
        last = owner.members[-1]
        indent = text.indent_at(last.key_start) if text.alone_before(last.key_start) else ""
        end = last.value.end
        if indent and text.rest_is_blank(end):
            line_end = text.line_end(end)
            ending = "" if text.text[line_end - 1:line_end] == "\n" else text.newline
            return [Span(end, end, ","), Span(line_end, line_end, f"{ending}{indent}{member}{text.newline}")]
        return [Span(end, end, f", {member}")]


_REFERENCE = re.compile(r"^\[\s*(?:parameters|variables)\(\s*'[^']*'\s*\)\s*\]$", re.I)


def _is_reference(node: JsonNode) -> bool:
    """`[parameters('x')]` or `[variables('x')]`: the value passes through unchanged."""
    return isinstance(node, JsonScalar) and isinstance(node.value, str) and _REFERENCE.match(node.value.strip()) is not None


def _is_expression(node: JsonNode) -> bool:
    """A string template expression at the top of the value (`[...]`, not the `[[` escape)."""
    if not isinstance(node, JsonScalar) or not isinstance(node.value, str):
        return False
    value = node.value.strip()
    return value.startswith("[") and not value.startswith("[[") and value.endswith("]")


def _next_comma(text: str, offset: int) -> int | None:
    """The comma that follows a value, across whitespace and comments."""
    position = offset
    while position < len(text):
        char = text[position]
        if char == ",":
            return position
        if text.startswith("//", position):
            position = text.find("\n", position)
            if position == -1:
                return None
        elif text.startswith("/*", position):
            close = text.find("*/", position + 2)
            if close == -1:
                return None
            position = close + 2
        elif char.isspace():
            position += 1
        else:
            return None
    return None


def _render(value: Any) -> str:
    return json.dumps(value)


def _key_start(member: JsonMember) -> int:
    return member.key_start


def _start(node: JsonNode) -> int:
    return node.start
