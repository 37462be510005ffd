"""Which checks an allowed-value variant can skip, because their answer is already known.

A variant (`engine.explore_variants`) is the template evaluated again with one parameter set to another
allowed value; only findings that the first evaluation did not give count. A check that looked only at its
own resource (not at the deployment or the previous version, not at a parent's mode) answers again as it
did when nothing it read has changed. The first check records, per resource and rule, the paths it read
(`Resource.reads`). A variant's resource is paired with the first evaluation's resource at the same place
(same type, name, loop iteration, apiVersion); the two bodies are compared once, giving the paths where
they differ, and a check is skipped when none of its paths lies on, above or below a difference.
"""

from __future__ import annotations

from typing import Any

from .model import Resource
from .values import parse_path, same_value

Read = tuple[str, Any]  # ("get" | "each", path as the check gave it)


class CheckProfiles:
    """Per resource of the first evaluation: rule id -> the paths its check read. Equal profiles are
    shared (a template of 10,000 alike resources keeps a handful)."""

    def __init__(self) -> None:
        self._resources: list[Resource] = []
        self._profiles: dict[int, dict[str, tuple[tuple[Any, ...], ...]]] = {}
        self._shared: dict[tuple[Any, ...], dict[str, tuple[tuple[Any, ...], ...]]] = {}

    def first(self, resources: list[Resource]) -> None:
        """The resources of the first evaluation, in order: a variant's are paired with them by place."""
        self._resources = list(resources)

    def record(self, resource: Resource, reads: dict[str, list[Read]]) -> None:
        profile = tuple(sorted(((rule_id, _paths(found)) for rule_id, found in reads.items()), key=lambda item: item[0]))
        shared = self._shared.get(profile)
        if shared is None:
            shared = self._shared[profile] = dict(profile)
        self._profiles[id(resource)] = shared  # the first evaluation stays alive while its variants are checked

    def pair(self, resources: list[Resource]) -> list[Repeats | None]:
        """For each resource of a variant, what it may skip (None: check everything)."""
        if len(resources) != len(self._resources):
            return [None] * len(resources)
        return [
            Repeats(first, resource, self._profiles.get(id(first), {})) if _same_place(first, resource) else None
            for first, resource in zip(self._resources, resources)
        ]


class Repeats:
    """The checks of one variant resource whose answers the first evaluation already gave."""

    def __init__(self, first: Resource, resource: Resource, profile: dict[str, tuple[tuple[Any, ...], ...]]) -> None:
        self._profile = profile
        self._differences: list[tuple[Any, ...]] | None = [] if first is resource else None
        self._first, self._resource = first, resource

    def known(self, rule_id: str) -> bool:
        paths = self._profile.get(rule_id)
        if paths is None:
            return False
        if self._differences is None:
            self._differences = []
            _differences(self._first.body, self._resource.body, (), self._differences)
        return not any(_related(path, difference) for path in paths for difference in self._differences)


def _paths(reads: list[Read]) -> tuple[tuple[Any, ...], ...]:
    """The distinct paths read, case-folded, as tuples (`*` for any array index)."""
    found: dict[tuple[Any, ...], None] = {}
    for _, path in reads:
        parts = parse_path(path) if isinstance(path, str) else path
        found[tuple(part.casefold() if isinstance(part, str) else part for part in parts)] = None
    return tuple(found)


def _related(path: tuple[Any, ...], difference: tuple[Any, ...]) -> bool:
    """Whether a read of `path` can see the `difference` (one lies within the other)."""
    for read, changed in zip(path, difference):
        if read != changed and read != "*":
            return False
    return True


def _differences(one: Any, other: Any, path: tuple[Any, ...], found: list[tuple[Any, ...]]) -> None:
    """Append the (case-folded) paths where two evaluated values differ, outermost first."""
    if type(one) is not type(other):
        found.append(path)
    elif isinstance(one, dict):
        keys = {key.casefold(): key for key in one}
        other_keys = {key.casefold(): key for key in other}
        if len(keys) != len(one) or len(other_keys) != len(other):
            found.append(path)  # keys that differ only in case: compare the whole object
            return
        for folded in keys.keys() | other_keys.keys():
            if folded not in keys or folded not in other_keys:
                found.append(path + (folded,))
            else:
                _differences(one[keys[folded]], other[other_keys[folded]], path + (folded,), found)
    elif isinstance(one, list):
        if len(one) != len(other):
            found.append(path)
        else:
            for index, (item, other_item) in enumerate(zip(one, other)):
                _differences(item, other_item, path + (index,), found)
    elif not same_value(one, other):
        found.append(path)


def _same_place(first: Resource, resource: Resource) -> bool:
    if first is resource:
        return True
    return (
        first.type == resource.type and first.existing == resource.existing and first.iteration == resource.iteration
        and first.symbolic_name == resource.symbolic_name and same_value(first.name, resource.name)
        and same_value(first.api_version, resource.api_version) and same_value(first.resource_id, resource.resource_id)
    )
