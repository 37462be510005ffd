"""Resolve resource ids between resources of one deployment.

Both front ends evaluate references to id strings (`resourceId(...)` in ARM, `symbol.id` in Bicep), so
resolution is string work: split an id into its provider type and names, then find the resource whose
type and name match (case-insensitively), and the path of a named child (`…/backendAddressPools/pool`).

Three outcomes, never a guess: the resource (and the child's path in its body); None when the id names
something this deployment does not declare; `Unknown` when the id itself is unknown or could name either
(a resource with an unknown name of the same type, or a resource group whose name is only known at
deployment time).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import Deployment, Resource
from .values import Path, Unknown, lookup_key

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

    @property
    def full_name(self) -> str:
        return "/".join(self.names)

    def truncated(self, depth: int) -> ParsedId:
        """The id of the ancestor `depth` levels deep (1 = the top-level resource)."""
        return ParsedId(self.subscription, self.resource_group, self.types[:depth], self.names[:depth])


@lru_cache(maxsize=4096)  # rules resolve the same ids over and over; ParsedId is immutable
def parse_resource_id(resource_id: str) -> ParsedId | None:
    """Parse `/subscriptions/s/resourceGroups/g/providers/NS/type/name[/childType/childName…]`.

    The scope prefix may be shortened (`/resourceGroups/g/providers/…`, `/providers/…`) or absent
    (`Microsoft.Network/loadBalancers/lb`, an id relative to the deployment). Extension resources
    (a second `/providers/` segment) and malformed ids give None.
    """
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
        elif index == 0 and "." in parts[index]:
            break  # relative id: starts at the provider namespace
        else:
            return None
    if index < len(parts) and parts[index].casefold() == "providers":
        index += 1
    rest = parts[index:]
    if len(rest) < 3 or len(rest) % 2 == 0 or any(part.casefold() == "providers" for part in rest):
        return None
    namespace = rest[0]
    pairs = rest[1:]
    types = [f"{namespace}/{pairs[0]}"] + [pairs[i] for i in range(2, len(pairs), 2)]
    names = [pairs[i] for i in range(1, len(pairs), 2)]
    return ParsedId(subscription, resource_group, tuple(types), tuple(names))


def reference_value(reference: Any) -> Any:
    """The id string of a reference: the string itself or the `id` member of a `{ "id": … }` object."""
    if isinstance(reference, dict):
        key = lookup_key(reference, "id")
        return reference[key] if key else None
    return reference


def resolve(deployment: Deployment, reference: Any) -> tuple[Resource, Path] | None | Unknown:
    """Resolve a resource id (or a child id such as `…/backendAddressPools/x`) to a resource of `deployment`.

    Returns (resource, path of the named child inside its body) when found, None when the id names
    something outside this deployment, and Unknown when the id itself is unknown.
    """
    parsed = _parsed_reference(reference)
    if parsed is None or isinstance(parsed, Unknown):
        return parsed
    return resolve_parsed(deployment, parsed)


def _parsed_reference(reference: Any) -> ParsedId | Unknown | None:
    """The parsed id of a reference (a string or `{ "id": … }`); Unknown as it came; None when not an id."""
    reference = reference_value(reference)
    if isinstance(reference, Unknown):
        return reference
    if not isinstance(reference, str):
        return None
    return parse_resource_id(reference)


def resolve_parsed(deployment: Deployment, parsed: ParsedId) -> tuple[Resource, Path] | None | Unknown:
    """Find the deepest declared resource on the id's path, then the named child inside its body."""
    index = _index(deployment)
    undecided: Unknown | None = None
    for depth in range(len(parsed.types), 0, -1):
        full_type = "/".join(parsed.types[:depth]).casefold()
        name = "/".join(parsed.names[:depth]).casefold()
        for resource in index.named.get((full_type, name), ()):
            scope = _same_scope(parsed, resource)
            if scope is False:
                continue
            if isinstance(scope, Unknown):
                undecided = undecided or scope
                continue
            return resource, _child_path(resource, parsed.types[depth:], parsed.names[depth:])
        if full_type in index.unnamed_types:
            undecided = undecided or Unknown(f"a {'/'.join(parsed.types[:depth])} in this template has a name known only at deployment")
    return undecided


@dataclass
class _Index:
    named: dict[tuple[str, str], list[Resource]]  # (type, name) folded -> resources in template order
    unnamed_types: set[str]  # folded types with a resource whose name is unknown
    size: int


def _index(deployment: Deployment) -> _Index:
    """The deployment's resources by folded type and name, built once per deployment."""
    index = deployment.derived.get("references.index")
    if isinstance(index, _Index) and index.size == len(deployment.resources):
        return index
    named: dict[tuple[str, str], list[Resource]] = {}
    unnamed: set[str] = set()
    for resource in deployment.resources:
        if isinstance(resource.name, str):
            named.setdefault((resource.type.casefold(), resource.name.casefold()), []).append(resource)
        else:
            unnamed.add(resource.type.casefold())
    index = _Index(named, unnamed, len(deployment.resources))
    deployment.derived["references.index"] = index
    return index


def resolve_ancestor(deployment: Deployment, reference: Any, resource_type: str) -> Resource | None | Unknown:
    """The resource of `resource_type` on the path of a reference: the load balancer that owns
    `…/loadBalancers/lb/backendAddressPools/pool`, whether the pool is inline or its own resource.

    None when the id does not pass through that type or names something outside the deployment.
    """
    parsed = _parsed_reference(reference)
    if parsed is None or isinstance(parsed, Unknown):
        return parsed
    for depth in range(1, len(parsed.types) + 1):
        if "/".join(parsed.types[:depth]).casefold() == resource_type.casefold():
            found = resolve_parsed(deployment, parsed.truncated(depth))
            return found[0] if isinstance(found, tuple) else found
    return None


def _same_scope(parsed: ParsedId, resource: Resource) -> bool | Unknown:
    """Whether the id's subscription and resource group can be the resource's.

    A placeholder (the deployment's own scope, known only at deployment) against a literal name could
    be the same or not: Unknown. Both literal and different: False.
    """
    target = resource.resource_id
    if not isinstance(target, str):
        return True
    target_id = parse_resource_id(target)
    if target_id is None:
        return True
    for label, mine, theirs, placeholder in (
        ("subscription", parsed.subscription, target_id.subscription, PLACEHOLDER_SUBSCRIPTION),
        ("resource group", parsed.resource_group, target_id.resource_group, PLACEHOLDER_RESOURCE_GROUP),
    ):
        if not mine or not theirs or mine.casefold() == theirs.casefold():
            continue
        if placeholder in (mine, theirs):
            return Unknown(f"the id names {label} {mine!r}; the template deploys {theirs!r}: same or not is known only at deployment")
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
            item_name = item.get(lookup_key(item, "name") or "name") if isinstance(item, dict) else None
            if isinstance(item_name, str) and item_name.casefold() == child_name.casefold():
                assert properties_key is not None and collection_key is not None  # both found a value above
                path = path + (properties_key, collection_key, index)
                container = item
                break
        else:
            return path
    return path
