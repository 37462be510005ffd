"""Template functions on arrays (most also accept strings or objects, as in ARM).

Reference: "Array functions for ARM templates" (learn.microsoft.com/azure/azure-resource-manager/templates/
template-functions-array). Functions that take strings too (`concat`, `contains`, `first`, ...) live here.
"""

from __future__ import annotations

from typing import Any

from ..values import Unknown, contains_unknown, lookup_key
from .base import EvaluationError, FunctionContext, Table, deep_equals, expect, expect_int, is_int, type_name

TABLE = Table()


@TABLE.add("array", min_args=1, max_args=1, shallow=True)
def array(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    return value if isinstance(value, list) else [value]


@TABLE.add("createArray", min_args=0, unknown_ok=True)
def create_array(args: list[Any], context: FunctionContext) -> Any:
    return list(args)


@TABLE.add("concat", min_args=1, unknown_ok=True)
def concat(args: list[Any], context: FunctionContext) -> Any:
    """Arrays concatenate (their Unknown items stay items); otherwise every argument becomes text."""
    if any(isinstance(arg, list) for arg in args):
        result: list[Any] = []
        for arg in args:
            if isinstance(arg, Unknown):
                return arg
            if arg is None:
                continue
            expect("concat", arg, "array")
            result.extend(arg)
        return result
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
    pieces = []
    for arg in args:
        if arg is None:
            continue
        if isinstance(arg, (dict, list)):
            raise EvaluationError(f"concat() cannot join a string with {type_name(arg)}")
        pieces.append(_text(arg))
    return "".join(pieces)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


@TABLE.add("contains", min_args=2, max_args=2, unknown_ok=True)
def contains(args: list[Any], context: FunctionContext) -> Any:
    container, item = args
    if isinstance(container, Unknown):
        return container
    if isinstance(container, list):
        unknown = None
        for candidate in container:
            result = deep_equals(candidate, item)
            if result is True:
                return True
            if isinstance(result, Unknown):
                unknown = result
        return unknown if unknown is not None else False
    if isinstance(item, Unknown):
        return item
    if isinstance(container, dict):
        return lookup_key(container, expect("contains", item, "string")) is not None
    if isinstance(container, str):
        return _text(item) in container
    raise EvaluationError(f"contains() expects string, array or object, got {type_name(container)}")


@TABLE.add("empty", min_args=1, max_args=1, unknown_ok=True)
def empty(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    if isinstance(value, Unknown):
        return value
    if value is None:
        return True
    expect("empty", value, "string", "array", "object")
    return len(value) == 0


@TABLE.add("length", min_args=1, max_args=1, unknown_ok=True)
def length(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    if isinstance(value, Unknown):
        return value
    expect("length", value, "string", "array", "object")
    return len(value)


@TABLE.add("first", min_args=1, max_args=1, unknown_ok=True)
def first(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    if isinstance(value, Unknown):
        return value
    expect("first", value, "string", "array")
    if not value:
        return "" if isinstance(value, str) else None
    return value[0]


@TABLE.add("last", min_args=1, max_args=1, unknown_ok=True)
def last(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    if isinstance(value, Unknown):
        return value
    expect("last", value, "string", "array")
    if not value:
        return "" if isinstance(value, str) else None
    return value[-1]


@TABLE.add("indexOf", min_args=2, max_args=2)
def index_of(args: list[Any], context: FunctionContext) -> Any:
    container, item = args
    if isinstance(container, str):
        # ARM's string indexOf is case-insensitive
        return container.casefold().find(expect("indexOf", item, "string").casefold())
    expect("indexOf", container, "array")
    return _find(container, item, reverse=False)


@TABLE.add("lastIndexOf", min_args=2, max_args=2)
def last_index_of(args: list[Any], context: FunctionContext) -> Any:
    container, item = args
    if isinstance(container, str):
        return container.casefold().rfind(expect("lastIndexOf", item, "string").casefold())
    expect("lastIndexOf", container, "array")
    return _find(container, item, reverse=True)


def _find(items: list[Any], item: Any, reverse: bool) -> Any:
    order = range(len(items) - 1, -1, -1) if reverse else range(len(items))
    for index in order:
        result = deep_equals(items[index], item)
        if isinstance(result, Unknown):
            return result
        if result:
            return index
    return -1


@TABLE.add("skip", min_args=2, max_args=2, shallow=True)
def skip(args: list[Any], context: FunctionContext) -> Any:
    value = expect("skip", args[0], "string", "array")
    count = max(0, expect_int("skip", args[1]))
    return value[count:]


@TABLE.add("take", min_args=2, max_args=2, shallow=True)
def take(args: list[Any], context: FunctionContext) -> Any:
    value = expect("take", args[0], "string", "array")
    count = max(0, expect_int("take", args[1]))
    return value[:count]


@TABLE.add("range", min_args=2, max_args=2)
def range_(args: list[Any], context: FunctionContext) -> Any:
    start, count = expect_int("range", args[0]), expect_int("range", args[1])
    if count < 0 or count > 10000:
        raise EvaluationError("range() count must be between 0 and 10000")
    return list(range(start, start + count))


@TABLE.add("flatten", min_args=1, max_args=1, shallow=True)
def flatten(args: list[Any], context: FunctionContext) -> Any:
    result: list[Any] = []
    for item in expect("flatten", args[0], "array"):
        if isinstance(item, Unknown):
            return item
        result.extend(expect("flatten", item, "array"))
    return result


@TABLE.add("union", min_args=1, shallow=True)
def union(args: list[Any], context: FunctionContext) -> Any:
    """Arrays: items in order without duplicates. Objects: later keys win; nested objects merge."""
    if all(isinstance(arg, list) for arg in args):
        result: list[Any] = []
        for arg in args:
            for item in arg:
                if contains_unknown(item):
                    return Unknown("union() of arrays holding unknown items")
                if not any(deep_equals(item, seen) is True for seen in result):
                    result.append(item)
        return result
    merged: dict[str, Any] = {}
    for arg in args:
        if arg is None:
            continue
        _merge(merged, expect("union", arg, "object"))
    return merged


def _merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        existing = lookup_key(target, key)
        if existing is not None and isinstance(target[existing], dict) and isinstance(value, dict):
            nested = dict(target[existing])
            _merge(nested, value)
            target[existing] = nested
            continue
        if existing is not None and existing != key:
            del target[existing]
        target[key] = value


@TABLE.add("intersection", min_args=2)
def intersection(args: list[Any], context: FunctionContext) -> Any:
    if contains_unknown(args):
        return Unknown("intersection() of values holding unknown items")
    if all(isinstance(arg, list) for arg in args):
        result: list[Any] = []
        for item in args[0]:
            if all(any(deep_equals(item, other) is True for other in arg) for arg in args[1:]):
                if not any(deep_equals(item, seen) is True for seen in result):
                    result.append(item)
        return result
    objects = [expect("intersection", arg, "object") for arg in args]
    found = {}
    for key, value in objects[0].items():
        if all(lookup_key(other, key) is not None and deep_equals(other[lookup_key(other, key)], value) is True for other in objects[1:]):
            found[key] = value
    return found


@TABLE.add("tryGet", min_args=2, unknown_ok=True)
def try_get(args: list[Any], context: FunctionContext) -> Any:
    """The value at the keys/indexes given, or null when absent."""
    current = args[0]
    for key in args[1:]:
        if isinstance(current, Unknown):
            return current
        if isinstance(key, Unknown):
            return key
        if isinstance(current, dict) and isinstance(key, str):
            found = lookup_key(current, key)
            if found is None:
                return None
            current = current[found]
        elif isinstance(current, list) and is_int(key):
            if not 0 <= key < len(current):
                return None
            current = current[key]
        else:
            return None
    return current


@TABLE.add("indexFromEnd", min_args=2, max_args=2, shallow=True)
def index_from_end(args: list[Any], context: FunctionContext) -> Any:
    items = expect("indexFromEnd", args[0], "array")
    index = expect_int("indexFromEnd", args[1])
    if not 1 <= index <= len(items):
        raise EvaluationError(f"indexFromEnd(): index {index} is out of range")
    return items[-index]


@TABLE.add("tryIndexFromEnd", min_args=2, max_args=2, shallow=True)
def try_index_from_end(args: list[Any], context: FunctionContext) -> Any:
    items = expect("tryIndexFromEnd", args[0], "array")
    index = expect_int("tryIndexFromEnd", args[1])
    return items[-index] if 1 <= index <= len(items) else None
