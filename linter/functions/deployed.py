"""What reading a resource of the same template gives before deployment: the values the template declares.

Both front ends answer `reference()` (ARM) and `symbol.properties` (Bicep) for a resource declared in the
file being linted from its evaluated body. Azure returns more than the template declares (ids of named
children, provisioningState, defaults): `with_child_ids` adds the ids Azure gives named children, and
`DeclaredObject` marks an object whose other members only the deployment knows, so reading one is Unknown.
"""

from __future__ import annotations

from typing import Any

from ..values import lookup_key


class DeclaredObject(dict):  # type: ignore[type-arg]
    """An object read from a declared resource: Azure may add members the template does not declare.

    Only member access is decided on it (a declared member is known, any other is Unknown); a value that
    depends on its whole key set (`length`, `contains`, `union`, a resource property set to it) is Unknown.
    `origin` names the resource it was read from, for the reason of an Unknown.
    """

    __slots__ = ("origin",)

    def __init__(self, items: Any = (), origin: str = "the resource") -> None:
        super().__init__(items)
        self.origin = origin


def with_child_ids(properties: Any, resource_id: str) -> Any:
    """Declared properties as Azure returns them: each named child in a collection (`backendAddressPools`,
    `subnets`, `frontendIPConfigurations`, ...) carries its id `<resource id>/<collection>/<name>`."""
    if not isinstance(properties, dict):
        return properties
    view = dict(properties)
    for key, collection in properties.items():
        if not isinstance(collection, list) or not any(isinstance(item, dict) and isinstance(item.get("name"), str) for item in collection):
            continue
        items = []
        for item in collection:
            if isinstance(item, dict) and isinstance(item.get("name"), str) and lookup_key(item, "id") is None:
                item = {**item, "id": f"{resource_id}/{key}/{item['name']}"}
            items.append(item)
        view[key] = items
    return view


def declared_view(value: Any, origin: str) -> Any:
    """`value` with every object in it a `DeclaredObject` read from `origin` (arrays and scalars are kept)."""
    if isinstance(value, dict):
        return DeclaredObject(((key, declared_view(member, origin)) for key, member in value.items()), origin)
    if isinstance(value, list):
        return [declared_view(item, origin) for item in value]
    return value


def holds_declared_object(value: Any) -> bool:
    """True if `value` is, or holds, a `DeclaredObject`."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, DeclaredObject):
            return True
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            stack.extend(current.values())
    return False
