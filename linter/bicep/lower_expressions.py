"""Lower Bicep expressions to ARM template expression text, as `bicep build` does.

Operators become the ARM functions that mean the same (`==` -> equals, `&&` -> and, `??` -> coalesce ...),
names become `parameters()` / `variables()` / loop and lambda substitutions, resource symbols become
their name, id or `reference()`, and compile-time functions (`loadTextContent`, `nameof`, `any`) are
folded here. The result is ARM expression text (without the enclosing brackets) that the ARM evaluator
parses and evaluates; positions stay on the JSON node that carries the text (see lower.py).
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from collections.abc import Callable, Mapping
from typing import Any

from . import syntax as s

DEPLOYMENTS_API = "2022-09-01"  # of the deployments modules become
UNKNOWN_FUNCTION = "__bicep.unknown"  # the ARM scope makes it Unknown (with a LINT-004 note when it is an error)
FUNCTION_NAMESPACE = "__bicep"  # user-defined Bicep functions live in this ARM namespace
_COMPARISONS = {"<": "less", "<=": "lessOrEquals", ">": "greater", ">=": "greaterOrEquals"}
_ARITHMETIC = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod"}
_RUNTIME_ONLY = frozenset({"readenvironmentvariable", "externalinput", "newguid"})


class LoweringError(Exception):
    """A construct the lowering cannot express; the value becomes Unknown where it is used."""


@dataclass
class ResourceSymbol:
    """What an expression needs to know about a resource (or module) declaration to lower a reference."""

    symbol: str
    type: str  # the full type
    api_version: str | None
    name_node: Any  # the Bicep expression of its (own) name, or None
    loop: s.ForExpression | None = None  # its own `for`, if any
    parent: ResourceSymbol | None = None
    existing: bool = False
    top_level: bool = True  # a languageVersion 2.0 symbolic name exists for it
    scope_node: Any = None  # the Bicep `scope:` expression, if any
    parent_node: Any = None  # the Bicep `parent:` expression, if any
    module: bool = False


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def constant(value: Any) -> str:
    """ARM expression text for a JSON value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    return f"json({quote(json.dumps(value))})"


