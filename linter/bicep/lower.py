"""Lower a parsed Bicep file to the ARM template form (languageVersion 2.0), in memory, with Bicep spans.

The result is the positioned JSON tree `arm/reader.py` produces for a template, so the ARM evaluator
evaluates it unchanged: parameters (decorators -> allowedValues/minValue/...), variables, user functions
(namespace `__bicep`), resources keyed by symbolic name with `copy` for `for`, `condition` for `if` (and
for a loop's filter), `existing`, nested children as `resources`, and modules as
`Microsoft.Resources/deployments` with inner scope and a `templateLink.relativePath` (the linked file is
lowered in turn when the evaluator asks for it). Every node carries the offsets of the Bicep text it came
from: a property key's span for its member, a value's span for its value, the `resource` keyword for a
resource (`LoweredResource.anchor`), so findings and notes point at the Bicep source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Any

from ..arm.reader import JsonArray, JsonChoice, JsonMember, JsonNode, JsonObject, JsonScalar
from . import syntax as s
from .lower_expressions import (
    DEPLOYMENTS_API, FUNCTION_NAMESPACE, ExpressionLowering, LoweringError, ResourceSymbol, failed, quote, unknown,
)

if TYPE_CHECKING:
    from .lower_imports import Imports

DEPLOYMENTS = "Microsoft.Resources/deployments"
BICEP_KEYWORDS = frozenset({"name", "parent", "scope", "dependson"})
_EXTERNAL = ("br:", "br/", "ts:", "ts/")
_BOUND_DECORATORS = {"minvalue": "minValue", "maxvalue": "maxValue", "minlength": "minLength", "maxlength": "maxLength"}


@dataclass(eq=False, slots=True)
class LoweredResource(JsonObject):
    """A resource (or module deployment) lowered from Bicep: `anchor` is the span of its keyword."""

    anchor: tuple[int, int] = (0, 0)
    loop_word: str = "copy"  # how its iterations are labelled: "copy 'x' index 1", "module 'x' index 1"
    symbol: str = ""  # its declared name (a nested child's too)
    registry: str = ""  # a registry or template-spec module: its reference as written (no templateLink)
    registry_span: tuple[int, int] = (0, 0)  # where that reference is written
    not_evaluated: bool = False  # a module Bicep refuses (a cycle, a file missing or outside the tree): reported at its path, never evaluated


@dataclass(frozen=True)
class ModuleLink:
    """A module whose file is local: its lowered resource, its properties (which hold the templateLink) and the path as written."""

    module: LoweredResource
    properties: JsonObject
    path: str
    start: int
    end: int


@dataclass
class LoweredFile:
    root: JsonObject
    module_anchors: set[int] = field(default_factory=set)  # keyword offsets of the modules (deployments)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (offset, message) the lowering could not express
    links: list[ModuleLink] = field(default_factory=list)


def lower_program(program: s.Program, load_file: Callable[[str, list[Any]], Any], imports: Imports | None = None) -> LoweredFile:
    """The ARM template of a Bicep program (`load_file` reads `loadTextContent`-style files; `imports`
    resolves what it imports from other files)."""
    return _Lowerer(program, load_file, imports).lower()


def _scalar(value: Any, node: Any) -> JsonScalar:
    return JsonScalar(node.start, node.end, value)


def _member(key: str, start: int, end: int, value: JsonNode) -> JsonMember:
    return JsonMember(key, start, end, value)


class _Lowerer:
    def __init__(self, program: s.Program, load_file: Callable[[str, list[Any]], Any], imports: Imports | None) -> None:
        self.program = program
        self.imports = imports
        self.problems: list[tuple[int, str]] = []
        self.module_anchors: set[int] = set()
        self.links: list[ModuleLink] = []
        parameters: set[str] = set()
        variables: set[str] = set()
        functions: dict[str, s.FunctionDecl] = {}
        self.resources: dict[str, ResourceSymbol] = {}
        target_scope = "resourcegroup"
        for statement in program.statements:
            if isinstance(statement, s.ParameterDecl):
                parameters.add(statement.name)
            elif isinstance(statement, s.VariableDecl):
                variables.add(statement.name)
            elif isinstance(statement, s.FunctionDecl):
                functions[statement.name] = statement
            elif isinstance(statement, s.ResourceDecl):
                self._declare_resource(statement, None)
            elif isinstance(statement, s.ModuleDecl):
                self._declare_module(statement)
            elif isinstance(statement, s.OtherDecl) and statement.kind == "targetScope":
                value = statement.value.value if isinstance(statement.value, s.Literal) else None
                if isinstance(value, str):
                    target_scope = value.casefold()
        self.target_scope = target_scope
        imported = imports.resolve if imports is not None else None
        self.expressions = ExpressionLowering(parameters, variables, self.resources, functions, target_scope, load_file, imported)

    # ---- symbols ----

    def _declare_resource(self, decl: s.ResourceDecl, parent: ResourceSymbol | None) -> None:
        body, loop = _unwrap(decl.body)
        type_text, _, api_version = decl.type_string.partition("@")
        members = _members(body)
        full_type = type_text
        if parent is not None and not type_text.casefold().startswith(parent.type.casefold() + "/"):
            full_type = f"{parent.type}/{type_text}"
        parent_node = members["parent"].value if parent is None and "parent" in members else None
        if parent_node is not None:
            target = _parent_symbol(parent_node, self.resources)
            if target is not None and not type_text.casefold().startswith(target.type.casefold() + "/"):
                full_type = f"{target.type}/{type_text}"
        symbol = ResourceSymbol(
            symbol=decl.name if parent is None else f"{parent.symbol}::{decl.name}",
            type=full_type,
            api_version=api_version or None,
            name_node=members["name"].value if "name" in members else None,
            loop=loop,
            parent=parent,
            existing=decl.existing,
            top_level=parent is None,
            scope_node=members["scope"].value if "scope" in members else None,
            parent_node=parent_node,
        )
        self.resources[symbol.symbol] = symbol
        for item in body.items if isinstance(body, s.ObjectLiteral) else ():
            if isinstance(item, s.ChildResource):
                self._declare_resource(item, symbol)

    def _declare_module(self, decl: s.ModuleDecl) -> None:
        body, loop = _unwrap(decl.body)
        members = _members(body)
        self.resources[decl.name] = ResourceSymbol(
            symbol=decl.name, type=DEPLOYMENTS, api_version=DEPLOYMENTS_API,
            name_node=members["name"].value if "name" in members else None, loop=loop, module=True,
        )

    # ---- the template ----

    def lower(self) -> LoweredFile:
        members: list[JsonMember] = [
            _member("$schema", 0, 0, JsonScalar(0, 0, "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#")),
            _member("languageVersion", 0, 0, JsonScalar(0, 0, "2.0")),
            _member("contentVersion", 0, 0, JsonScalar(0, 0, "1.0.0.0")),
        ]
        parameters: list[JsonMember] = []
        variables: list[JsonMember] = []
        functions: list[JsonMember] = []
        resources: list[JsonMember] = []
        outputs: list[JsonMember] = []
        for statement in _modules_first(self.program.statements):
            try:
                if isinstance(statement, s.ParameterDecl):
                    parameters.append(self.parameter(statement))
                elif isinstance(statement, s.VariableDecl):
                    variables.append(_member(statement.name, statement.name_start, statement.name_start + len(statement.name), self.node(statement.value, {})))
                elif isinstance(statement, s.FunctionDecl):
                    functions.append(self.function(statement))
                elif isinstance(statement, s.ResourceDecl):
                    resources.append(_member(statement.name, statement.name_start, statement.name_start + len(statement.name), self.resource(statement, None)))
                elif isinstance(statement, s.ModuleDecl):
                    resources.append(_member(statement.name, statement.name_start, statement.name_start + len(statement.name), self.module(statement)))
                elif isinstance(statement, s.OutputDecl) and statement.value is not None:
                    value = JsonObject(statement.start, statement.end, [_member("value", statement.name_start, statement.name_start + len(statement.name), self.node(statement.value, {}))])
                    outputs.append(_member(statement.name, statement.name_start, statement.name_start + len(statement.name), value))
            except LoweringError as error:
                self.problems.append((statement.start, str(error)))
        if self.imports is not None:
            anchor = next((statement for statement in self.program.statements if isinstance(statement, s.ImportDecl)), None)
            for name, decl, lowering in self.imports.functions():
                try:
                    functions.append(_respan(self.function(decl, lowering, name), anchor))
                except LoweringError as error:
                    self.problems.append((anchor.start if anchor else 0, str(error)))
        end = self.program.statements[-1].end if self.program.statements else 0
        members.append(_member("parameters", 0, 0, JsonObject(0, end, parameters)))
        members.append(_member("variables", 0, 0, JsonObject(0, end, variables)))
        if functions:
            namespace = JsonObject(0, end, [
                _member("namespace", 0, 0, JsonScalar(0, 0, FUNCTION_NAMESPACE)),
                _member("members", 0, 0, JsonObject(0, end, functions)),
            ])
            members.append(_member("functions", 0, 0, JsonArray(0, end, [namespace])))
        members.append(_member("resources", 0, 0, JsonObject(0, end, resources)))
        members.append(_member("outputs", 0, 0, JsonObject(0, end, outputs)))
        return LoweredFile(JsonObject(0, end, members), self.module_anchors, self.problems, self.links)

    def parameter(self, decl: s.ParameterDecl) -> JsonMember:
        key_end = decl.name_start + len(decl.name)
        where = s.Literal(decl.name_start, key_end, None)
        members = [_member("type", decl.name_start, key_end, _scalar(_arm_type(decl.type), where))]
        if decl.default is not None:
            members.append(_member("defaultValue", decl.default.start, decl.default.end, self.node(decl.default, {})))
        elif _nullable(decl.type):
            members.append(_member("defaultValue", decl.name_start, key_end, _scalar(None, where)))
        allowed = decl.decorator("allowed")
        if allowed is not None and allowed.args:
            members.append(_member("allowedValues", allowed.start, allowed.end, self.node(allowed.args[0], {})))
        elif decl.type is not None and decl.type.kind == "union" and all(child.kind == "literal" for child in decl.type.children):
            items: list[JsonNode] = [JsonScalar(child.start, child.end, child.value) for child in decl.type.children]
            members.append(_member("allowedValues", decl.type.start, decl.type.end, JsonArray(decl.type.start, decl.type.end, items)))
        for decorator in decl.decorators:
            name = decorator.name.casefold() if isinstance(decorator, (s.Call, s.MethodCall)) else ""
            bound = _BOUND_DECORATORS.get(name)
            if bound is not None and decorator.args and isinstance(decorator.args[0], (s.Literal, s.Unary)):
                members.append(_member(bound, decorator.start, decorator.end, self.node(decorator.args[0], {})))
        # the declaration's span is its name: notes about the parameter (no value, out of bounds) point there
        return _member(decl.name, decl.name_start, key_end, JsonObject(decl.name_start, key_end, members))

    def function(self, decl: s.FunctionDecl, lowering: ExpressionLowering | None = None, member: str | None = None) -> JsonMember:
        names = {name: f"parameters({quote(name)})" for name in decl.parameters}
        body = self._text_node((lowering or self.expressions).guarded(decl.body, names), decl.body)
        declared: list[JsonNode] = [JsonObject(decl.start, decl.end, [_member("name", decl.start, decl.end, JsonScalar(decl.start, decl.end, name))]) for name in decl.parameters]
        output = JsonObject(decl.body.start, decl.body.end, [_member("value", decl.body.start, decl.body.end, body)])
        value = JsonObject(decl.start, decl.end, [
            _member("parameters", decl.start, decl.end, JsonArray(decl.start, decl.end, declared)),
            _member("output", decl.body.start, decl.body.end, output),
        ])
        return _member(member or decl.name, decl.start, decl.end, value)

    # ---- resources and modules ----

    def resource(self, decl: s.ResourceDecl, parent: ResourceSymbol | None) -> LoweredResource:
        symbol = self.resources[decl.name if parent is None else f"{parent.symbol}::{decl.name}"]
        body, _ = _unwrap(decl.body)
        if not isinstance(body, s.ObjectLiteral):
            raise LoweringError("a resource body must be an object, a loop or a condition")
        keyword = (decl.keyword_start, decl.keyword_start + len("resource"))
        members = self._header(decl, symbol, keyword)
        names = self.expressions.body_names(symbol)
        type_text, _, _ = decl.type_string.partition("@")
        relative = type_text
        if parent is not None and type_text.casefold().startswith(parent.type.casefold() + "/"):
            relative = type_text[len(parent.type) + 1 :]
        type_value = relative if parent is not None else symbol.type
        members.append(_member("type", *keyword, JsonScalar(*keyword, type_value)))
        if symbol.api_version:
            members.append(_member("apiVersion", *keyword, JsonScalar(*keyword, symbol.api_version)))
        if symbol.name_node is not None:
            if parent is None and symbol.parent_node is not None:
                name_text = self.expressions.guarded_name(symbol)
            else:
                name_text = self.expressions.guarded(symbol.name_node, names)
            members.append(_member("name", *keyword, self._text_node(name_text, symbol.name_node)))
        if decl.existing:
            members.append(_member("existing", *keyword, JsonScalar(*keyword, True)))
        if symbol.scope_node is not None:
            scope_text = self._guarded_text(lambda: self.expressions.scope_id(symbol.scope_node, names))
            members.append(_member("scope", symbol.scope_node.start, symbol.scope_node.end, self._text_node(scope_text, symbol.scope_node)))
        elif parent is None and self.target_scope == "subscription":
            members.append(_member("scope", *keyword, JsonScalar(*keyword, "[subscription().id]")))
        children: list[JsonNode] = []
        for item in body.items:
            if isinstance(item, s.ChildResource):
                try:
                    children.append(self.resource(item, symbol))
                except LoweringError as error:
                    self.problems.append((item.start, str(error)))
            elif isinstance(item, s.Property):
                if not isinstance(item.key, str):  # JSON keys are literal: ARM has no form for it
                    self.problems.append((item.start, "a computed key at the top of a resource body is not lowered: that property is not checked"))
                    continue
                if item.key.casefold() in BICEP_KEYWORDS:
                    continue
                self._property(item, names, members)
            elif isinstance(item, s.Spread):
                self.problems.append((item.start, "a spread in a resource body is not lowered: its properties are unknown"))
        if children:
            members.append(_member("resources", *keyword, JsonArray(body.start, body.end, children)))
        return LoweredResource(keyword[0], decl.end, _merge_copies(members), anchor=keyword, symbol=decl.name)

    def module(self, decl: s.ModuleDecl) -> LoweredResource:
        symbol = self.resources[decl.name]
        body, _ = _unwrap(decl.body)
        if not isinstance(body, s.ObjectLiteral):
            raise LoweringError("a module body must be an object, a loop or a condition")
        keyword = (decl.keyword_start, decl.keyword_start + len("module"))
        self.module_anchors.add(keyword[0])
        members = self._header(decl, symbol, keyword)
        names = self.expressions.body_names(symbol)
        fields = _members(body)
        members.append(_member("type", *keyword, JsonScalar(*keyword, DEPLOYMENTS)))
        members.append(_member("apiVersion", *keyword, JsonScalar(*keyword, DEPLOYMENTS_API)))
        name_node = symbol.name_node
        name_text = self.expressions.guarded(name_node, names) if name_node is not None else unknown(f"the deployment name of the module '{decl.name}' is generated")
        members.append(_member("name", *keyword, self._text_node(name_text, name_node or s.Literal(*keyword, None))))
        scope = fields.get("scope")
        if scope is not None:
            members.extend(self._module_scope(scope, names))
        path_span = (decl.path_start, decl.path_start + len(decl.path) + 2)
        where = s.Literal(*path_span, None)
        properties = [
            _member("mode", *keyword, JsonScalar(*keyword, "Incremental")),
            _member("expressionEvaluationOptions", *keyword, JsonObject(*keyword, [_member("scope", *keyword, JsonScalar(*keyword, "inner"))])),
        ]
        if not decl.path.casefold().startswith(_EXTERNAL):  # a registry module is read from Bicep's cache when deployed (lowered.py)
            link = JsonObject(*path_span, [_member("relativePath", *path_span, _scalar(decl.path, where))])
            properties.append(_member("templateLink", *path_span, link))
        params = fields.get("params")
        if params is not None:
            if isinstance(params.value, s.ObjectLiteral):
                given = []
                for item in params.value.items:
                    if isinstance(item, s.Property) and isinstance(item.key, str):
                        value = JsonObject(item.value.start, item.value.end, [_member("value", item.key_start, item.key_end, self.node(item.value, names))])
                        given.append(_member(item.key, item.key_start, item.key_end, value))
                    elif isinstance(item, s.Spread):
                        self.problems.append((item.start, "a spread in module parameters is not lowered"))
                properties.append(_member("parameters", params.key_start, params.key_end, JsonObject(params.value.start, params.value.end, given)))
            else:
                self.problems.append((params.start, "module parameters that are not an object literal are not lowered"))
        properties_node = JsonObject(body.start, body.end, properties)
        members.append(_member("properties", *keyword, properties_node))
        lowered = LoweredResource(keyword[0], decl.end, members, anchor=keyword, loop_word="module", symbol=decl.name)
        if decl.path.casefold().startswith(_EXTERNAL):
            lowered.registry, lowered.registry_span = decl.path, path_span
        else:
            self.links.append(ModuleLink(lowered, properties_node, decl.path, *path_span))
        return lowered

    def _module_scope(self, scope: s.Property, names: Mapping[str, str]) -> list[JsonMember]:
        node = scope.value
        if isinstance(node, s.Call) and node.name.casefold() == "resourcegroup" and node.args:
            found = [("resourceGroup", node.args[-1])]
            if len(node.args) == 2:
                found.append(("subscriptionId", node.args[0]))
        elif isinstance(node, s.Call) and node.name.casefold() == "subscription" and node.args:
            found = [("subscriptionId", node.args[0])]
        else:
            return []
        return [_member(key, scope.key_start, scope.key_end, self.node(value, names)) for key, value in found]

    def _header(self, decl: Any, symbol: ResourceSymbol, keyword: tuple[int, int]) -> list[JsonMember]:
        """`condition` and `copy` of a resource or module declaration."""
        members: list[JsonMember] = []
        outer = self.expressions.body_names(symbol.parent) if symbol.parent is not None else {}
        if isinstance(decl.body, s.IfBody):
            condition = decl.body.condition
            members.append(_member("condition", condition.start, condition.end, self._text_node(self.expressions.guarded(condition, outer), condition)))
        loop = symbol.loop
        if loop is not None:
            count = self._guarded_text(lambda: f"length({self.expressions.text(loop.source, outer)})")
            copy = JsonObject(loop.start, loop.end, [
                _member("name", *keyword, JsonScalar(*keyword, symbol.symbol.rsplit("::", 1)[-1])),
                _member("count", loop.source.start, loop.source.end, self._text_node(count, loop.source)),
            ])
            members.append(_member("copy", *keyword, copy))
            if loop.condition is not None:
                names = self.expressions.body_names(symbol)
                text = self.expressions.guarded(loop.condition, names)
                members.append(_member("condition", loop.condition.start, loop.condition.end, self._text_node(text, loop.condition)))
            if isinstance(loop.body, s.IfBody):
                names = self.expressions.body_names(symbol)
                condition = loop.body.condition
                members.append(_member("condition", condition.start, condition.end, self._text_node(self.expressions.guarded(condition, names), condition)))
        return members

    # ---- values ----

    def _property(self, item: s.Property, names: Mapping[str, str], members: list[JsonMember]) -> None:
        assert isinstance(item.key, str)  # objects with computed keys are lowered as expressions (node())
        value = item.value
        if isinstance(value, s.ForExpression) and value.condition is None and not isinstance(value.body, s.IfBody):
            count = self._guarded_text(lambda: f"length({self.expressions.text(value.source, names)})")
            index = f"copyIndex({quote(item.key)})"
            inner = dict(names)
            try:
                inner[value.item] = f"{self.expressions.text(value.source, names)}[{index}]"
            except LoweringError as error:
                inner[value.item] = failed(str(error))
            if value.index:
                inner[value.index] = index
            element = JsonObject(value.start, value.end, [
                _member("name", item.key_start, item.key_end, JsonScalar(item.key_start, item.key_end, item.key)),
                _member("count", value.source.start, value.source.end, self._text_node(count, value.source)),
                _member("input", value.body.start, value.body.end, self.node(value.body, inner)),
            ])
            members.append(_member("copy", item.key_start, item.key_end, JsonArray(value.start, value.end, [element])))
            return
        members.append(_member(item.key, item.key_start, item.key_end, self.node(value, names)))

    def node(self, value: Any, names: Mapping[str, str]) -> JsonNode:
        """A JSON node for a value: object and array literals keep their structure (and positions)."""
        if isinstance(value, s.Literal):
            literal = value.value
            if isinstance(literal, str) and literal.startswith("[") and literal.endswith("]"):
                literal = "[" + literal
            return _scalar(literal, value)
        if isinstance(value, s.ObjectLiteral) and all(isinstance(item, s.Property) and isinstance(item.key, str) for item in value.items):
            members: list[JsonMember] = []
            for item in value.items:
                self._property(item, names, members)
            return JsonObject(value.start, value.end, _merge_copies(members))
        if isinstance(value, s.ArrayLiteral) and not any(isinstance(item, s.Spread) for item in value.items):
            return JsonArray(value.start, value.end, [self.node(item, names) for item in value.items])
        if isinstance(value, s.Conditional):
            return JsonChoice(value.start, value.end, self.expression(value.test, names), self.node(value.then, names), self.node(value.otherwise, names))
        return self.expression(value, names)

    def expression(self, value: Any, names: Mapping[str, str]) -> JsonScalar:
        return self._text_node(self.expressions.guarded(value, names), value)

    def _text_node(self, text: str, node: Any) -> JsonScalar:
        return JsonScalar(node.start, node.end, f"[{text}]")

    def _guarded_text(self, compute: Callable[[], str]) -> str:
        try:
            return compute()
        except LoweringError as error:
            return failed(str(error))


def _modules_first(statements: list[s.Statement]) -> list[s.Statement]:
    """Modules before everything else, each after the modules it reads: ARM evaluates resources in order,
    and a module's outputs are known once it is evaluated (Bicep evaluated them on first use)."""
    modules = {statement.name: statement for statement in statements if isinstance(statement, s.ModuleDecl)}
    ordered: list[s.Statement] = []
    placed: set[str] = set()

    def place(name: str, visiting: frozenset[str]) -> None:
        if name in placed or name in visiting:
            return
        for used in _names_in(modules[name].body) & modules.keys():
            place(used, visiting | {name})
        placed.add(name)
        ordered.append(modules[name])

    for name in modules:
        place(name, frozenset())
    return ordered + [statement for statement in statements if not isinstance(statement, s.ModuleDecl)]


