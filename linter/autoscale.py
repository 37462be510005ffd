"""Autoscale settings (`Microsoft.Insights/autoscaleSettings`): the scale set they target and their maxima."""

from __future__ import annotations

from typing import Any

from .model import VMSS, Deployment, Resource
from .references import resolve
from .values import Path, Unknown


def target_scale_set(deployment: Deployment, setting: Resource) -> Resource | Unknown | None:
    """The scale set `properties.targetResourceUri` names, when this template deploys it.

    None when the target is not a scale set; Unknown when it is unknown or outside the template.
    """
    uri = setting.get("properties.targetResourceUri")
    if isinstance(uri, Unknown):
        return uri
    if not isinstance(uri, str):
        return None
    if "/virtualmachinescalesets/" not in uri.casefold():
        return None
    found = resolve(deployment, uri)
    if isinstance(found, Unknown):
        return found
    if found is None:
        return Unknown(f"the scale set {uri} is not deployed by this template")
    resource, path = found
    if path or not resource.is_type(VMSS):
        return None
    if resource.existing:
        return Unknown(f"scale set {resource.display_name} is declared `existing`")
    return resource


def maximum_capacities(setting: Resource) -> list[tuple[Path, int | Unknown]]:
    """(path, value) of every `profiles[].capacity.maximum` (ARM writes them as strings)."""
    found: list[tuple[Path, int | Unknown]] = []
    for path, value in setting.each("properties.profiles[*].capacity.maximum"):
        found.append((path, _as_int(value)))
    return found


def _as_int(value: Any) -> int | Unknown:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return Unknown("maximum is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return Unknown(f"maximum {value!r} is not a number")
