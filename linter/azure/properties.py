"""Reading a resource's properties as the template wrote them: the spelling of a path, whether a value
configures anything, ISO 8601 durations.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Resource
from ..values import is_written, lookup_key, parse_path


def concrete_path(resource: Resource, path: str) -> tuple[str | int, ...]:
    """`path` with each key spelled as the template spells it, so that findings land on the right line.

    Parts past the last existing key are kept as given (the finding then lands on the nearest ancestor).
    """
    wanted = parse_path(path)
    resource.get(wanted)  # a check that reports this path depends on it (recorded for variant_checks)
    current: Any = resource.body
    spelled: list[str | int] = []
    for index, part in enumerate(wanted):
        if isinstance(part, str) and isinstance(current, dict):
            key = lookup_key(current, part)
            if key is None:
                return tuple(spelled) + wanted[index:]
            spelled.append(key)
            current = current[key]
        elif isinstance(part, int) and isinstance(current, list) and -len(current) <= part < len(current):
            spelled.append(part)
            current = current[part]
        else:
            return tuple(spelled) + wanted[index:]
    return tuple(spelled)


def is_set(value: Any) -> bool:
    """True for a value that configures something: not absent, not null, not {} / [] / ''."""
    if not is_written(value):
        return False
    if isinstance(value, (dict, list, str)) and not value:
        return False
    return True


ISO_DURATION = re.compile(
    r"^P(?!$)(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


def duration_seconds(value: Any) -> float | None:
    """An ISO 8601 duration such as `PT10M` or `P1DT2H` in seconds; None when it is not one."""
    if not isinstance(value, str):
        return None
    match = ISO_DURATION.match(value.strip())
    if match is None:
        return None
    parts = {key: float(text) if text else 0.0 for key, text in match.groupdict().items()}
    return parts["days"] * 86400 + parts["hours"] * 3600 + parts["minutes"] * 60 + parts["seconds"]
