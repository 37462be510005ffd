"""Evaluated values: plain JSON-like Python values, or `Unknown` when they cannot be known before deployment.

A value is `None | bool | int | float | str | list[Value] | dict[str, Value] | Unknown`. Containers may hold
`Unknown` members: an object whose `capacity` is unknown still has a known `name`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Union

PathPart = Union[str, int]
Path = tuple[PathPart, ...]


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known before deployment, with the reason (which function, which parameter)."""

    reason: str

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"


class _Missing:
    """The property is absent (distinct from an explicit JSON `null`)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def is_unknown(value: object) -> bool:
    return isinstance(value, Unknown)


def contains_unknown(value: object) -> bool:
    """True if the value is Unknown or holds an Unknown anywhere inside."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(member) for member in value.values())
    if isinstance(value, list):
        return any(contains_unknown(item) for item in value)
    return False


@lru_cache(maxsize=2048)  # rules ask for the same few dozen paths on every resource
def parse_path(text: str) -> Path:
    """`'properties.a[0].b'` -> `('properties', 'a', 0, 'b')`; `[*]` becomes the part `'*'`."""
    parts: list[PathPart] = []
    for chunk in text.split("."):
        while "[" in chunk:
            head, _, rest = chunk.partition("[")
            index, _, chunk = rest.partition("]")
            if head:
                parts.append(head)
            parts.append("*" if index == "*" else int(index))
            head = ""
        if chunk:
            parts.append(chunk)
    return tuple(parts)


def format_path(path: Path) -> str:
    """`('properties', 'a', 0)` -> `'properties.a[0]'`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def lookup_key(mapping: dict[str, Any], key: str) -> str | None:
    """The key of `mapping` that matches `key` case-insensitively (ARM property names are case-insensitive)."""
    if key in mapping:
        return key
    folded = key.casefold()
    for candidate in mapping:
        if isinstance(candidate, str) and candidate.casefold() == folded:
            return candidate
    return None


def get_path(value: Any, path: Path | str) -> Any:
    """Follow `path` into `value`. Returns MISSING when absent, or the Unknown met on the way."""
    if isinstance(path, str):
        path = parse_path(path)
    current = value
    for part in path:
        if isinstance(current, Unknown):
            return current
        if isinstance(part, int):
            if not isinstance(current, list) or not -len(current) <= part < len(current):
                return MISSING
            current = current[part]
        elif isinstance(current, dict):
            key = lookup_key(current, part)
            if key is None:
                return MISSING
            current = current[key]
        else:
            return MISSING
    return current


def iter_path(value: Any, path: Path | str, prefix: Path = ()) -> list[tuple[Path, Any]]:
    """All (concrete path, value) pairs matching a path that may hold `*` wildcards over arrays.

    An Unknown met on the way is yielded at the path where it was met; absent branches yield nothing.
    """
    if isinstance(path, str):
        path = parse_path(path)
    if not path:
        return [(prefix, value)]
    if isinstance(value, Unknown):
        return [(prefix, value)]
    head, rest = path[0], path[1:]
    if head == "*":
        if not isinstance(value, list):
            return []
        results: list[tuple[Path, Any]] = []
        for index, item in enumerate(value):
            results.extend(iter_path(item, rest, prefix + (index,)))
        return results
    if isinstance(head, int):
        if isinstance(value, list) and -len(value) <= head < len(value):
            return iter_path(value[head], rest, prefix + (head,))
        return []
    if isinstance(value, dict):
        key = lookup_key(value, head)
        if key is not None:
            return iter_path(value[key], rest, prefix + (key,))
    return []


def is_written(value: Any) -> bool:
    """The template gives the property a known value (even an empty one): not absent, null or Unknown."""
    return value is not MISSING and value is not None and not isinstance(value, Unknown)


def as_bool(value: Any) -> bool | None | Unknown:
    """A boolean property as ARM reads it: true/false, also the strings 'true'/'false' (Json.NET converts
    them); None when absent or null; Unknown for anything else."""
    if value is MISSING or value is None:
        return None
    if isinstance(value, (bool, Unknown)):
        return value
    if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
        return value.strip().casefold() == "true"
    return Unknown("not a boolean")


def known_int(value: Any) -> int | None:
    """The value when it is a known integer (not a bool, not Unknown), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def equals_ci(value: Any, expected: str) -> bool:
    """Case-insensitive comparison for Azure enum strings; False for anything not a string."""
    return isinstance(value, str) and value.casefold() == expected.casefold()


def same_value(one: Any, other: Any) -> bool:
    """Equality that also tells 1 from True and 1.0 (Python's == does not)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return one.keys() == other.keys() and all(same_value(one[key], other[key]) for key in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(same_value(a, b) for a, b in zip(one, other))
    return bool(one == other)
