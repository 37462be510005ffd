"""Evaluate Bicep expressions to values (or `Unknown`), with the shared ARM function library.

Operators map onto the ARM functions `bicep build` emits for them (`==` -> equals, `<` -> less,
`&&` -> and, `+` -> add, `??` -> coalesce ...) so both front ends compute the same values; `&&`, `||`,
`??` and `?:` short-circuit like Bicep. Names resolve through `Scope` (loop variables, lambda and
function parameters) and then through the file's symbols (`FileEvaluator.symbol`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import functions
from ..budget import WorkBudget
from ..functions import EvaluationError, FunctionContext, Lambda, UnsupportedFunction, ValueTooLarge
from ..functions.base import check_length, check_size, type_name
from ..values import MISSING, Unknown, lookup_key
from . import syntax as s


class _Budgeted(Protocol):
    """The part of the evaluation session the expressions charge their work to."""

    @property
    def budget(self) -> WorkBudget: ...


class FileEvaluator(Protocol):
    """The evaluator the expression mixin runs in (evaluator.FileEvaluator): the file's symbols, functions
    and diagnostics, and the mixin's own methods."""

    context: FunctionContext

    @property
    def session(self) -> _Budgeted: ...

    def has_symbol(self, name: str) -> bool: ...
    def symbol(self, name: str, node: Any) -> Any: ...
    def namespace(self, name: str) -> Any: ...
    def user_function(self, name: str) -> Any: ...
    def call_user_function(self, found: Any, args: list[Any], node: Any) -> Any: ...
    def load_file_function(self, name: str, args: list[Any], node: Any) -> Any: ...
    def resource_member(self, ref: ResourceRef, name: str, node: Any) -> Any: ...
    def nested_resource(self, parent: Any, name: str, node: Any) -> Any: ...
    def note_unsupported(self, message: str, node: Any) -> None: ...
    def limit_loop(self, source: list[Any], node: Any) -> list[Any]: ...
    def evaluate(self, node: Any, scope: Scope) -> Any: ...
    def property_key(self, item: s.Property, scope: Scope) -> Any: ...
    def iterations(self, node: s.ForExpression, scope: Scope) -> list[tuple[int, Scope]] | Unknown: ...
    def member(self, target: Any, name: str, node: Any, safe: bool = False) -> Any: ...
    def call_function(self, name: str, arg_nodes: tuple[Any, ...], scope: Scope, node: Any) -> Any: ...
    def scope_function(self, name: str, args: list[Any], node: Any) -> Any: ...
    def call_builtin(self, name: str, args: list[Any], node: Any) -> Any: ...

NAMESPACES = frozenset({"sys", "az"})
_COMPARISONS = {"<": "less", "<=": "lessOrEquals", ">": "greater", ">=": "greaterOrEquals"}
_ARITHMETIC = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod"}


class BicepError(Exception):
    """An expression that Bicep (or ARM at deployment) would reject; `node` says where."""

    def __init__(self, message: str, node: Any) -> None:
        super().__init__(message)
        self.node = node


@dataclass(frozen=True)
class Scope:
    """Local names (loop variables, lambda and function parameters), innermost last."""

    names: Mapping[str, Any] = field(default_factory=dict)

    def bind(self, **names: Any) -> Scope:
        return Scope({**self.names, **names})


@dataclass
class ResourceRef:
    """What a resource symbol evaluates to: enough to answer `.id`, `.name`, `.properties` ..."""

    symbol: str
    type: str
    api_version: Any
    name: Any
    id: Any
    existing: bool
    deployed: bool = True
    handle: Any = field(default=None, repr=False, compare=False)  # the evaluator's Instance


@dataclass
class ModuleRef:
    symbol: str
    name: Any
    outputs: Any  # dict of output values, or Unknown


