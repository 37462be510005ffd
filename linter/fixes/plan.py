"""From a rule's intent to a located plan, through the model's provenance (`Resource.locations`)."""

from __future__ import annotations

from typing import Any

from ..findings import Violation
from ..model import Resource
from ..source import Location
from ..values import Path
from .intents import Autofix, RemoveProperty
from .types import Fix, FixPlan


def plan_fix(autofix: Autofix | None, resource: Resource, violation: Violation, variant: str | None) -> Fix | None:
    """The fix for one violation, still without text edits; None when none can be offered.

    A finding that holds only for an explored allowed value (`variant`) gets no fix: the edit would be
    wrong for the value the template deploys today. An undecided finding gets none either.
    """
    if autofix is None or variant or violation.undecided:
        return None
    intent = autofix.intent(resource, violation)
    if intent is None or not intent.path:
        return None
    path = intent.path
    key = exact_location(resource, path)
    parent = exact_location(resource, path[:-1]) if len(path) > 1 else resource.declared_at
    if isinstance(intent, RemoveProperty):
        if key is None:
            return None
        plan = FixPlan("remove", path, None, key, parent, resource.declared_at)
    else:
        sources = tuple(item.location for item in _exact(resource.related, path))
        plan = FixPlan("set", path, intent.value, key, parent, resource.declared_at, sources)
    if resource.call_sites:  # written in a module or nested template: every caller gets the edit
        return Fix(f"{autofix.title} (in the module, for every caller)", False, plan)
    return Fix(autofix.title, autofix.safe, plan)


def _exact(mapping: dict[Path, Any], path: Path) -> tuple[Any, ...]:
    found = mapping.get(path)
    if found is None:
        folded = _fold(path)
        found = next((value for candidate, value in mapping.items() if _fold(candidate) == folded), ())
    return tuple(found)


def _fold(path: Path) -> Path:
    return tuple(part.casefold() if isinstance(part, str) else part for part in path)


def exact_location(resource: Resource, path: Path) -> Location | None:
    """Where exactly the member at `path` is written; None when it is not (no fallback to an ancestor)."""
    found = resource.locations.get(path)
    if found is None:
        folded = tuple(part.casefold() if isinstance(part, str) else part for part in path)
        for candidate, location in resource.locations.items():
            if len(candidate) == len(path) and tuple(p.casefold() if isinstance(p, str) else p for p in candidate) == folded:
                found = location
                break
    if found is None:
        return None
    return found if isinstance(found, Location) else found[0].location(found[1], found[2])
