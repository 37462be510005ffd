"""Comparison functions: coalesce, equals, greater, greaterOrEquals, less, lessOrEquals.

Reference: "Comparison functions for ARM templates". `equals` is case-sensitive for strings (Bicep's
`=~` compiles to equals(toLower(a), toLower(b))); ordering compares ints, or strings ordinally.
"""

from __future__ import annotations

from typing import Any

from ..values import Unknown
from .base import EvaluationError, FunctionContext, Table, deep_equals, is_int, type_name

TABLE = Table()


@TABLE.add("coalesce", min_args=1, unknown_ok=True)
def coalesce(args: list[Any], context: FunctionContext) -> Any:
    """The first non-null argument; an Unknown before it makes the result unknown."""
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if arg is not None:
            return arg
    return None


@TABLE.add("equals", min_args=2, max_args=2, unknown_ok=True)
def equals(args: list[Any], context: FunctionContext) -> Any:
    return deep_equals(args[0], args[1])


def _ordered(name: str, args: list[Any]) -> tuple[Any, Any]:
    left, right = args
    numbers = (is_int(left) or isinstance(left, float)) and (is_int(right) or isinstance(right, float))
    if numbers or (isinstance(left, str) and isinstance(right, str)):
        return left, right
    raise EvaluationError(f"{name}() compares two ints or two strings, got {type_name(left)} and {type_name(right)}")


@TABLE.add("greater", min_args=2, max_args=2)
def greater(args: list[Any], context: FunctionContext) -> Any:
    left, right = _ordered("greater", args)
    return left > right


@TABLE.add("greaterOrEquals", min_args=2, max_args=2)
def greater_or_equals(args: list[Any], context: FunctionContext) -> Any:
    left, right = _ordered("greaterOrEquals", args)
    return left >= right


@TABLE.add("less", min_args=2, max_args=2)
def less(args: list[Any], context: FunctionContext) -> Any:
    left, right = _ordered("less", args)
    return left < right


@TABLE.add("lessOrEquals", min_args=2, max_args=2)
def less_or_equals(args: list[Any], context: FunctionContext) -> Any:
    left, right = _ordered("lessOrEquals", args)
    return left <= right