class ExpressionLowering:
    """Lowers the expressions of one Bicep file; `symbols` knows its declarations."""

    def __init__(
        self,
        parameters: set[str],
        variables: set[str],
        resources: dict[str, ResourceSymbol],
        functions: dict[str, s.FunctionDecl],
        target_scope: str,
        load_file: Callable[[str, list[Any]], Any],
        imported: Callable[[str], str | None] | None = None,
    ) -> None:
        self.parameters = parameters
        self.variables = variables
        self.resources = resources
        self.functions = functions
        self.target_scope = target_scope
        self.load_file = load_file
        self.imported = imported  # name -> ARM text of an imported value, or None (lower_imports.Imports.resolve)
        self.function_prefix = ""  # this file's functions are `__bicep.<prefix><name>` (imported files have one)

    def text(self, node: Any, names: Mapping[str, str]) -> str:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise LoweringError(f"cannot lower {type(node).__name__}")
        lowered: str = method(node, names)
        return lowered

    def guarded(self, node: Any, names: Mapping[str, str]) -> str:
        """The text, or an expression that evaluates to Unknown (with a note) when it cannot be lowered."""
        try:
            return self.text(node, names)
        except LoweringError as error:
            return failed(str(error))
        except RecursionError:
            return failed("the expression nests too deeply")

    # ---- literals and containers ----

    def _Literal(self, node: s.Literal, names: Mapping[str, str]) -> str:
        return constant(node.value)

    def _Interpolated(self, node: s.Interpolated, names: Mapping[str, str]) -> str:
        pieces = [quote(part) if isinstance(part, str) else f"string({self.text(part, names)})" for part in node.parts if part != ""]
        if not pieces:
            return "''"
        return pieces[0] if len(pieces) == 1 and pieces[0].startswith("'") else f"concat({', '.join(pieces)})"

    def _ArrayLiteral(self, node: s.ArrayLiteral, names: Mapping[str, str]) -> str:
        return self._with_spreads(node.items, "createArray", "concat", lambda item: [self.text(item, names)], names)

    def _ObjectLiteral(self, node: s.ObjectLiteral, names: Mapping[str, str]) -> str:
        def members(item: Any) -> list[str]:
            return [self.key(item, names), self.text(item.value, names)] if isinstance(item, s.Property) else []

        return self._with_spreads(node.items, "createObject", "union", members, names)

    def _with_spreads(self, items: Any, create: str, join: str, lower_item: Callable[[Any], list[str]], names: Mapping[str, str]) -> str:
        """`[a, ...b, c]` / `{a: 1, ...b}`: runs of plain items built with `create`, spreads in between, all
        joined with `join` (concat for arrays, union for objects)."""
        groups: list[str] = []
        plain: list[str] = []
        for item in items:
            if isinstance(item, s.Spread):
                if plain:
                    groups.append(f"{create}({', '.join(plain)})")
                    plain = []
                groups.append(self.text(item.value, names))
            else:
                plain += lower_item(item)
        if plain or not groups:
            groups.append(f"{create}({', '.join(plain)})")
        return groups[0] if len(groups) == 1 else f"{join}({', '.join(groups)})"

    def key(self, item: s.Property, names: Mapping[str, str]) -> str:
        return quote(item.key) if isinstance(item.key, str) else self.text(item.key, names)

    def _ForExpression(self, node: s.ForExpression, names: Mapping[str, str]) -> str:
        source = self.text(node.source, names)
        if node.condition is None:
            parameters = [node.item] + ([node.index] if node.index else [])
            inner = {**names, **{name: f"lambdaVariables({quote(name)})" for name in parameters}}
            declared = ", ".join(quote(name) for name in parameters)
            return f"map({source}, lambda({declared}, {self.text(node.body, inner)}))"
        # a filter keeps the original index: iterate over the positions of the source
        position = f"__{node.item}_position"
        at = f"lambdaVariables({quote(position)})"
        inner = {**names, node.item: f"{source}[{at}]"}
        if node.index:
            inner[node.index] = at
        keep = f"lambda({quote(position)}, {self.text(node.condition, inner)})"
        body = f"lambda({quote(position)}, {self.text(node.body, inner)})"
        return f"map(filter(range(0, length({source})), {keep}), {body})"

    def _LambdaExpression(self, node: s.LambdaExpression, names: Mapping[str, str]) -> str:
        inner = {**names, **{name: f"lambdaVariables({quote(name)})" for name in node.parameters}}
        declared = "".join(f"{quote(name)}, " for name in node.parameters)
        return f"lambda({declared}{self.text(node.body, inner)})"

    # ---- names and access ----

    def _Variable(self, node: s.Variable, names: Mapping[str, str]) -> str:
        name = node.name
        if name in names:
            return names[name]
        if name in self.parameters:
            return f"parameters({quote(name)})"
        if name in self.variables:
            return f"variables({quote(name)})"
        resource = self.resources.get(name)
        if resource is not None:
            if resource.loop is not None:
                raise LoweringError(f"index the resource collection '{resource.symbol}' before reading it")
            return self.resource_member(resource, None, "id", names)
        if self.imported is not None:
            found = self.imported(name)
            if found is not None:
                return found
        if name in self.functions:
            raise LoweringError(f"the function '{name}' must be called")
        raise LoweringError(f"the name '{name}' is not declared")

    def _declared(self, name: str) -> bool:
        return name in self.parameters or name in self.variables or name in self.resources

    def resource_target(self, node: Any, names: Mapping[str, str]) -> tuple[ResourceSymbol, str | None] | None:
        """(resource, index text) when `node` names a resource (or module) instance."""
        if isinstance(node, s.Variable) and node.name not in names:
            resource = self.resources.get(node.name)
            return (resource, None) if resource is not None else None
        if isinstance(node, s.Index) and isinstance(node.target, s.Variable) and node.target.name not in names:
            resource = self.resources.get(node.target.name)
            if resource is not None and resource.loop is not None:
                return resource, self.text(node.index, names)
        if isinstance(node, s.NestedRef):
            parent = self.resource_target(node.target, names)
            if parent is not None:
                child = self.resources.get(f"{parent[0].symbol}::{node.name}")
                if child is not None:
                    return child, parent[1]
            raise LoweringError(f"'{node.name}' is not a nested resource of that resource")
        return None

    def _Member(self, node: s.Member, names: Mapping[str, str]) -> str:
        target = self.resource_target(node.target, names)
        if target is not None:
            return self.resource_member(target[0], target[1], node.name, names)
        if isinstance(node.target, s.Variable) and node.target.name not in names and self.imported is not None and not self._declared(node.target.name):
            found = self.imported(f"{node.target.name}.{node.name}")  # `ns.x` of a wildcard import
            if found is not None:
                return found
        output = self.module_output(node.target, names)
        if output is not None:  # `mod.outputs.x`: the value of output x of the nested deployment
            base = f"{output}[{quote(node.name)}]"
            return f"tryGet({base}, 'value')" if node.safe else f"{base}.value"
        base = self.text(node.target, names)
        if node.safe:
            return f"tryGet({base}, {quote(node.name)})"
        return f"{base}.{node.name}" if node.name.isidentifier() else f"{base}[{quote(node.name)}]"

    def _Index(self, node: s.Index, names: Mapping[str, str]) -> str:
        target = self.resource_target(node, names)
        if target is not None:
            return self.resource_member(target[0], target[1], "id", names)
        output = self.module_output(node.target, names)
        if output is not None:
            return f"{output}[{self.text(node.index, names)}].value"
        base = self.text(node.target, names)
        index = self.text(node.index, names)
        if node.safe:
            return f"tryGet({base}, {index})"
        return f"{base}[{index}]"

    def module_output(self, node: Any, names: Mapping[str, str]) -> str | None:
        """ARM text of a module's outputs object when `node` is `mod.outputs` (or `mods[i].outputs`)."""
        if not isinstance(node, s.Member) or node.name != "outputs":
            return None
        target = self.resource_target(node.target, names)
        if target is None or not target[0].module:
            return None
        return f"reference({self.reference_target(*target)}, {quote(DEPLOYMENTS_API)}, 'Full').properties.outputs"

    def _NestedRef(self, node: s.NestedRef, names: Mapping[str, str]) -> str:
        target = self.resource_target(node, names)
        assert target is not None
        return self.resource_member(target[0], target[1], "id", names)

    def _NonNull(self, node: s.NonNull, names: Mapping[str, str]) -> str:
        return self.text(node.operand, names)

    # ---- resources ----

    def body_names(self, resource: ResourceSymbol) -> dict[str, str]:
        """The substitutions inside a resource's own declaration (its loop variable at copyIndex())."""
        names = self.body_names(resource.parent) if resource.parent is not None else {}
        return self._own_loop(resource, names, f"copyIndex({quote(resource.symbol)})")

    def instance_names(self, resource: ResourceSymbol, index: str | None) -> dict[str, str]:
        """The substitutions in a resource's declaration at iteration `index` (of its own or its parent's loop)."""
        if resource.loop is not None:
            if index is None:
                raise LoweringError(f"index the resource collection '{resource.symbol}' before reading it")
            names = self.body_names(resource.parent) if resource.parent is not None else {}
            return self._own_loop(resource, names, index)
        return self.instance_names(resource.parent, index) if resource.parent is not None else {}

    def _own_loop(self, resource: ResourceSymbol, names: dict[str, str], index: str) -> dict[str, str]:
        loop = resource.loop
        if loop is None:
            return names
        names = dict(names)
        source = self.text(loop.source, names)
        names[loop.item] = f"{source}[{index}]"
        if loop.index:
            names[loop.index] = index
        return names

    def name_text(self, resource: ResourceSymbol, index: str | None) -> str:
        if resource.name_node is None:
            if resource.module:
                return unknown(f"the deployment name of the module '{resource.symbol}' is generated")
            raise LoweringError(f"'{resource.symbol}' has no name")
        names = self.instance_names(resource, index)
        own = self.text(resource.name_node, names)
        if resource.parent is not None:
            return f"concat({self.name_text(resource.parent, index if resource.loop is None else None)}, '/', {own})"
        if resource.parent_node is not None:
            parent = self.resource_target(resource.parent_node, names)
            if parent is None:
                raise LoweringError(f"the parent of '{resource.symbol}' is not a resource")
            return f"concat({self.name_text(*parent)}, '/', {own})"
        return own

    def guarded_name(self, resource: ResourceSymbol) -> str:
        """The full name of a resource inside its own declaration (its loop at copyIndex())."""
        index = f"copyIndex({quote(resource.symbol)})" if resource.loop is not None else None
        try:
            return self.name_text(resource, index)
        except LoweringError as error:
            return failed(str(error))

    def id_text(self, resource: ResourceSymbol, index: str | None) -> str:
        name = self.name_text(resource, index)
        scope = self.scope_text(resource, index)
        if scope is not None:
            return f"extensionResourceId({scope}, {quote(resource.type)}, {name})"
        function = {"subscription": "subscriptionResourceId", "tenant": "tenantResourceId", "managementgroup": "tenantResourceId"}.get(
            self.target_scope, "resourceId"
        )
        return f"{function}({quote(resource.type)}, {name})"

    def scope_text(self, resource: ResourceSymbol, index: str | None) -> str | None:
        """ARM text of the id a resource's `scope:` names, or None without one."""
        if resource.scope_node is None:
            return None
        return self.scope_id(resource.scope_node, self.instance_names(resource, index))

    def scope_id(self, node: Any, names: Mapping[str, str]) -> str:
        target = self.resource_target(node, names)
        if target is not None:
            return self.id_text(*target)
        if isinstance(node, s.Call) and node.name.casefold() in ("resourcegroup", "subscription") and node.args:
            return self._scope_object(node, names, "id")
        return f"{self.text(node, names)}.id"

    def resource_member(self, resource: ResourceSymbol, index: str | None, member: str, names: Mapping[str, str]) -> str:
        folded = member.casefold()
        if resource.module:
            if folded == "name":
                return self.name_text(resource, index)
            return unknown(f"the {member} of the module '{resource.symbol}' is known only at deployment")
        if folded == "id":
            return self.id_text(resource, index)
        if folded == "name":
            return self.name_text(resource, index)
        if folded == "type":
            return quote(resource.type)
        if folded == "apiversion":
            return quote(resource.api_version) if resource.api_version else unknown("no API version")
        target = self.reference_target(resource, index)
        api = quote(resource.api_version) if resource.api_version else "null"
        return f"reference({target}, {api}, 'Full')[{quote(member)}]"

    def reference_target(self, resource: ResourceSymbol, index: str | None) -> str:
        if resource.top_level:
            if resource.loop is None:
                return quote(resource.symbol)
            return f"format('{resource.symbol}[{{0}}]', {index})"
        return self.id_text(resource, index)

    # ---- operators ----

    def _Unary(self, node: s.Unary, names: Mapping[str, str]) -> str:
        if node.operator == "!":
            return f"not({self.text(node.operand, names)})"
        if isinstance(node.operand, s.Literal) and isinstance(node.operand.value, int) and not isinstance(node.operand.value, bool):
            return str(-node.operand.value)
        return f"sub(0, {self.text(node.operand, names)})"

    def _Binary(self, node: s.Binary, names: Mapping[str, str]) -> str:
        operator = node.operator
        left, right = self.text(node.left, names), self.text(node.right, names)
        if operator == "&&":
            return f"and({left}, {right})"
        if operator == "||":
            return f"or({left}, {right})"
        if operator == "??":
            return f"coalesce({left}, {right})"
        if operator == "==":
            return f"equals({left}, {right})"
        if operator == "!=":
            return f"not(equals({left}, {right}))"
        if operator == "=~":
            return f"equals(toLower({left}), toLower({right}))"
        if operator == "!~":
            return f"not(equals(toLower({left}), toLower({right})))"
        if operator in _COMPARISONS:
            return f"{_COMPARISONS[operator]}({left}, {right})"
        if operator in _ARITHMETIC:
            return f"{_ARITHMETIC[operator]}({left}, {right})"
        raise LoweringError(f"unknown operator {operator!r}")

    def _Conditional(self, node: s.Conditional, names: Mapping[str, str]) -> str:
        return f"if({self.text(node.test, names)}, {self.text(node.then, names)}, {self.text(node.otherwise, names)})"

    # ---- calls ----

    def _Call(self, node: s.Call, names: Mapping[str, str]) -> str:
        if node.name in self.functions:
            return self.user_call(node.name, node.args, names)
        found = self.imported(f"{node.name}()") if self.imported is not None else None
        if found is not None:
            return f"{found}({', '.join(self.text(arg, names) for arg in node.args)})"
        return self.builtin_call(node.name, node.args, names)

    def user_call(self, name: str, args: tuple[Any, ...], names: Mapping[str, str]) -> str:
        return f"{FUNCTION_NAMESPACE}.{self.function_prefix}{name}({', '.join(self.text(arg, names) for arg in args)})"

    def builtin_call(self, name: str, args: tuple[Any, ...], names: Mapping[str, str]) -> str:
        folded = name.casefold()
        if folded == "any":
            return self.text(args[0], names) if args else "null"
        if folded.startswith("load") and folded.endswith(("content", "base64", "contentasbase64", "filepath")):
            values = [self._compile_time(arg, names) for arg in args]
            value = self.load_file(name, values)
            return constant(value) if value is not _UNREADABLE else unknown(f"{name}() cannot read its file")
        if folded in _RUNTIME_ONLY:
            return unknown(f"{name}() is known only when the deployment runs")
        if folded == "nameof" and args:
            last = args[0]
            return quote(last.name) if isinstance(last, (s.Variable, s.Member)) else unknown("nameof()")
        if folded in ("resourcegroup", "subscription") and args:
            return self._scope_object(s.Call(0, 0, name, args), names, None)
        return f"{name}({', '.join(self.text(arg, names) for arg in args)})"

    def _compile_time(self, node: Any, names: Mapping[str, str]) -> Any:
        if isinstance(node, s.Literal):
            return node.value
        if isinstance(node, s.Interpolated) and all(isinstance(part, str) for part in node.parts):
            return "".join(node.parts)
        raise LoweringError("a file function needs a literal path")

    def _scope_object(self, node: s.Call, names: Mapping[str, str], member: str | None) -> str:
        args = [self.text(arg, names) for arg in node.args]
        if node.name.casefold() == "subscription":
            identifier = f"concat('/subscriptions/', {args[0]})"
            if member == "id":
                return identifier
            return f"createObject('id', {identifier}, 'subscriptionId', {args[0]})"
        subscription = args[0] if len(args) == 2 else "subscription().subscriptionId"
        identifier = f"concat('/subscriptions/', {subscription}, '/resourceGroups/', {args[-1]})"
        if member == "id":
            return identifier
        return f"createObject('id', {identifier}, 'name', {args[-1]}, 'type', 'Microsoft.Resources/resourceGroups')"

    def _MethodCall(self, node: s.MethodCall, names: Mapping[str, str]) -> str:
        target = node.target
        if isinstance(target, s.Variable) and target.name not in names:
            if self.imported is not None:
                found = self.imported(f"{target.name}.{node.name}()")
                if found is not None:
                    return f"{found}({', '.join(self.text(arg, names) for arg in node.args)})"
            if target.name in ("sys", "az") and target.name not in self.parameters and target.name not in self.variables and target.name not in self.resources:
                return self.builtin_call(node.name, node.args, names)
        if self.resource_target(target, names) is not None:
            return unknown(f"{node.name}() reads the deployed resource")
        raise LoweringError(f"'{node.name}' is not a function of that value")


class _Unreadable:
    pass


_UNREADABLE = _Unreadable()
UNREADABLE = _UNREADABLE  # what `load_file` returns for a file it cannot read


def unknown(reason: str) -> str:
    """An expression whose value is known only at deployment."""
    return f"{UNKNOWN_FUNCTION}({quote(reason)})"


def failed(reason: str) -> str:
    """An expression the lowering cannot express: Unknown, with a note where it is evaluated."""
    return f"{UNKNOWN_FUNCTION}({quote(reason)}, 'error')"
