"""The positioned Bicep syntax tree the evaluator reads.

Every node carries `start`/`end`: character offsets into the file it came from (the evaluator turns
them into 1-based line/column through its `SourceFile`). Expressions are immutable and hashable-free
plain records; statements keep their decorators.
"""

from __future__ import annotations

from typing import Any, Union

from ..records import field, record


@record(frozen=True)
class Node:
    start: int
    end: int


# ---- expressions ----


@record(frozen=True)
class Literal(Node):
    value: Any  # str, int, bool or None


@record(frozen=True)
class Interpolated(Node):
    parts: tuple[Any, ...]  # str pieces and Expr holes, in order


@record(frozen=True)
class Variable(Node):
    name: str


@record(frozen=True)
class Member(Node):
    target: Any
    name: str
    safe: bool = False  # `.?`


@record(frozen=True)
class Index(Node):
    target: Any
    index: Any
    safe: bool = False  # `[?`


@record(frozen=True)
class NestedRef(Node):
    target: Any
    name: str  # `parent::child`


@record(frozen=True)
class Call(Node):
    name: str
    args: tuple[Any, ...]


@record(frozen=True)
class MethodCall(Node):
    target: Any  # a namespace (`sys`, `az`, an import alias) or a resource (`kv.getSecret`)
    name: str
    args: tuple[Any, ...]


@record(frozen=True)
class Unary(Node):
    operator: str
    operand: Any


@record(frozen=True)
class Binary(Node):
    operator: str
    left: Any
    right: Any


@record(frozen=True)
class Conditional(Node):
    test: Any
    then: Any
    otherwise: Any


@record(frozen=True)
class NonNull(Node):
    operand: Any


@record(frozen=True)
class Spread(Node):
    value: Any


@record(frozen=True)
class ArrayLiteral(Node):
    items: tuple[Any, ...]  # Expr or Spread


@record(frozen=True)
class Property(Node):
    key: Any  # str, or an Interpolated key
    key_start: int
    key_end: int
    value: Any


@record(frozen=True)
class ObjectLiteral(Node):
    items: tuple[Any, ...]  # Property, Spread or ChildResource


@record(frozen=True)
class ForExpression(Node):
    item: str
    index: str | None
    source: Any
    condition: Any  # None when unfiltered
    body: Any


@record(frozen=True)
class LambdaExpression(Node):
    parameters: tuple[str, ...]
    body: Any


@record(frozen=True)
class IfBody(Node):
    """`if (condition) { ... }` as the body of a resource or module."""

    condition: Any
    body: Any


# ---- types (parsed for completeness; the evaluator reads literal unions and nullability) ----


@record(frozen=True)
class TypeNode(Node):
    kind: str  # ref, literal, union, array, nullable, member, index, generic, resource, object, tuple
    value: Any = None  # the name, the literal value, or the member name
    children: tuple[Any, ...] = ()


# ---- statements ----


@record(frozen=True)
class Statement(Node):
    keyword_start: int = 0  # where the keyword is (decorators come before it)
    decorators: tuple[Any, ...] = field(default=(), compare=False)

    def decorator(self, name: str) -> Any:
        """The first decorator call named `name` (with or without the `sys.` prefix), or None."""
        folded = name.casefold()
        for decorator in self.decorators:
            if isinstance(decorator, Call) and decorator.name.casefold() == folded:
                return decorator
            if isinstance(decorator, MethodCall) and decorator.name.casefold() == folded:
                return decorator
        return None


@record(frozen=True)
class ParameterDecl(Statement):
    name: str = ""
    name_start: int = 0
    type: Any = None
    default: Any = None  # an expression, or None


@record(frozen=True)
class VariableDecl(Statement):
    name: str = ""
    name_start: int = 0
    value: Any = None


@record(frozen=True)
class OutputDecl(Statement):
    name: str = ""
    name_start: int = 0
    type: Any = None
    value: Any = None


@record(frozen=True)
class ResourceDecl(Statement):
    name: str = ""
    name_start: int = 0
    type_string: str = ""
    existing: bool = False
    body: Any = None  # ObjectLiteral, ForExpression or IfBody


@record(frozen=True)
class ModuleDecl(Statement):
    name: str = ""
    name_start: int = 0
    path: str = ""
    path_start: int = 0
    body: Any = None


@record(frozen=True)
class TypeDecl(Statement):
    name: str = ""
    type: Any = None


@record(frozen=True)
class FunctionDecl(Statement):
    name: str = ""
    parameters: tuple[str, ...] = ()
    body: Any = None


@record(frozen=True)
class ImportDecl(Statement):
    path: str = ""
    names: tuple[tuple[str, str], ...] = ()  # (exported name, local name)
    wildcard: str | None = None  # `import * as x`


@record(frozen=True)
class OtherDecl(Statement):
    """targetScope, metadata, using, extends, assert, extension and provider imports."""

    kind: str = ""
    name: str | None = None
    value: Any = None


@record(frozen=True)
class ChildResource(ResourceDecl):
    pass


Expression = Union[
    Literal, Interpolated, Variable, Member, Index, NestedRef, Call, MethodCall, Unary, Binary, Conditional,
    NonNull, ArrayLiteral, ObjectLiteral, ForExpression, LambdaExpression,
]


@record
class Program:
    statements: list[Statement]
    problems: list[tuple[int, str]]  # (offset, message): syntax errors
