"""Minimal edits of ARM JSON text: comments, key order, indentation and line endings stay as written."""

from __future__ import annotations

import json
import re
from typing import Any

from ..arm.reader import JsonMember, JsonNode, JsonObject, JsonScalar, ParsedJson, parse_json
from .text import Span, Text
from .types import FOLLOW, FixPlan


class ArmDocument:
    """One parsed JSON file and its members by key offset."""

    def __init__(self, text: Text) -> None:
        self.text = text
        parsed: ParsedJson = parse_json(text.text)
        self.members: dict[int, tuple[JsonMember, JsonObject]] = {}
        self.objects: dict[int, JsonObject] = {}
        self.scalars: dict[int, JsonScalar] = {}
        pending: list[JsonNode] = [parsed.root]
        while pending:
            node = pending.pop()
            if isinstance(node, JsonObject):
                self.objects[node.start] = node
                for member in node.members:
                    self.members[member.key_start] = (member, node)
                    pending.append(member.value)
            elif isinstance(node, JsonScalar):
                self.scalars[node.start] = node
            elif hasattr(node, "items"):
                pending.extend(node.items)

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
        node: JsonNode | None = self.scalars.get(offset)
        member = self.members.get(offset)
        if member is not None:  # a parameter file entry named by its key: `{"value": ...}`
            entry = member[0].value
            node = entry.get("value") if isinstance(entry, JsonObject) else None
        if not isinstance(node, JsonScalar) or _is_expression(node):
            return None
        return [Span(node.start, node.end, _render(value))]

    def _member(self, location: Any, key: Any) -> tuple[JsonMember, JsonObject] | None:
        if location is None or not isinstance(key, str):
            return None
        found = self.members.get(self.text.location_offset(location))
        if found is None or found[0].key.casefold() != key.casefold():
            return None
        return found

    def _container(self, plan: FixPlan) -> JsonObject | None:
        if len(plan.path) == 1:
            return self.objects.get(self.text.location_offset(plan.declared))
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
