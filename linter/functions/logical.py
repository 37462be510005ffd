"""Logical functions: and, or, not, if, bool, true, false.

`and`/`or` decide on a known false/true even when another argument is unknown; `if` with a known
condition returns its branch whatever the other branch holds.
"""

from __future__ import annotations

from typing import Any

from ..values import Unknown
from .base import EvaluationError, FunctionContext, Table, expect, is_int

TABLE = Table()


def _bool(name: str, value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return expect(name, value, "bool")


@TABLE.add("and", min_args=2, unknown_ok=True)
def and_(args: list[Any], context: FunctionContext) -> Any:
    unknown = None
    for arg in args:
        value = _bool("and", arg)
        if value is False:
            return False
        if isinstance(value, Unknown):
            unknown = value
    return unknown if unknown is not None else True


@TABLE.add("or", min_args=2, unknown_ok=True)
def or_(args: list[Any], context: FunctionContext) -> Any:
    unknown = None
    for arg in args:
        value = _bool("or", arg)
        if value is True:
            return True
        if isinstance(value, Unknown):
            unknown = value
    return unknown if unknown is not None else False


@TABLE.add("not", min_args=1, max_args=1)
def not_(args: list[Any], context: FunctionContext) -> Any:
    return not expect("not", args[0], "bool")


@TABLE.add("if", min_args=3, max_args=3, unknown_ok=True)
def if_(args: list[Any], context: FunctionContext) -> Any:
    condition = _bool("if", args[0])
    if isinstance(condition, Unknown):
        return condition
    return args[1] if condition else args[2]


@TABLE.add("bool", min_args=1, max_args=1)
def bool_(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    if isinstance(value, bool):
        return value
    if is_int(value):
        return value != 0
    if isinstance(value, str) and value.casefold() in ("true", "false"):
        return value.casefold() == "true"
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value) != 0
    raise EvaluationError(f"bool() cannot convert {value!r}")


@TABLE.add("true", max_args=0)
def true(args: list[Any], context: FunctionContext) -> Any:
    return True


@TABLE.add("false", max_args=0)
def false(args: list[Any], context: FunctionContext) -> Any:
    return False
