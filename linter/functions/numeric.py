"""Numeric functions: add, sub, mul, div, mod, int, float, min, max (64-bit integers, as in ARM)."""

from __future__ import annotations

import math
from typing import Any

from .base import EvaluationError, FunctionContext, Table, expect, expect_int, is_int

TABLE = Table()

_INT64 = 1 << 63


def _checked(name: str, value: int) -> int:
    if not -_INT64 <= value < _INT64:
        raise EvaluationError(f"{name}(): integer overflow")
    return value


@TABLE.add("add", min_args=2, max_args=2)
def add(args: list[Any], context: FunctionContext) -> Any:
    return _checked("add", expect_int("add", args[0]) + expect_int("add", args[1]))


@TABLE.add("sub", min_args=2, max_args=2)
def sub(args: list[Any], context: FunctionContext) -> Any:
    return _checked("sub", expect_int("sub", args[0]) - expect_int("sub", args[1]))


@TABLE.add("mul", min_args=2, max_args=2)
def mul(args: list[Any], context: FunctionContext) -> Any:
    return _checked("mul", expect_int("mul", args[0]) * expect_int("mul", args[1]))


@TABLE.add("div", min_args=2, max_args=2)
def div(args: list[Any], context: FunctionContext) -> Any:
    left, right = expect_int("div", args[0]), expect_int("div", args[1])
    if right == 0:
        raise EvaluationError("div(): division by zero")
    quotient = abs(left) // abs(right)  # C# integer division truncates toward zero
    return quotient if (left >= 0) == (right > 0) else -quotient


@TABLE.add("mod", min_args=2, max_args=2)
def mod(args: list[Any], context: FunctionContext) -> Any:
    left, right = expect_int("mod", args[0]), expect_int("mod", args[1])
    if right == 0:
        raise EvaluationError("mod(): division by zero")
    return int(math.fmod(left, right)) if abs(left) < 2**52 else left - right * div([left, right], context)


@TABLE.add("int", min_args=1, max_args=1)
def int_(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    if is_int(value):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return _checked("int", int(value.strip()))
        except ValueError:
            raise EvaluationError(f"int() cannot convert {value!r}") from None
    raise EvaluationError(f"int() cannot convert {value!r}")


@TABLE.add("float", min_args=1, max_args=1)
def float_(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    if isinstance(value, bool):
        raise EvaluationError("float() cannot convert a bool")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise EvaluationError(f"float() cannot convert {value!r}") from None


def _numbers(name: str, args: list[Any]) -> list[Any]:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    if not values:
        raise EvaluationError(f"{name}() needs at least one value")
    for value in values:
        if not (is_int(value) or isinstance(value, float)):
            expect(name, value, "int")
    return values


@TABLE.add("min", min_args=1)
def min_(args: list[Any], context: FunctionContext) -> Any:
    return min(_numbers("min", args))


@TABLE.add("max", min_args=1)
def max_(args: list[Any], context: FunctionContext) -> Any:
    return max(_numbers("max", args))