class ExpressionEvaluator:
    """Mixin with the expression semantics; `FileEvaluator` provides symbols and diagnostics."""

    context: FunctionContext

    def evaluate(self: FileEvaluator, node: Any, scope: Scope) -> Any:
        method = getattr(self, f"_eval_{type(node).__name__}", None)
        if method is None:
            raise BicepError(f"cannot evaluate {type(node).__name__}", node)
        return method(node, scope)

    # ---- literals and containers ----

    def _eval_Literal(self, node: s.Literal, scope: Scope) -> Any:
        return node.value

    def _eval_Interpolated(self: FileEvaluator, node: s.Interpolated, scope: Scope) -> Any:
        pieces: list[str] = []
        length = sum(len(part) for part in node.parts if isinstance(part, str))
        for part in node.parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            value = self.evaluate(part, scope)
            if isinstance(value, Unknown):
                return value
            pieces.append(value if isinstance(value, str) else self.call_builtin("string", [value], node))
            length += len(pieces[-1])
            check_length("string interpolation", length)  # counted while building: '${v}${v}' doubles
        return "".join(pieces)

    def _eval_ArrayLiteral(self: FileEvaluator, node: s.ArrayLiteral, scope: Scope) -> Any:
        items: list[Any] = []
        for item in node.items:
            if isinstance(item, s.Spread):
                spread = self.evaluate(item.value, scope)
                if isinstance(spread, Unknown):
                    return spread
                if not isinstance(spread, list):
                    raise BicepError("the spread operator in an array needs an array", item)
                check_length("array spread", len(items) + len(spread))
                items.extend(spread)
            else:
                items.append(self.evaluate(item, scope))
        return check_size("array", items) if len(node.items) > 1 else items

    def _eval_ObjectLiteral(self: FileEvaluator, node: s.ObjectLiteral, scope: Scope) -> Any:
        result: dict[str, Any] = {}
        for item in node.items:
            if isinstance(item, s.Spread):
                spread = self.evaluate(item.value, scope)
                if isinstance(spread, Unknown):
                    return spread
                if not isinstance(spread, dict):
                    raise BicepError("the spread operator in an object needs an object", item)
                for key, value in spread.items():
                    _put(result, key, value)
            elif isinstance(item, s.Property):
                key = self.property_key(item, scope)
                if isinstance(key, Unknown):
                    return key
                _put(result, key, self.evaluate(item.value, scope))
        return check_size("object", result) if len(node.items) > 1 else result

    def property_key(self: FileEvaluator, item: s.Property, scope: Scope) -> Any:
        if isinstance(item.key, str):
            return item.key
        key = self.evaluate(item.key, scope)
        if not isinstance(key, (str, Unknown)):
            raise BicepError("an object key must be a string", item)
        return key

    def _eval_ForExpression(self: FileEvaluator, node: s.ForExpression, scope: Scope) -> Any:
        iterations = self.iterations(node, scope)
        if isinstance(iterations, Unknown):
            return iterations
        return check_size("for", [self.evaluate(node.body, inner) for _, inner in iterations])

    def iterations(self: FileEvaluator, node: s.ForExpression, scope: Scope) -> list[tuple[int, Scope]] | Unknown:
        """The scopes of the iterations a `for` keeps (its `if` filter applied)."""
        source = self.evaluate(node.source, scope)
        if isinstance(source, Unknown):
            return source
        if isinstance(source, dict):  # `for x in items(obj)` is a call; a bare object is not iterable
            raise BicepError("a for loop needs an array", node.source)
        if not isinstance(source, list):
            raise BicepError("a for loop needs an array", node.source)
        source = self.limit_loop(source, node)
        kept: list[tuple[int, Scope]] = []
        for index, item in enumerate(source):
            names = {node.item: item}
            if node.index:
                names[node.index] = index
            inner = scope.bind(**names)
            if node.condition is not None:
                keep = self.evaluate(node.condition, inner)
                if isinstance(keep, Unknown):
                    return keep
                if keep is not True:
                    continue
            kept.append((index, inner))
        return kept

    def _eval_LambdaExpression(self: FileEvaluator, node: s.LambdaExpression, scope: Scope) -> Any:
        def body(args: list[Any]) -> Any:
            self.session.budget.charge(1, "lambda call")
            return self.evaluate(node.body, scope.bind(**dict(zip(node.parameters, args))))

        return Lambda(node.parameters, body)

    # ---- names and access ----

    def _eval_Variable(self: FileEvaluator, node: s.Variable, scope: Scope) -> Any:
        if node.name in scope.names:
            return scope.names[node.name]
        return self.symbol(node.name, node)

    def _eval_Member(self: FileEvaluator, node: s.Member, scope: Scope) -> Any:
        target = self.evaluate(node.target, scope)
        return self.member(target, node.name, node, node.safe)

    def member(self: FileEvaluator, target: Any, name: str, node: Any, safe: bool = False) -> Any:
        if isinstance(target, Unknown):
            return target
        if target is None and safe:
            return None
        if isinstance(target, ResourceRef):
            return self.resource_member(target, name, node)
        if isinstance(target, ModuleRef):
            if name == "outputs":
                return target.outputs
            if name == "name":
                return target.name
            return Unknown(f"module property '{name}' is known only at deployment")
        if isinstance(target, list) and isinstance(target and target[0], (ResourceRef, ModuleRef)):
            raise BicepError(f"index the resource collection before reading '.{name}'", node)
        if isinstance(target, dict):
            key = lookup_key(target, name)
            if key is None:
                return None if safe else Unknown(f"the property '{name}' is not set in the template")
            return target[key]
        if safe:
            return None
        raise BicepError(f"cannot read the property '{name}' of {_kind(target)}", node)

    def _eval_Index(self: FileEvaluator, node: s.Index, scope: Scope) -> Any:
        target = self.evaluate(node.target, scope)
        index = self.evaluate(node.index, scope)
        if isinstance(target, Unknown):
            return target
        if isinstance(index, Unknown):
            return index
        if target is None and node.safe:
            return None
        if isinstance(target, list) and isinstance(index, int) and not isinstance(index, bool):
            if 0 <= index < len(target):
                return target[index]
            if node.safe:
                return None
            raise BicepError(f"index {index} is out of range (length {len(target)})", node)
        if isinstance(target, (dict, ResourceRef, ModuleRef)) and isinstance(index, str):
            return self.member(target, index, node, node.safe)
        if node.safe:
            return None
        raise BicepError(f"cannot index {_kind(target)} with {_kind(index)}", node)

    def _eval_NestedRef(self: FileEvaluator, node: s.NestedRef, scope: Scope) -> Any:
        parent = self.evaluate(node.target, scope)
        if isinstance(parent, Unknown):
            return parent
        return self.nested_resource(parent, node.name, node)

    def _eval_NonNull(self: FileEvaluator, node: s.NonNull, scope: Scope) -> Any:
        return self.evaluate(node.operand, scope)

    # ---- operators ----

    def _eval_Unary(self: FileEvaluator, node: s.Unary, scope: Scope) -> Any:
        value = self.evaluate(node.operand, scope)
        if node.operator == "!":
            return self.call_builtin("not", [value], node)
        if isinstance(node.operand, s.Literal) and isinstance(value, int):
            return -value
        return self.call_builtin("sub", [0, value], node)

    def _eval_Binary(self: FileEvaluator, node: s.Binary, scope: Scope) -> Any:
        operator = node.operator
        left = self.evaluate(node.left, scope)
        if operator == "&&":
            if left is False:
                return False
            return self.call_builtin("and", [left, self.evaluate(node.right, scope)], node)
        if operator == "||":
            if left is True:
                return True
            return self.call_builtin("or", [left, self.evaluate(node.right, scope)], node)
        if operator == "??":
            if isinstance(left, Unknown):
                return left
            return left if left is not None else self.evaluate(node.right, scope)
        right = self.evaluate(node.right, scope)
        if operator in ("==", "!="):
            equal = self.call_builtin("equals", [left, right], node)
            return equal if operator == "==" or isinstance(equal, Unknown) else not equal
        if operator in ("=~", "!~"):
            if isinstance(left, Unknown):
                return left
            if isinstance(right, Unknown):
                return right
            if not isinstance(left, str) or not isinstance(right, str):
                raise BicepError(f"'{operator}' compares strings", node)
            equal = left.casefold() == right.casefold()
            return equal if operator == "=~" else not equal
        if operator in _COMPARISONS:
            return self.call_builtin(_COMPARISONS[operator], [left, right], node)
        if operator in _ARITHMETIC:
            return self.call_builtin(_ARITHMETIC[operator], [left, right], node)
        raise BicepError(f"unknown operator {operator!r}", node)

    def _eval_Conditional(self: FileEvaluator, node: s.Conditional, scope: Scope) -> Any:
        test = self.evaluate(node.test, scope)
        if test is True:
            return self.evaluate(node.then, scope)
        if test is False:
            return self.evaluate(node.otherwise, scope)
        if isinstance(test, Unknown):
            then, otherwise = self.evaluate(node.then, scope), self.evaluate(node.otherwise, scope)
            same = functions.call("equals", [then, otherwise], self.context) if not isinstance(then, Lambda) else False
            return then if same is True else test
        raise BicepError("the condition of '?' must be a bool", node.test)

    # ---- calls ----

    def _eval_Call(self: FileEvaluator, node: s.Call, scope: Scope) -> Any:
        user = self.user_function(node.name)
        if user is not None:
            return self.call_user_function(user, [self.evaluate(arg, scope) for arg in node.args], node)
        return self.call_function(node.name, node.args, scope, node)

    def _eval_MethodCall(self: FileEvaluator, node: s.MethodCall, scope: Scope) -> Any:
        target_node = node.target
        if isinstance(target_node, s.Variable) and target_node.name not in scope.names:
            namespace = self.namespace(target_node.name)
            if namespace is not None:
                return namespace(node, [self.evaluate(arg, scope) for arg in node.args])
            if target_node.name in NAMESPACES and not self.has_symbol(target_node.name):
                return self.call_function(node.name, node.args, scope, node)
        target = self.evaluate(target_node, scope)
        if isinstance(target, Unknown):
            return target
        if isinstance(target, ResourceRef):
            return Unknown(f"{target.symbol}.{node.name}() reads the deployed resource")
        raise BicepError(f"'{node.name}' is not a function of {_kind(target)}", node)

    def call_function(self: FileEvaluator, name: str, arg_nodes: tuple[Any, ...], scope: Scope, node: Any) -> Any:
        folded = name.casefold()
        if folded == "any":
            return self.evaluate(arg_nodes[0], scope) if arg_nodes else None
        if folded.startswith("load") and folded.endswith(("content", "base64", "contentasbase64", "filepath")):
            return self.load_file_function(name, [self.evaluate(arg, scope) for arg in arg_nodes], node)
        if folded in ("readenvironmentvariable", "externalinput", "newguid") and not functions.is_builtin(folded):
            return Unknown(f"{name}() is known only when the deployment runs")
        if folded == "nameof" and arg_nodes:
            last = arg_nodes[0]
            return last.name if isinstance(last, (s.Variable, s.Member)) else Unknown("nameof()")
        args = [self.evaluate(arg, scope) for arg in arg_nodes]
        if folded in ("resourcegroup", "subscription") and args:
            return self.scope_function(folded, args, node)
        return self.call_builtin(name, args, node)

    def scope_function(self: FileEvaluator, name: str, args: list[Any], node: Any) -> Any:
        """Bicep's `resourceGroup('rg')`, `resourceGroup(sub, 'rg')`, `subscription(sub)`: a target scope."""
        unknown = next((arg for arg in args if isinstance(arg, Unknown)), None)
        if unknown is not None:
            return unknown
        if not all(isinstance(arg, str) for arg in args) or len(args) > 2:
            raise BicepError(f"{name}() takes one or two strings", node)
        if name == "subscription":
            return {"id": f"/subscriptions/{args[0]}", "subscriptionId": args[0]}
        subscription = args[0] if len(args) == 2 else self.context.subscription_id
        group = args[-1]
        return {"id": f"/subscriptions/{subscription}/resourceGroups/{group}", "name": group, "type": "Microsoft.Resources/resourceGroups"}

    def call_builtin(self: FileEvaluator, name: str, args: list[Any], node: Any) -> Any:
        try:
            return functions.call(name, args, self.context)
        except UnsupportedFunction:
            self.note_unsupported(f"the function '{name}' is not supported: values that depend on it are unknown", node)
            return Unknown(f"{name}() is not supported")
        except ValueTooLarge:
            raise  # a bound, not a template error: LINT-005 where the expression is evaluated
        except EvaluationError as error:
            raise BicepError(str(error), node) from None


def _put(result: dict[str, Any], key: str, value: Any) -> None:
    existing = lookup_key(result, key)
    if existing is not None and existing != key:
        del result[existing]
    result[key] = value


def _kind(value: Any) -> str:
    """'a string', 'an object', …: the shared type names of the function library, with an article."""
    if value is MISSING:
        return "a missing value"
    name = type_name(value)
    return name if name == "null" else f"{'an' if name[0] in 'aeiou' else 'a'} {name}"
