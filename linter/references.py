"""Resolve resource ids between resources of one deployment.

Both front ends evaluate references to id strings (`resourceId(...)` in ARM, `symbol.id` in Bicep), so
resolution is string work: split an id into its provider type and names, then find the resource whose
type and name match (case-insensitively), and the path of a named child (`…/backendAddressPools/pool`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .values import Path, Unknown, lookup_key

if TYPE_CHECKING:
    from .model import Deployment, Resource

# Placeholders the evaluators use for values known only at deployment time.
PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
PLACEHOLDER_RESOURCE_GROUP = "resource-group"


@dataclass(frozen=True)
class ParsedId:
    subscription: str | None
    resource_group: str | None
    types: tuple[str, ...]  # ('Microsoft.Network/loadBalancers', 'backendAddressPools')
    names: tuple[str, ...]  # ('lb', 'pool')

    @property
    def full_type(self) -> str:
        return "/".join(self.types)


def parse_resource_id(resource_id: str) -> ParsedId | None:
    """Parse `/subscriptions/s/resourceGroups/g/providers/NS/type/name[/childType/childName…]`."""
    parts = [part for part in resource_id.strip().split("/") if part != ""]
    subscription = resource_group = None
    index = 0
    while index < len(parts) and parts[index].casefold() != "providers":
        key = parts[index].casefold()
        if key == "subscriptions" and index + 1 < len(parts):
            subscription = parts[index + 1]
            index += 2
        elif key == "resourcegroups" and index + 1 < len(parts):
            resource_group = parts[index + 1]
            index += 2
        else:
            return None
    rest = parts[index + 1:]
    if len(rest) < 3 or len(rest) % 2 == 0:
        return None
    namespace = rest[0]
    pairs = rest[1:]
    types = [f"{namespace}/{pairs[0]}"] + [pairs[i] for i in range(2, len(pairs), 2)]
    names = [pairs[i] for i in range(1, len(pairs), 2)]
    return ParsedId(subscription, resource_group, tuple(types), tuple(names))


def resolve(deployment: Deployment, reference: Any) -> tuple[Resource, Path] | None | Unknown:
    """See `Deployment.find_by_id`."""
    if isinstance(reference, dict):
        key = lookup_key(reference, "id")
        reference = reference[key] if key else None
    if isinstance(reference, Unknown):
        return reference
    if not isinstance(reference, str):
        return None
    parsed = parse_resource_id(reference)
    if parsed is None:
        return None
    for depth in range(len(parsed.types), 0, -1):
        full_type = "/".join(parsed.types[:depth])
        name = "/".join(parsed.names[:depth]).casefold()
        for resource in deployment.named(full_type, name):
            if not _same_scope(parsed, resource):
                continue
            return resource, _child_path(resource, parsed.types[depth:], parsed.names[depth:])
    return None


def _same_scope(parsed: ParsedId, resource: Resource) -> bool:
    target = resource.resource_id
    if not isinstance(target, str):
        return True
    target_id = parse_resource_id(target)
    if target_id is None:
        return True
    for mine, theirs, placeholder in (
        (parsed.subscription, target_id.subscription, PLACEHOLDER_SUBSCRIPTION),
        (parsed.resource_group, target_id.resource_group, PLACEHOLDER_RESOURCE_GROUP),
    ):
        if mine and theirs and placeholder not in (mine, theirs) and mine.casefold() != theirs.casefold():
            return False
    return True


def _child_path(resource: Resource, child_types: tuple[str, ...], child_names: tuple[str, ...]) -> Path:
    """Path inside the body to a named child object, e.g. ('properties', 'backendAddressPools', 0)."""
    path: Path = ()
    container: Any = resource.body
    for child_type, child_name in zip(child_types, child_names):
        properties_key = lookup_key(container, "properties") if isinstance(container, dict) else None
        properties = container.get(properties_key) if properties_key else None
        if not isinstance(properties, dict):
            return path
        collection_key = lookup_key(properties, child_type)
        collection = properties.get(collection_key) if collection_key else None
        if not isinstance(collection, list):
            return path
        for index, item in enumerate(collection):
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                if item["name"].casefold() == child_name.casefold():
                    path = path + (properties_key, collection_key, index)
                    container = item
                    break
        else:
            return path
    return path