def _names_in(node: Any) -> set[str]:
    """Every name a syntax tree mentions."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, s.Variable):
            found.add(item.name)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, s.Node):
            stack.extend(getattr(item, each.name) for each in dataclass_fields(item) if each.name not in ("start", "end", "decorators"))
    return found


def _respan(member: JsonMember, anchor: Any) -> JsonMember:
    """Nodes lowered from another file point at the import statement of this one."""
    start, end = (anchor.start, anchor.end) if anchor is not None else (0, 0)
    stack: list[Any] = [member]
    while stack:
        item = stack.pop()
        if isinstance(item, JsonMember):
            item.key_start, item.key_end = start, end
            stack.append(item.value)
            continue
        item.start, item.end = start, end
        if isinstance(item, JsonObject):
            stack.extend(item.members)
        elif isinstance(item, JsonArray):
            stack.extend(item.items)
    return member


def _merge_copies(members: list[JsonMember]) -> list[JsonMember]:
    """ARM holds every property loop of an object in one `copy` array."""
    copies = [member for member in members if member.key == "copy" and isinstance(member.value, JsonArray)]
    if len(copies) < 2:
        return members
    merged = JsonArray(copies[0].value.start, copies[-1].value.end, [item for member in copies for item in member.value.items])  # type: ignore[attr-defined]
    kept = [member for member in members if member not in copies]
    return kept + [_member("copy", copies[0].key_start, copies[0].key_end, merged)]


def _unwrap(body: Any) -> tuple[Any, s.ForExpression | None]:
    """The object of a resource/module body, and its loop: `if (c) {…}`, `[for … : {…}]`, `[for … : if (c) {…}]`."""
    if isinstance(body, s.IfBody):
        body = body.body
    if isinstance(body, s.ForExpression):
        inner = body.body.body if isinstance(body.body, s.IfBody) else body.body
        return inner, body
    return body, None


def _members(body: Any) -> dict[str, s.Property]:
    if not isinstance(body, s.ObjectLiteral):
        return {}
    return {item.key.casefold(): item for item in body.items if isinstance(item, s.Property) and isinstance(item.key, str)}


def _parent_symbol(node: Any, resources: Mapping[str, ResourceSymbol]) -> ResourceSymbol | None:
    if isinstance(node, s.Index):
        node = node.target
    return resources.get(node.name) if isinstance(node, s.Variable) else None


def _arm_type(type_node: Any) -> str:
    if type_node is None:
        return "object"
    if type_node.kind == "ref" and isinstance(type_node.value, str) and type_node.value.casefold() in ("string", "int", "bool", "object", "array"):
        return type_node.value
    if type_node.kind == "array":
        return "array"
    if type_node.kind == "union" and type_node.children and all(child.kind == "literal" for child in type_node.children):
        first = type_node.children[0].value
        return "string" if isinstance(first, str) else "int" if isinstance(first, int) and not isinstance(first, bool) else "object"
    return "object"


def _nullable(type_node: Any) -> bool:
    if type_node is None:
        return False
    if type_node.kind == "nullable":
        return True
    return type_node.kind == "union" and any(child.kind == "literal" and child.value is None for child in type_node.children)
