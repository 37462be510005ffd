"""The positioned Bicep syntax tree the evaluator reads.

Every node carries `start`/`end`: character offsets into the file it came from (the evaluator turns
them into 1-based line/column through its `SourceFile`). Expressions are immutable and hashable-free
plain records; statements keep their decorators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


@dataclass(frozen=True)
class Node:
    start: int
    end: int


# ---- expressions ----


@dataclass(frozen=True)
class Literal(Node):
    value: Any  # str, int, bool or None


@dataclass(frozen=True)
class Interpolated(Node):
    parts: tuple[Any, ...]  # str pieces and Expr holes, in order


@dataclass(frozen=True)
class Variable(Node):
    name: str


@dataclass(frozen=True)
class Member(Node):
    target: Any
    name: str
    safe: bool = False  # `.?`


@dataclass(frozen=True)
class Index(Node):
    target: Any
    index: Any
    safe: bool = False  # `[?`


@dataclass(frozen=True)
class NestedRef(Node):
    target: Any
    name: str  # `parent::child`


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class MethodCall(Node):
    target: Any  # a namespace (`sys`, `az`, an import alias) or a resource (`kv.getSecret`)
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Unary(Node):
    operator: str
    operand: Any


@dataclass(frozen=True)
class Binary(Node):
    operator: str
    left: Any
    right: Any


@dataclass(frozen=True)
class Conditional(Node):
    test: Any
    then: Any
    otherwise: Any


@dataclass(frozen=True)
class NonNull(Node):
    operand: Any


@dataclass(frozen=True)
class Spread(Node):
    value: Any


@dataclass(frozen=True)
class ArrayLiteral(Node):
    items: tuple[Any, ...]  # Expr or Spread


@dataclass(frozen=True)
class Property(Node):
    key: Any  # str, or an Interpolated key
    key_start: int
    key_end: int
    value: Any


@dataclass(frozen=True)
class ObjectLiteral(Node):
    items: tuple[Any, ...]  # Property, Spread or ChildResource


@dataclass(frozen=True)
class ForExpression(Node):
    item: str
    index: str | None
    source: Any
    condition: Any  # None when unfiltered
    body: Any


@dataclass(frozen=True)
class LambdaExpression(Node):
    parameters: tuple[str, ...]
    body: Any


@dataclass(frozen=True)
class IfBody(Node):
    """`if (condition) { ... }` as the body of a resource or module."""

    condition: Any
    body: Any


# ---- types (parsed for completeness; the evaluator reads literal unions and nullability) ----


@dataclass(frozen=True)
class TypeNode(Node):
    kind: str  # ref, literal, union, array, nullable, member, index, generic, resource, object, tuple
    value: Any = None  # the name, the literal value, or the member name
    children: tuple[Any, ...] = ()


# ---- statements ----


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ParameterDecl(Statement):
    name: str = ""
    name_start: int = 0
    type: Any = None
    default: Any = None  # an expression, or None


@dataclass(frozen=True)
class VariableDecl(Statement):
    name: str = ""
    name_start: int = 0
    value: Any = None


@dataclass(frozen=True)
class OutputDecl(Statement):
    name: str = ""
    name_start: int = 0
    type: Any = None
    value: Any = None


@dataclass(frozen=True)
class ResourceDecl(Statement):
    name: str = ""
    name_start: int = 0
    type_string: str = ""
    existing: bool = False
    body: Any = None  # ObjectLiteral, ForExpression or IfBody


@dataclass(frozen=True)
class ModuleDecl(Statement):
    name: str = ""
    name_start: int = 0
    path: str = ""
    path_start: int = 0
    body: Any = None


@dataclass(frozen=True)
class TypeDecl(Statement):
    name: str = ""
    type: Any = None


@dataclass(frozen=True)
class FunctionDecl(Statement):
    name: str = ""
    parameters: tuple[str, ...] = ()
    body: Any = None


@dataclass(frozen=True)
class ImportDecl(Statement):
    path: str = ""
    names: tuple[tuple[str, str], ...] = ()  # (exported name, local name)
    wildcard: str | None = None  # `import * as x`


@dataclass(frozen=True)
class OtherDecl(Statement):
    """targetScope, metadata, using, extends, assert, extension and provider imports."""

    kind: str = ""
    name: str | None = None
    value: Any = None


@dataclass(frozen=True)
class ChildResource(ResourceDecl):
    pass


Expression = Union[
    Literal, Interpolated, Variable, Member, Index, NestedRef, Call, MethodCall, Unary, Binary, Conditional,
    NonNull, ArrayLiteral, ObjectLiteral, ForExpression, LambdaExpression,
]


@dataclass
class Program:
    statements: list[Statement]
    problems: list[tuple[int, str]]  # (offset, message): syntax errors
