"""What the change-aware rules share: how to name the previous version and compare references (a helper
module: it declares no rule)."""

from __future__ import annotations

from typing import Any

from vmss_lint.registry import Context
from vmss_lint.values import MISSING, Unknown, lookup_key


def previous_name(ctx: Context) -> str:
    """How messages name the previous version: 'origin/main:infra/vmss.json' or the --previous path."""
    previous = ctx.previous
    return previous.path if previous is not None else "the previous version"


def reference_id(value: Any) -> str | None | Unknown:
    """The id of a `{ "id": ... }` reference, lower-cased for comparison; None when there is no reference."""
    if value is MISSING or value is None:
        return None
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        key = lookup_key(value, "id")
        value = value[key] if key else None
        if value is None:
            return None
    if isinstance(value, Unknown):
        return value
    if isinstance(value, str):
        return value.strip().casefold()
    return Unknown("the reference is not an id string")


def show(value: Any) -> str:
    """A value as the user wrote it in a message."""
    if value is MISSING or value is None:
        return "absent"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)
