"""Lambda functions: filter, map, reduce, sort, toObject, groupBy, mapValues.

The lambda is a `base.Lambda`; an Unknown produced for a decision (a filter predicate, a sort
comparison, a key) makes the whole result unknown, an Unknown produced as a value stays a value.
"""

from __future__ import annotations

import functools
from typing import Any

from ..values import Unknown
from .base import MAX_VALUE_SIZE, EvaluationError, FunctionContext, Table, check_length, expect, expect_lambda, invoke, type_name, value_size

TABLE = Table()


def _decision(name: str, value: Any) -> Any:
    if isinstance(value, Unknown) or isinstance(value, bool):
        return value
    raise EvaluationError(f"{name}(): the lambda must return a bool, got {type_name(value)}")


@TABLE.add("filter", min_args=2, max_args=2, shallow=True)
def filter_(args: list[Any], context: FunctionContext) -> Any:
    predicate = expect_lambda("filter", args[1])
    kept = []
    for index, item in enumerate(expect("filter", args[0], "array")):
        decision = _decision("filter", invoke(predicate, item, index))
        if isinstance(decision, Unknown):
            return decision
        if decision:
            kept.append(item)
    return kept


@TABLE.add("map", min_args=2, max_args=2, shallow=True)
def map_(args: list[Any], context: FunctionContext) -> Any:
    mapper = expect_lambda("map", args[1])
    results = []
    size = 0
    for index, item in enumerate(expect("map", args[0], "array")):
        results.append(invoke(mapper, item, index))
        size += value_size(results[-1], MAX_VALUE_SIZE - size)  # counted while building: map over map is N²
        check_length("map", size)
    return results


@TABLE.add("reduce", min_args=3, max_args=3, shallow=True)
def reduce_(args: list[Any], context: FunctionContext) -> Any:
    reducer = expect_lambda("reduce", args[2])
    accumulator = args[1]
    for index, item in enumerate(expect("reduce", args[0], "array")):
        accumulator = invoke(reducer, accumulator, item, index)
    return accumulator


@TABLE.add("sort", min_args=2, max_args=2, shallow=True)
def sort(args: list[Any], context: FunctionContext) -> Any:
    """`lambda('a', 'b', less(a, b))`: true when a sorts before b (a stable sort)."""
    comparer = expect_lambda("sort", args[1])
    items = list(expect("sort", args[0], "array"))
    unknown: list[Unknown] = []

    def compare(left: Any, right: Any) -> int:
        if unknown:
            return 0
        before = _decision("sort", invoke(comparer, left, right))
        if isinstance(before, Unknown):
            unknown.append(before)
            return 0
        if before:
            return -1
        after = _decision("sort", invoke(comparer, right, left))
        if isinstance(after, Unknown):
            unknown.append(after)
            return 0
        return 1 if after else 0

    items.sort(key=functools.cmp_to_key(compare))
    return unknown[0] if unknown else items


def _key(name: str, value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return expect(name, value, "string")


@TABLE.add("toObject", min_args=2, max_args=3, shallow=True)
def to_object(args: list[Any], context: FunctionContext) -> Any:
    key_of = expect_lambda("toObject", args[1])
    value_of = expect_lambda("toObject", args[2]) if len(args) > 2 else None
    result: dict[str, Any] = {}
    for item in expect("toObject", args[0], "array"):
        key = _key("toObject", invoke(key_of, item))
        if isinstance(key, Unknown):
            return key
        result[key] = invoke(value_of, item) if value_of else item
    return result


@TABLE.add("groupBy", min_args=2, max_args=2, shallow=True)
def group_by(args: list[Any], context: FunctionContext) -> Any:
    key_of = expect_lambda("groupBy", args[1])
    groups: dict[str, list[Any]] = {}
    for item in expect("groupBy", args[0], "array"):
        key = _key("groupBy", invoke(key_of, item))
        if isinstance(key, Unknown):
            return key
        groups.setdefault(key, []).append(item)
    return groups


@TABLE.add("mapValues", min_args=2, max_args=2, shallow=True)
def map_values(args: list[Any], context: FunctionContext) -> Any:
    mapper = expect_lambda("mapValues", args[1])
    results = {}
    size = 0
    for key, value in expect("mapValues", args[0], "object").items():
        results[key] = invoke(mapper, value)
        size += value_size(results[key], MAX_VALUE_SIZE - size)
        check_length("mapValues", size)
    return results
