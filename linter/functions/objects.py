"""Object functions: createObject, items, json, null, shallowMerge, objectKeys.

`contains`, `empty`, `intersection`, `length`, `union` and `tryGet` also take objects (see arrays.py).
"""

from __future__ import annotations

import json as _json
from typing import Any

from ..values import Unknown
from .base import EvaluationError, FunctionContext, Table, expect

TABLE = Table()


@TABLE.add("createObject", min_args=0, unknown_ok=True)
def create_object(args: list[Any], context: FunctionContext) -> Any:
    if len(args) % 2:
        raise EvaluationError("createObject() takes key/value pairs")
    result: dict[str, Any] = {}
    for index in range(0, len(args), 2):
        key = args[index]
        if isinstance(key, Unknown):
            return key
        result[expect("createObject", key, "string")] = args[index + 1]
    return result


@TABLE.add("items", min_args=1, max_args=1, shallow=True)
def items(args: list[Any], context: FunctionContext) -> Any:
    """[{key, value}] sorted by key (case-insensitively), as ARM returns them."""
    value = expect("items", args[0], "object")
    return [{"key": key, "value": value[key]} for key in sorted(value, key=str.casefold)]


@TABLE.add("objectKeys", min_args=1, max_args=1, shallow=True)
def object_keys(args: list[Any], context: FunctionContext) -> Any:
    return list(expect("objectKeys", args[0], "object"))


@TABLE.add("json", min_args=1, max_args=1)
def json(args: list[Any], context: FunctionContext) -> Any:
    text = expect("json", args[0], "string")
    try:
        return _json.loads(text)
    except ValueError as error:
        raise EvaluationError(f"json(): invalid JSON ({error})") from None


@TABLE.add("null", max_args=0)
def null(args: list[Any], context: FunctionContext) -> Any:
    return None


@TABLE.add("shallowMerge", min_args=1, max_args=1, shallow=True)
def shallow_merge(args: list[Any], context: FunctionContext) -> Any:
    result: dict[str, Any] = {}
    for item in expect("shallowMerge", args[0], "array"):
        if isinstance(item, Unknown):
            return item
        result.update(expect("shallowMerge", item, "object"))
    return result
