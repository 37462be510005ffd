"""What a rule's fix changes, said on the evaluated model: remove a property, or set one to a value.

A rule declares its fix in `@rule(autofix=...)`: an `Autofix` with a title, whether it is safe (it never
changes what a deployment that works today does) and how to build the intent from the finding's resource
and violation. The fixes package, not the rule, works out which text to edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

from ..findings import Violation
from ..model import Resource
from ..values import Path


@dataclass(frozen=True)
class RemoveProperty:
    """Delete the member at `path` (the key and its value) from the resource."""

    path: Path


@dataclass(frozen=True)
class SetProperty:
    """Give the member at `path` the literal `value`, adding the key to its parent object when absent."""

    path: Path
    value: Any


Intent = Union[RemoveProperty, SetProperty]
IntentBuilder = Callable[[Resource, Violation], Union[Intent, None]]


@dataclass(frozen=True)
class Autofix:
    """A rule's fix. `safe`: `--fix` applies it; otherwise only `--unsafe-fixes` does (it changes behaviour)."""

    title: str
    safe: bool
    build: IntentBuilder

    def intent(self, resource: Resource, violation: Violation) -> Intent | None:
        return self.build(resource, violation)


def remove_reported(title: str, *, safe: bool = True) -> Autofix:
    """The common case: remove the property the violation points at."""
    return Autofix(title, safe, lambda resource, violation: RemoveProperty(violation.path))


def set_reported(title: str, value: Any, *, safe: bool) -> Autofix:
    """Set the property the violation points at to `value`."""
    return Autofix(title, safe, lambda resource, violation: SetProperty(violation.path, value))
