"""The template function library shared by the ARM and Bicep evaluators.

    call(name, args, context) -> value | Unknown

`name` is case-insensitive. An unknown function raises `UnsupportedFunction`; wrong argument types or
counts raise `EvaluationError`. Runtime-only functions (`reference`, `list*`, `newGuid`, ...) return
`values.Unknown(reason)` (a template evaluator may answer `reference()` to a resource it declares, see
`deployed`). Unknown arguments propagate unless the function can decide regardless.
Placeholders for deployment facts are in `base` (and `references` for subscription / resource group).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..values import Unknown
from . import resources
from .base import (
    PLACEHOLDER_DEPLOYMENT_NAME,
    PLACEHOLDER_TENANT,
    PLACEHOLDER_UTC_NOW,
    EvaluationError,
    FunctionContext,
    Lambda,
    Spec,
    UnsupportedFunction,
    ValueTooLarge,
    check_size,
    first_unknown,
)


@lru_cache(maxsize=1)
def registry() -> dict[str, Spec]:
    """Every built-in function by case-folded name."""
    from . import arrays, cidr, comparison, dates, deployment, lambdas, logical, numeric, objects, resources, strings

    table: dict[str, Spec] = {}
    for module in (arrays, comparison, logical, numeric, objects, strings, dates, deployment, resources, lambdas, cidr):
        table.update(module.TABLE.specs)
    return table


def is_builtin(name: str) -> bool:
    return name.casefold() in registry()


def call(name: str, args: list[Any], context: FunctionContext) -> Any:
    """Evaluate the template function `name` on evaluated `args`."""
    spec = registry().get(name.casefold())
    if spec is None:
        if resources.is_list_function(name):
            return Unknown(f"{name}() reads a deployed resource")
        if context.user_function is not None:
            return context.user_function(name, args)
        raise UnsupportedFunction(name)
    if len(args) < spec.min_args or (spec.max_args is not None and len(args) > spec.max_args):
        expected = str(spec.min_args) if spec.max_args == spec.min_args else (
            f"at least {spec.min_args}" if spec.max_args is None else f"{spec.min_args} to {spec.max_args}"
        )
        raise EvaluationError(f"{spec.name}() takes {expected} argument(s), got {len(args)}")
    if not spec.unknown_ok:
        unknown = first_unknown(args, deep=not spec.shallow)
        if unknown is not None:
            return unknown
    # bounded inputs and outputs: with them a function that grows its input linearly stays bounded, and
    # the few that multiply (replace, join, format, padLeft) check their own length first
    for arg in args:
        check_size(spec.name, arg)
    try:
        result = spec.implementation(args, context)
    except (OverflowError, ValueError) as error:  # out of the range Python's types hold (a year past 9999)
        raise EvaluationError(f"{spec.name}(): {error}") from None
    if isinstance(result, Lambda):
        raise EvaluationError(f"{spec.name}(): a lambda can only be the argument of a function that takes one, not a value")
    return check_size(spec.name, result)


__all__ = [
    "PLACEHOLDER_DEPLOYMENT_NAME", "PLACEHOLDER_TENANT", "PLACEHOLDER_UTC_NOW", "EvaluationError",
    "FunctionContext", "Lambda", "UnsupportedFunction", "Unknown", "ValueTooLarge", "call", "is_builtin", "registry",
]
