"""Parameter bounds (minValue, maxValue, minLength, maxLength) as ARM validates them, for both front ends."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .values import known_int

BOUNDS = ("minValue", "maxValue", "minLength", "maxLength")


def bound_violation(value: Any, bounds: Mapping[str, Any]) -> str | None:
    """Why a known value breaks one of the bounds (`{'maxValue': 1000}`), or None. Unknown bounds are skipped."""
    number = known_int(value)
    sized = value if isinstance(value, (str, list)) else None
    whole = number if number is not None else 0
    length = len(sized or ())
    checks: tuple[tuple[str, bool, Callable[[int], bool], str], ...] = (
        ("minValue", number is not None, lambda bound: whole < bound, "is below"),
        ("maxValue", number is not None, lambda bound: whole > bound, "is above"),
        ("minLength", sized is not None, lambda bound: length < bound, "is shorter than"),
        ("maxLength", sized is not None, lambda bound: length > bound, "is longer than"),
    )
    for name, applies, broken, verb in checks:
        bound = known_int(bounds.get(name))
        if applies and bound is not None and broken(bound):
            shown = f"'{value}'" if isinstance(value, str) else f"an array of {len(value)}" if isinstance(value, list) else str(value)
            return f"{shown} {verb} {name} {bound}: Azure rejects the deployment"
    return None
