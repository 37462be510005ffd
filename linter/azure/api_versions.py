"""Compute apiVersions: compare them, and find properties or enum values a template uses too early.

Data: `schemas/api-firstseen.json`, derived from the ARM schemas by `tools/derive_api_versions.py`. For each
resource type it holds the apiVersions the schemas declare, the first version of every property path
(case-folded, arrays as `[*]`) and of every enum value. Paths the data does not list are unknown to it and
never reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Resource
from ..schemas import read_text
from ..values import Path, Unknown

_VERSION = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<suffix>[A-Za-z][A-Za-z0-9]*))?$")


def is_well_formed(version: Any) -> bool:
    """`yyyy-mm-dd` with an optional `-suffix` such as `-preview`."""
    return isinstance(version, str) and _VERSION.match(version.strip()) is not None


@lru_cache(maxsize=1024)
def version_key(version: str) -> tuple[str, int, str]:
    """Sort key: by date; a suffixed version (`-preview`) sorts after the GA version of the same date."""
    text = version.strip()
    date, suffix = text[:10], text[11:]
    return (date, 1 if suffix else 0, suffix.casefold())


def compare(left: str, right: str) -> int:
    """-1, 0 or 1 as `left` is older than, the same as, or newer than `right`."""
    a, b = version_key(left), version_key(right)
    return (a > b) - (a < b)


def older_than(version: str, threshold: str) -> bool:
    return compare(version, threshold) < 0


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(read_text("api-firstseen.json"))
    return data


def _entry(resource_type: str) -> dict[str, Any] | None:
    folded = resource_type.casefold()
    for name, entry in _data()["resource_types"].items():
        if name.casefold() == folded:
            return dict(entry)
    return None


def known_versions(resource_type: str) -> tuple[str, ...]:
    """The apiVersions the schemas (plus a few the service advertises without one) declare for a type."""
    entry = _entry(resource_type)
    return tuple(entry["versions"]) if entry else ()


def is_known_version(resource_type: str, version: str) -> bool:
    folded = version.strip().casefold()
    return any(folded == known.casefold() for known in known_versions(resource_type))


def newest_version(resource_type: str) -> str | None:
    versions = known_versions(resource_type)
    return max(versions, key=version_key) if versions else None


def compute_versions() -> tuple[str, ...]:
    """Every Microsoft.Compute schema version (all resource types of the provider)."""
    return tuple(_data()["compute_versions"])


def path_key(path: Path) -> str:
    """`('properties', 'a', 3, 'B')` -> `'properties.a[*].b'`: the key used in the first-seen data."""
    text = ""
    for part in path:
        if isinstance(part, int) or part == "*":
            text += "[*]"
        else:
            text += f".{part.casefold()}" if text else part.casefold()
    return text


def first_seen(resource_type: str, path: Path | str) -> str | None:
    """The first apiVersion in which a property path exists; None when the data does not know the path."""
    entry = _entry(resource_type)
    if entry is None:
        return None
    key = path if isinstance(path, str) else path_key(path)
    first: str | None = entry["paths"].get(key.casefold())
    return first


def enum_first_seen(resource_type: str, path: Path | str, value: str) -> str | None:
    """The first apiVersion in which an enum value is allowed at a path; None when unknown."""
    entry = _entry(resource_type)
    if entry is None:
        return None
    key = path if isinstance(path, str) else path_key(path)
    first: str | None = entry["enums"].get(key.casefold(), {}).get(value.strip().casefold())
    return first


@dataclass(frozen=True)
class TooEarly:
    """A property (`value is None`) or an enum value that the resource's apiVersion does not have yet."""

    path: Path
    key: str  # the data key, e.g. 'properties.virtualmachineprofile.priority'
    first: str  # the first apiVersion that has it
    value: str | None = None


def find_too_early(resource_type: str, api_version: str, body: Any, skip: tuple[str, ...] = ()) -> Iterator[TooEarly]:
    """Walk a resource body and yield the outermost properties, and the enum values, newer than `api_version`.

    Only paths and values the data knows are reported; Unknown values and everything beneath a reported
    property are skipped. `skip` lists data keys (and so their subtrees) that other checks own.
    """
    entry = _entry(resource_type)
    if entry is None or not is_well_formed(api_version):
        return
    found: list[TooEarly] = []
    skipped = frozenset(key.casefold() for key in skip)
    _walk(entry, version_key(api_version), body, (), "", skipped, _known_children(resource_type.casefold()), found)
    yield from found


@lru_cache(maxsize=None)
def _known_children(folded_type: str) -> dict[str, dict[str, str]]:
    """For each data key and each leading part of one ('' for the body itself): its children the data
    knows, by case-folded member name ('*' for array items) -> the child's key."""
    entry = _entry(folded_type) or {"paths": {}}
    children: dict[str, dict[str, str]] = {}
    for key in entry["paths"]:
        for end, _char in [*((index, char) for index, char in enumerate(key) if char in ".["), (len(key), "")]:
            child = key[:end]
            if child.endswith("[*]"):
                parent, name = child[:-3], "*"
            elif "." in child or "[" in child:
                cut = max(child.rfind("."), child.rfind("]"))
                parent, name = child[: cut if child[cut] == "." else cut + 1], child[cut + 1 :]
            else:
                parent, name = "", child
            if child:
                children.setdefault(parent, {})[name] = child
    return children


def _walk(
    entry: dict[str, Any], api: tuple[str, int, str], value: Any, path: Path, key: str, skip: frozenset[str],
    children: dict[str, dict[str, str]], found: list[TooEarly],
) -> None:
    if isinstance(value, Unknown):
        return
    if path:
        if key in skip:
            return  # the walk goes outermost first: nothing below a skipped key is ever reached
        first = entry["paths"].get(key)
        if first is not None and api < version_key(first):
            found.append(TooEarly(path, key, first))
            return
        if isinstance(value, str) and first is not None:
            value_first = entry["enums"].get(key, {}).get(value.strip().casefold())
            if value_first is not None and api < version_key(value_first):
                found.append(TooEarly(path, key, value_first, value))
    known = children.get(key)
    if not known:
        return  # the data knows nothing below this path
    if isinstance(value, dict):
        for name, member in value.items():
            if isinstance(name, str):
                child = known.get(name.casefold())
                if child is not None:
                    _walk(entry, api, member, path + (name,), child, skip, children, found)
    elif isinstance(value, list):
        child = known.get("*")
        if child is not None:
            for index, item in enumerate(value):
                _walk(entry, api, item, path + (index,), child, skip, children, found)


def api_date(resource: Resource) -> str | Unknown | None:
    """The `yyyy-mm-dd` date of the resource's apiVersion; None when absent or not a date."""
    api = resource.api_version
    if isinstance(api, Unknown):
        return api
    if not isinstance(api, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", api):
        return None
    return api[:10]


def api_before(resource: Resource, date: str) -> bool | Unknown:
    """True when the apiVersion is older than `date` (a `-preview` of the same date is not older)."""
    found = api_date(resource)
    if isinstance(found, Unknown):
        return found
    if found is None:
        return Unknown("the apiVersion is not a date")
    return found < date

