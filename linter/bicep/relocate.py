"""Findings about a registry module's resources land in the caller's file, not in Bicep's cache.

The module is not the user's code: what the user can change is what the call passes. A finding whose value
the call decided points at that parameter's line in `params`; one decided by a parameter the call left out
points at the module declaration and says which default did it; anything else (the module's own constants)
points at the module declaration too. The place inside the cached module becomes a related location.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..model import Diagnostic, Placement, Related, Resource
from ..source import Location
from ..values import MISSING, Path, Unknown, get_path, same_value

_SEARCH_LIMIT = 10_000  # values visited when looking for a finding's value inside a passed parameter


@dataclass(frozen=True)
class PassedValue:
    name: str
    value: Any
    trail: tuple[Related, ...]  # where the caller's value came from in turn (a parameter file, an outer call)


@dataclass(frozen=True)
class RegistryPlacer:
    """Places the findings on one module call's resources (`model.Placer`)."""

    reference: str  # as written, e.g. br/public:avm/res/compute/virtual-machine-scale-set:0.11.1
    declaration: Location  # the reference string of the module declaration
    module_file: str  # display path of the cached main.json
    passed: Mapping[Related, PassedValue]  # the caller's parameter lines (origins given to the template)
    defaults: Mapping[Related, tuple[str, Any]]  # where a default the call left in place is written -> (parameter, value)

    def place(self, resource: Resource, path: Path) -> Placement:
        inside = resource.locate(path)
        related = resource.related_for(path)
        here = Related(inside, f"set here in the module '{self.reference}' (Bicep's cache)")
        passed = [item for item in related if item in self.passed]
        read_defaults = [item for item in related if item in self.defaults]
        value = get_path(resource.body, path)
        decided = _decisive(value, passed, read_defaults, self.passed, self.defaults)
        if decided is not None and decided in self.passed:
            rest = tuple(item for item in related if item is not decided)
            return Placement(decided.location, (here, *self.passed[decided].trail, *rest))
        if decided is not None:
            name, default = self.defaults[decided]
            remark = f"the module's default for `{name}` is {_show(default)}: pass `{name}` in the module's params to change it"
            return Placement(self.declaration, (here, *related), remark)
        return Placement(self.declaration, (here, *related), f"set inside the module '{self.reference}', not by a parameter of this call")


def _decisive(
    value: Any, passed: list[Related], read_defaults: list[Related], values: Mapping[Related, PassedValue],
    defaults: Mapping[Related, tuple[str, Any]],
) -> Related | None:
    """What decided `value`: a parameter line of the caller, the place of a module default left in place, or
    neither (None). A value equal to what one of them holds wins, then one it is part of, then the first the
    expression read. (An expression's provenance lists at most a few reads, so a distinctive value is also
    looked up among every default the call left in place.)"""
    distinctive = value is not MISSING and value is not None and not isinstance(value, (bool, Unknown))
    if distinctive:
        for item in passed:
            if same_value(values[item].value, value):
                return item
        for item in read_defaults:
            if same_value(defaults[item][1], value):
                return item
        if isinstance(value, str) and len(value) > 2:
            matches = [item for item, (_, default) in defaults.items() if same_value(default, value)]
            if len(matches) == 1:
                return matches[0]
        for item in passed:
            if _holds(values[item].value, value):
                return item
    if passed:
        return passed[0]
    return read_defaults[0] if read_defaults else None


def relocate_diagnostic(diagnostic: Diagnostic, placer: RegistryPlacer) -> Diagnostic:
    """A problem met inside the cached module: shown at the module declaration, the place as related."""
    if diagnostic.location.path != placer.module_file:
        return diagnostic
    here = Related(diagnostic.location, f"here in the module '{placer.reference}' (Bicep's cache)")
    return replace(
        diagnostic,
        message=f"in the module '{placer.reference}': {diagnostic.message}",
        location=placer.declaration,
        related=(here, *diagnostic.related),
    )


def _holds(container: Any, value: Any) -> bool:
    """Whether `value` occurs inside `container` (bounded walk)."""
    stack, visited = [container], 0
    while stack and visited < _SEARCH_LIMIT:
        item = stack.pop()
        visited += 1
        if item is not container and same_value(item, value):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _show(value: Any) -> str:
    if isinstance(value, Unknown):
        return "unknown before deployment"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "null"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
