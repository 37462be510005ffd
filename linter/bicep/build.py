"""Turn Lark parse trees into the positioned syntax tree (`syntax.py`), decoding strings on the way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import syntax as s
from .parser import BicepSyntaxError, ParseResult, parse_program, parse_text

STRING_TOKEN = "QUOTED_INTERPOLATION"  # pycep's terminal, with our pattern
_ESCAPES = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t", "$": "$"}


def build_program(text: str, parse: Callable[[str], ParseResult] = parse_program) -> s.Program:
    """Parse a Bicep file into statements; syntax errors become (offset, message) problems. `parse` may reuse
    the trees of declarations it has seen (the language server's incremental parser)."""
    result = parse(text)
    statements: list[s.Statement] = []
    problems = [(problem.offset, problem.message) for problem in result.problems]
    for piece in result.pieces:
        builder = _Builder(text, piece.offset, problems)
        for element in piece.tree.children:
            if element is None:
                continue
            try:
                statement = builder.element(element)
            except BicepSyntaxError as error:  # in a string hole or an escape: this declaration is skipped
                problems.append((error.offset, error.message))
                continue
            except RecursionError:
                problems.append((builder.span(element)[0], "the declaration nests too deeply"))
                continue
            if statement is not None:
                statements.append(statement)
    problems.sort()
    return s.Program(statements, problems)


def _is_token(item: Any) -> bool:
    return hasattr(item, "type") and hasattr(item, "start_pos")


class _Builder:
    def __init__(self, text: str, base: int, problems: list[tuple[int, str]]) -> None:
        self.text = text
        self.base = base
        self.problems = problems

    # ---- positions ----

    def span(self, item: Any) -> tuple[int, int]:
        if _is_token(item):
            return self.base + item.start_pos, self.base + item.end_pos
        meta = item.meta
        if getattr(meta, "empty", True):
            return self.base, self.base
        return self.base + meta.start_pos, self.base + meta.end_pos

    # ---- statements ----

    def element(self, tree: Any) -> s.Statement | None:
        children = [child for child in tree.children if child is not None]
        decorators = tuple(self.expr(child.children[0]) for child in children if getattr(child, "data", None) == "decorator")
        declaration = children[-1]
        start, end = self.span(tree)
        keyword_start = self.span(declaration)[0]
        return self.declaration(declaration, start, end, keyword_start, decorators)

    def declaration(self, tree: Any, start: int, end: int, keyword_start: int, decorators: tuple[Any, ...]) -> s.Statement | None:
        kind = str(tree.data)
        parts = tree.children
        common: dict[str, Any] = dict(start=start, end=end, keyword_start=keyword_start, decorators=decorators)
        if kind in ("param_decl", "param_value"):
            name = parts[0]
            type_node = self.type_expr(parts[1]) if kind == "param_decl" else None
            default = parts[2] if kind == "param_decl" else parts[1]
            return s.ParameterDecl(**common, name=str(name), name_start=self.span(name)[0], type=type_node,
                                   default=self.expr(default) if default is not None else None)
        if kind == "var_decl":
            return s.VariableDecl(**common, name=str(parts[0]), name_start=self.span(parts[0])[0], value=self.expr(parts[2]))
        if kind == "output_decl":
            return s.OutputDecl(**common, name=str(parts[0]), name_start=self.span(parts[0])[0],
                                type=self.type_expr(parts[1]), value=self.expr(parts[2]))
        if kind == "resource_decl":
            return self.resource(s.ResourceDecl, parts, common)
        if kind == "module_decl":
            path, path_start = self.plain_string(parts[1])
            return s.ModuleDecl(**common, name=str(parts[0]), name_start=self.span(parts[0])[0], path=path,
                                path_start=path_start, body=self.resource_body(parts[2]))
        if kind == "type_decl":
            return s.TypeDecl(**common, name=str(parts[0]), type=self.type_expr(parts[1]))
        if kind == "func_decl":
            items = [part for part in parts if part is not None]
            parameters = tuple(str(part.children[0]) for part in items[1:-2] if getattr(part, "data", None) == "func_param")
            return s.FunctionDecl(**common, name=str(items[0]), parameters=parameters, body=self.expr(items[-1]))
        if kind == "import_decl":
            clause, path_token = parts
            path = self.plain_string(path_token)[0]
            if clause.data == "import_wildcard":
                return s.ImportDecl(**common, path=path, wildcard=str(clause.children[1]))
            names = tuple(
                (str(alias.children[0]), str(alias.children[1] if alias.children[1] is not None else alias.children[0]))
                for alias in clause.children if alias is not None
            )
            return s.ImportDecl(**common, path=path, names=names)
        if kind == "target_scope":
            return s.OtherDecl(**common, kind="targetScope", value=self.expr(parts[0]))
        if kind in ("metadata_decl", "assert_decl"):
            return s.OtherDecl(**common, kind=kind.split("_")[0], name=str(parts[0]), value=self.expr(parts[1]))
        if kind in ("using_decl", "extends_decl"):
            target = self.plain_string(parts[0])[0] if parts and parts[0] is not None else None
            return s.OtherDecl(**common, kind=kind.split("_")[0], value=target)
        return s.OtherDecl(**common, kind=kind.replace("_decl", ""))

    def resource(self, cls: type, parts: list[Any], common: dict[str, Any]) -> s.ResourceDecl:
        type_string = self.plain_string(parts[1])[0]
        declared: s.ResourceDecl = cls(**common, name=str(parts[0]), name_start=self.span(parts[0])[0], type_string=type_string,
                                       existing=parts[2] is not None, body=self.resource_body(parts[3]))
        return declared

    def resource_body(self, tree: Any) -> Any:
        if tree.data == "deploy_condition":
            start, end = self.span(tree)
            return s.IfBody(start, end, self.expr(tree.children[0]), self.expr(tree.children[1]))
        return self.expr(tree)

    def plain_string(self, token: Any) -> tuple[str, int]:
        """A string that must not hold interpolation (types, paths): its value and start offset."""
        value = self.string(token)
        start = self.span(token)[0]
        if isinstance(value, s.Interpolated):
            return "".join(part if isinstance(part, str) else "${...}" for part in value.parts), start
        return value.value, start

    # ---- expressions ----

    def expr(self, item: Any) -> Any:
        if _is_token(item):
            if item.type == STRING_TOKEN:
                return self.string(item)
            start, end = self.span(item)
            return s.Variable(start, end, str(item))
        start, end = self.span(item)
        kind = str(item.data)
        parts = item.children
        method = getattr(self, f"_expr_{kind}", None)
        if method is None:
            raise BicepSyntaxError(start, f"unsupported construct {kind!r}")
        return method(start, end, parts)

    def _expr_string(self, start: int, end: int, parts: list[Any]) -> Any:
        return self.string(parts[0])

    def _expr_multiline_string(self, start: int, end: int, parts: list[Any]) -> Any:
        body = str(parts[0])[3:-3]
        if body.startswith("\r\n"):
            body = body[2:]
        elif body.startswith("\n"):
            body = body[1:]
        return s.Literal(start, end, body)

    def _expr_integer(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Literal(start, end, _integer(str(parts[0]), start))

    def _expr_true(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Literal(start, end, True)

    def _expr_false(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Literal(start, end, False)

    def _expr_null(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Literal(start, end, None)

    def _expr_variable(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Variable(start, end, str(parts[0]))

    def _expr_paren(self, start: int, end: int, parts: list[Any]) -> Any:
        return self.expr(parts[0])

    def _expr_conditional(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Conditional(start, end, *(self.expr(part) for part in parts))

    def _expr_binary(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Binary(start, end, str(parts[1]), self.expr(parts[0]), self.expr(parts[2]))

    def _expr_unary(self, start: int, end: int, parts: list[Any]) -> Any:
        operator = str(parts[0])
        if operator == "+":
            raise BicepSyntaxError(start, "unary '+' is not Bicep")
        return s.Unary(start, end, operator, self.expr(parts[1]))

    def _expr_member(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Member(start, end, self.expr(parts[0]), str(parts[1]))

    def _expr_safe_member(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Member(start, end, self.expr(parts[0]), str(parts[1]), safe=True)

    def _expr_nested_ref(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.NestedRef(start, end, self.expr(parts[0]), str(parts[1]))

    def _expr_index(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Index(start, end, self.expr(parts[0]), self.expr(parts[1]))

    def _expr_safe_index(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.Index(start, end, self.expr(parts[0]), self.expr(parts[1]), safe=True)

    def _expr_method_call(self, start: int, end: int, parts: list[Any]) -> Any:
        args = tuple(self.expr(part) for part in parts[2:] if part is not None)
        return s.MethodCall(start, end, self.expr(parts[0]), str(parts[1]), args)

    def _expr_non_null(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.NonNull(start, end, self.expr(parts[0]))

    def _expr_function(self, start: int, end: int, parts: list[Any]) -> Any:
        args = tuple(self.expr(part) for part in parts[1:] if part is not None)
        return s.Call(start, end, str(parts[0]), args)

    def _expr_lambda_expression(self, start: int, end: int, parts: list[Any]) -> Any:
        *heads, body = parts
        names: list[str] = []
        for head in heads:
            if _is_token(head):
                names.append(str(head))
            elif getattr(head, "data", None) == "paren":
                inner = head.children[0]
                if _is_token(inner) or getattr(inner, "data", None) != "variable":
                    raise BicepSyntaxError(self.span(head)[0], "a lambda parameter must be a name")
                names.append(str(inner.children[0]))
        return s.LambdaExpression(start, end, tuple(names), self.expr(body))

    def _expr_array(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.ArrayLiteral(start, end, tuple(self.item(part) for part in parts if part is not None))

    def _expr_object(self, start: int, end: int, parts: list[Any]) -> Any:
        return s.ObjectLiteral(start, end, tuple(self.item(part) for part in parts if part is not None))

    def item(self, part: Any) -> Any:
        kind = getattr(part, "data", None)
        start, end = self.span(part)
        if kind == "spread":
            return s.Spread(start, end, self.expr(part.children[0]))
        if kind == "pair":
            key_tree, value = part.children
            key_start, key_end = self.span(key_tree)
            key_token = key_tree.children[0] if key_tree.children else None
            key: Any = "resource" if key_token is None else str(key_token)
            if key_token is not None and key_token.type == STRING_TOKEN:
                decoded = self.string(key_token)
                key = decoded.value if isinstance(decoded, s.Literal) else decoded
            return s.Property(start, end, key, key_start, key_end, self.expr(value))
        if kind == "child_resource":
            children = [child for child in part.children if getattr(child, "data", None) != "decorator"]
            decorators = tuple(self.expr(child.children[0]) for child in part.children if getattr(child, "data", None) == "decorator")
            common = dict(start=start, end=end, keyword_start=start, decorators=decorators)
            return self.resource(s.ChildResource, children, common)
        return self.expr(part)

    def _expr_for_expr(self, start: int, end: int, parts: list[Any]) -> Any:
        loop_names = [str(part) for part in parts if _is_token(part)]
        source, body = [part for part in parts if not _is_token(part)]
        condition = None
        if getattr(body, "data", None) == "loop_condition":
            condition = self.expr(body.children[0])
            body = body.children[1]
        index = loop_names[1] if len(loop_names) > 1 else None
        return s.ForExpression(start, end, loop_names[0], index, self.expr(source), condition, self.expr(body))

    # ---- strings ----

    def string(self, token: Any) -> Any:
        """Decode a single-quoted string: escapes, and `${...}` holes parsed as expressions."""
        raw = str(token)
        origin = self.base + token.start_pos
        parts: list[Any] = []
        buffer: list[str] = []
        index = 1
        stop = len(raw) - 1
        while index < stop:
            char = raw[index]
            if char == "\\" and index + 1 < stop:
                following = raw[index + 1]
                if following == "u" and raw.startswith("{", index + 2):
                    close = raw.find("}", index + 3)
                    buffer.append(_code_point(raw[index + 3:close], origin + index))
                    index = close + 1
                    continue
                buffer.append(_ESCAPES.get(following, following))
                index += 2
            elif char == "$" and raw.startswith("{", index + 1):
                close = _hole_end(raw, index + 2)
                if buffer:
                    parts.append("".join(buffer))
                    buffer = []
                hole_start = origin + index + 2
                hole_text = raw[index + 2:close]
                if not hole_text.strip():
                    raise BicepSyntaxError(hole_start, "empty ${} in a string")
                try:
                    tree = parse_text(hole_text, start="expr")
                except BicepSyntaxError as error:  # at its place in the file, not in the hole
                    raise BicepSyntaxError(hole_start + error.offset, f"in ${{...}}: {error.message}") from None
                parts.append(_Builder(self.text, hole_start, self.problems).expr(tree))
                index = close + 1
            else:
                buffer.append(char)
                index += 1
        if buffer:
            parts.append("".join(buffer))
        end = origin + len(raw)
        if all(isinstance(part, str) for part in parts):
            return s.Literal(origin, end, "".join(parts))
        return s.Interpolated(origin, end, tuple(parts))

    # ---- types ----

    def type_expr(self, item: Any) -> s.TypeNode:
        start, end = self.span(item)
        if _is_token(item):
            return s.TypeNode(start, end, "ref", str(item))
        kind = str(item.data)
        parts = [part for part in item.children if part is not None]
        if kind == "type_ref":
            return s.TypeNode(start, end, "ref", str(parts[0]))
        if kind == "type_literal":
            text = self.text[start:end].strip()
            value: Any
            if text.startswith("'"):
                value = self.plain_string(parts[0])[0]
            elif text in ("true", "false"):
                value = text == "true"
            elif text == "null":
                value = None
            else:
                value = _integer(text.replace(" ", ""), start)
            return s.TypeNode(start, end, "literal", value)
        if kind in ("union_type", "array_type", "nullable_type", "tuple_type"):
            return s.TypeNode(start, end, kind.split("_")[0], None, tuple(self.type_expr(part) for part in parts))
        if kind == "tuple_item":
            return self.type_expr(parts[-1])
        if kind == "type_member":
            return s.TypeNode(start, end, "member", str(parts[1]), (self.type_expr(parts[0]),))
        if kind in ("type_index", "type_generic", "type_resource"):
            return s.TypeNode(start, end, kind.split("_")[1], self.text[start:end])
        if kind == "object_type":
            members = []
            for member in parts:
                inner = [child for child in member.children if child is not None and getattr(child, "data", None) != "decorator"]
                member_start, member_end = self.span(member)
                if member.data == "additional_properties":
                    members.append(s.TypeNode(member_start, member_end, "additional", "*", (self.type_expr(inner[-1]),)))
                else:
                    key_token = inner[0].children[0] if inner[0].children else None
                    key = "resource" if key_token is None else str(key_token)
                    if key_token is not None and key_token.type == STRING_TOKEN:
                        key = self.plain_string(key_token)[0]
                    optional = any(getattr(child, "data", None) == "optional_mark" for child in inner)
                    members.append(s.TypeNode(member_start, member_end, "optional" if optional else "property", key, (self.type_expr(inner[-1]),)))
            return s.TypeNode(start, end, "object", None, tuple(members))
        return s.TypeNode(start, end, kind)


def _hole_end(raw: str, index: int) -> int:
    """The index of the `}` that closes the `${` hole starting at `index` (strings and braces nest)."""
    depth = 0
    while index < len(raw):
        char = raw[index]
        if char == "'":
            index += 1
            while index < len(raw) and raw[index] != "'":
                if raw[index] == "\\":
                    index += 1
                elif raw[index] == "$" and raw.startswith("{", index + 1):
                    index = _hole_end(raw, index + 2)
                index += 1
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return len(raw) - 1


def _code_point(digits: str, offset: int) -> str:
    """The character of a `\\u{...}` escape; a value that is no Unicode scalar value is a syntax error."""
    try:
        value = int(digits, 16)
    except ValueError:
        raise BicepSyntaxError(offset, f"'\\u{{{digits}}}' is not a hexadecimal code point") from None
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise BicepSyntaxError(offset, f"'\\u{{{digits}}}' is not a Unicode scalar value")
    return chr(value)


def _integer(digits: str, offset: int) -> int:
    """An integer literal; Bicep integers are 64-bit (and Python refuses int() past 4,300 digits)."""
    if len(digits) > 400:
        raise BicepSyntaxError(offset, f"an integer of {len(digits):,} digits (Bicep integers are 64-bit)")
    return int(digits)
