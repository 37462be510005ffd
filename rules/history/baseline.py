"""Reach the previous version of a resource from a rule (a helper module: it declares no rule)."""

from __future__ import annotations

from typing import Any

from vmss_lint.model import Resource
from vmss_lint.values import MISSING, Unknown, lookup_key


def previous_version(resource: Resource, ctx: Any) -> Resource | None:
    """The same resource in the previous version of the file, or None (no previous version, or new)."""
    finder = getattr(ctx, "previous_of", None)
    return finder(resource) if finder is not None else None


def baseline_name(ctx: Any) -> str:
    """How messages name the previous version: 'origin/main:infra/vmss.json' or the --previous path."""
    previous = getattr(ctx, "previous", None)
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
