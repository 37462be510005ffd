"""Minimal edits of Bicep text: a property's line is removed, a literal replaced, a property line added."""

from __future__ import annotations

import re
from typing import Any

from ..bicep import syntax as s
from ..bicep.build import build_program
from .text import Span, Text
from .types import FOLLOW, FixPlan

_TYPE_STRING = re.compile(r"'([^'@]*)@([^']*)'")


class BicepDocument:
    """One parsed Bicep file: properties by key offset, resource declarations by keyword offset."""

    def __init__(self, text: Text) -> None:
        self.text = text
        program = build_program(text.text)
        self.properties: dict[int, tuple[s.Property, s.ObjectLiteral]] = {}
        self.resources: dict[int, s.ResourceDecl] = {}
        self.declarations: dict[int, s.ParameterDecl | s.VariableDecl] = {}
        self.literals: dict[int, s.Literal] = {}  # declared values and property values by offset (provenance may point at them)
        pending: list[Any] = list(program.statements)
        while pending:
            node = pending.pop()
            if isinstance(node, (list, tuple)):
                pending.extend(node)
                continue
            if not isinstance(node, s.Node):
                continue
            if isinstance(node, (s.ParameterDecl, s.VariableDecl)):
                self.declarations[node.name_start] = node
                value = node.default if isinstance(node, s.ParameterDecl) else node.value
                if isinstance(value, s.Literal):
                    self.literals[value.start] = value
            if isinstance(node, s.ResourceDecl):
                self.resources[node.keyword_start] = node
            if isinstance(node, s.ObjectLiteral):
                for item in node.items:
                    if isinstance(item, s.Property):
                        self.properties[item.key_start] = (item, node)
                        if isinstance(item.value, s.Literal):
                            self.literals[item.value.start] = item.value
            pending.extend(value for value in vars(node).values() if isinstance(value, (s.Node, list, tuple)))

    def spans(self, plan: FixPlan) -> list[Span] | None:
        if plan.path == ("apiVersion",):
            return self._api_version(plan) if plan.action == "set" else None
        if plan.action == "remove":
            found = self._property(plan.key, plan.path[-1])
            if found is None or not isinstance(found[0].value, (s.Literal, s.ObjectLiteral, s.ArrayLiteral)):
                return None
            return self._remove(found[0])
        if plan.key is not None:
            found = self._property(plan.key, plan.path[-1])
            if found is not None and isinstance(found[0].value, s.Variable):
                return FOLLOW  # type: ignore[return-value]
            if found is None or not isinstance(found[0].value, s.Literal):
                return None
            value = found[0].value
            return [Span(value.start, value.end, render(plan.value, ""))]
        container = self._container(plan)
        if container is None or not isinstance(plan.path[-1], str):
            return None
        return self._insert(container, plan.path[-1], plan.value)

    def set_source(self, location: Any, value: Any) -> list[Span] | None:
        """Replace the literal that a parameter default, a .bicepparam, a variable or a module's params
        give (their name, or the literal itself, at `location`) with `value`."""
        offset = self.text.location_offset(location)
        declaration = self.declarations.get(offset)
        if declaration is not None:
            node = declaration.default if isinstance(declaration, s.ParameterDecl) else declaration.value
        else:
            found = self.properties.get(offset)
            node = found[0].value if found is not None else self.literals.get(offset)
        if not isinstance(node, s.Literal):
            return None
        return [Span(node.start, node.end, render(value, ""))]

    def _property(self, location: Any, key: Any) -> tuple[s.Property, s.ObjectLiteral] | None:
        if location is None or not isinstance(key, str):
            return None
        found = self.properties.get(self.text.location_offset(location))
        if found is None or not isinstance(found[0].key, str) or found[0].key.casefold() != key.casefold():
            return None
        return found

    def _container(self, plan: FixPlan) -> s.ObjectLiteral | None:
        if len(plan.path) == 1:
            declaration = self.resources.get(self.text.location_offset(plan.declared))
            body = declaration.body if declaration is not None else None
            return body if isinstance(body, s.ObjectLiteral) else None
        parent = self._property(plan.parent, plan.path[-2])
        if parent is None or not isinstance(parent[0].value, s.ObjectLiteral):
            return None
        return parent[0].value

    def _remove(self, item: s.Property) -> list[Span] | None:
        text = self.text
        if not text.alone_before(item.key_start) or not text.rest_is_blank(item.end):
            return None  # a one-line object: leave it to the user
        return [Span(text.line_start(item.key_start), text.line_end(item.end), "")]

    def _insert(self, owner: s.ObjectLiteral, key: str, value: Any) -> list[Span] | None:
        text = self.text
        properties = [item for item in owner.items if isinstance(item, (s.Property, s.Spread, s.ChildResource))]
        if properties:
            last = properties[-1]
            if not text.alone_before(last.start) or not text.rest_is_blank(last.end):
                return None
            indent = text.indent_at(last.start)
            at = text.line_end(last.end)
        else:
            closing = owner.end - 1
            if not text.alone_before(closing):
                return None
            indent = text.indent_at(closing) + "  "
            at = text.line_start(closing)
        name = key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else render(key, "")
        ending = "" if text.text[at - 1:at] == "\n" else text.newline
        rendered = render(value, indent).replace("\n", text.newline)  # a CRLF file stays CRLF
        return [Span(at, at, f"{ending}{indent}{name}: {rendered}{text.newline}")]

    def _api_version(self, plan: FixPlan) -> list[Span] | None:
        declaration = self.resources.get(self.text.location_offset(plan.declared))
        if declaration is None or not isinstance(plan.value, str):
            return None
        match = _TYPE_STRING.search(self.text.text, declaration.name_start + len(declaration.name))
        if match is None or (declaration.body is not None and match.start() > declaration.body.start):
            return None
        return [Span(match.start(2), match.end(2), plan.value)]


def render(value: Any, indent: str) -> str:
    """A Bicep literal for a JSON-like value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("${", "\\${") + "'"
    if isinstance(value, dict):
        inner = indent + "  "
        lines = [f"{inner}{key}: {render(item, inner)}" for key, item in value.items()]
        return "{\n" + "\n".join(lines) + f"\n{indent}}}"
    if isinstance(value, list):
        return "[\n" + "\n".join(f"{indent}  {render(item, indent + '  ')}" for item in value) + f"\n{indent}]"
    raise TypeError(f"cannot write {value!r} in Bicep")
