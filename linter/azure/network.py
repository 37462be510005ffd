"""Facts about network resources that scale-set rules share: load balancer sku and kind, subnets, routes.

Pure functions over the resource model. A reference that cannot be followed to a resource this
template deploys (unknown id, outside the template, `existing`) gives `Unknown` with the reason, so a
rule can stay quiet or report an undecided note.
"""

from __future__ import annotations

from typing import Any

from ..model import LOAD_BALANCER, VMSS, Deployment, Resource
from ..references import PLACEHOLDER_RESOURCE_GROUP, parse_resource_id, reference_value, resolve, resolve_ancestor
from ..values import MISSING, Path, Unknown, equals_ci, get_path, lookup_key
from .scale_set import IP_CONFIGS

ROUTE_TABLE = "Microsoft.Network/routeTables"
ROUTE = "Microsoft.Network/routeTables/routes"
NETWORK_SECURITY_GROUP = "Microsoft.Network/networkSecurityGroups"

BACKEND_POOLS = "loadBalancerBackendAddressPools"
NAT_POOLS = "loadBalancerInboundNatPools"


def _unreachable(reference: Any, found: Any, what: str) -> Unknown:
    if isinstance(found, Unknown):
        return found
    return Unknown(f"{what} {short_id(reference)} is not deployed by this template")


def short_id(reference: Any) -> str:
    """`loadBalancers/lb/backendAddressPools/pool` for a full id: enough to recognise it in a message."""
    text = reference_value(reference)
    if not isinstance(text, str):
        return "(no id)"
    parsed = parse_resource_id(text)
    if parsed is None:
        return repr(text)
    parts = [parsed.types[0].split("/", 1)[-1], parsed.names[0]]
    for child_type, child_name in zip(parsed.types[1:], parsed.names[1:]):
        parts += [child_type, child_name]
    scope = f" in resource group {parsed.resource_group}" if parsed.resource_group and parsed.resource_group != PLACEHOLDER_RESOURCE_GROUP else ""
    return "/".join(parts) + scope


def deployed(resource: Resource) -> Resource | Unknown:
    """The resource if this template sets its properties; Unknown for an `existing` declaration."""
    if resource.existing:
        return Unknown(f"{resource.type} {resource.display_name} is declared `existing`: its properties are not in this template")
    return resource


def find_object(deployment: Deployment, reference: Any, what: str) -> tuple[Resource, Path] | Unknown:
    """The resource (and the path of the named child) a reference names, when this template deploys it."""
    found = resolve(deployment, reference)
    if not isinstance(found, tuple):
        return _unreachable(reference, found, what)
    resource = deployed(found[0])
    if isinstance(resource, Unknown):
        return resource
    return resource, found[1]


def load_balancer_of(deployment: Deployment, reference: Any) -> Resource | Unknown | None:
    """The load balancer that owns a backend pool or NAT pool reference.

    None when the id does not name a load balancer part (an application gateway pool, say).
    """
    value = reference_value(reference)
    if isinstance(value, str) and LOAD_BALANCER.casefold() not in value.casefold():
        return None
    found = resolve_ancestor(deployment, reference, LOAD_BALANCER)
    if not isinstance(found, Resource):
        return _unreachable(reference, found, "the load balancer of")
    return deployed(found)


def load_balancer_sku(lb: Resource) -> str | Unknown:
    """`sku.name`; a load balancer without a sku is Basic (Load Balancer overview: "If a SKU isn't
    specified, the default is … the Basic SKU")."""
    sku = lb.get("sku")
    if isinstance(sku, Unknown):
        return sku
    if sku is MISSING or sku is None:
        return "Basic"
    name = get_path(sku, "name")
    if isinstance(name, Unknown):
        return name
    if name is MISSING or name is None:
        return "Basic"
    return name if isinstance(name, str) else Unknown("sku.name is not a string")


def is_basic_load_balancer(lb: Resource) -> bool | Unknown:
    sku = load_balancer_sku(lb)
    return sku if isinstance(sku, Unknown) else equals_ci(sku, "Basic")


def is_standard_load_balancer(lb: Resource) -> bool | Unknown:
    sku = load_balancer_sku(lb)
    return sku if isinstance(sku, Unknown) else equals_ci(sku, "Standard")


def load_balancer_kind(lb: Resource) -> str | Unknown:
    """'public' (a frontend with a public IP or prefix) or 'internal' (a frontend in a subnet).

    A load balancer cannot mix both kinds of frontend, so the first decided frontend tells.
    """
    frontends = lb.get("properties.frontendIPConfigurations")
    if isinstance(frontends, Unknown):
        return frontends
    if not isinstance(frontends, list) or not frontends:
        return Unknown(f"load balancer {lb.display_name} declares no frontend here")
    undecided: Unknown | None = None
    for frontend in frontends:
        properties = get_path(frontend, "properties")
        if isinstance(properties, Unknown):
            undecided = properties
            continue
        if not isinstance(properties, dict):
            continue
        for key, kind in (("publicIPAddress", "public"), ("publicIPPrefix", "public"), ("subnet", "internal")):
            value = get_path(properties, key)
            if isinstance(value, Unknown):
                undecided = value
            elif value is not MISSING and value is not None:
                return kind
    return undecided or Unknown(f"the frontends of load balancer {lb.display_name} name neither a public IP nor a subnet")


def pool_references(vmss: Resource, kinds: tuple[str, ...] = (BACKEND_POOLS, NAT_POOLS)) -> list[tuple[Path, str, Any]]:
    """(path of the reference, kind, reference) for every load balancer pool an IP configuration joins.

    The path points at the `id` member when there is one, so findings land on the reference itself.
    """
    found: list[tuple[Path, str, Any]] = []
    for kind in kinds:
        for path, item in vmss.each(f"{IP_CONFIGS}.properties.{kind}[*]"):
            if isinstance(item, dict):
                key = lookup_key(item, "id")
                if key is None:
                    continue
                found.append((path + (key,), kind, item[key]))
            else:
                found.append((path, kind, item))
    return found


def referenced_load_balancers(deployment: Deployment, vmss: Resource, kinds: tuple[str, ...] = (BACKEND_POOLS, NAT_POOLS)) -> list[tuple[Path, str, Resource | Unknown]]:
    """(path, kind, load balancer or Unknown) for each load balancer pool reference of a scale set.

    Several rules ask this of the same scale set: worked out once per deployment (the resources of a
    deployment do not change once it is checked)."""
    memo = deployment.derived.setdefault("network.referenced-load-balancers", {})
    key = (id(vmss), kinds)
    found = memo.get(key)
    if found is None:
        found = memo[key] = [
            (path, kind, lb) for path, kind, reference in pool_references(vmss, kinds)
            if (lb := load_balancer_of(deployment, reference)) is not None
        ]
    return list(found)


def subnet_of(deployment: Deployment, reference: Any) -> tuple[Resource, Path] | Unknown:
    """The subnet object a `subnet.id` names: inside its VNet's `subnets` array, or a subnets resource."""
    found = find_object(deployment, reference, "subnet")
    if isinstance(found, Unknown):
        return found
    resource, path = found
    if resource.is_type("Microsoft.Network/virtualNetworks/subnets") or path:
        return resource, path
    return Unknown(f"subnet {reference_value(reference)} is not declared in virtual network {resource.display_name}")


def subnet_property(subnet: tuple[Resource, Path], name: str) -> Any:
    """A member of the subnet's `properties` (MISSING, None, a value or Unknown)."""
    resource, path = subnet
    return resource.get(path + ("properties", name))


def is_reference_set(value: Any) -> bool:
    """A reference-like value that is present and not null or empty."""
    return value is not MISSING and value is not None and value != {} and value != ""


def routes_of(deployment: Deployment, route_table: Resource) -> list[Any] | Unknown:
    """The routes of a route table: inline `properties.routes` plus `routeTables/routes` resources."""
    inline = route_table.get("properties.routes")
    if isinstance(inline, Unknown):
        return inline
    routes = list(inline) if isinstance(inline, list) else []
    prefix = route_table.name.casefold() + "/" if isinstance(route_table.name, str) else None
    for child in deployment.of_type(ROUTE):
        if not isinstance(child.name, str):
            return Unknown("a route resource has a name known only at deployment")
        if prefix and child.name.casefold().startswith(prefix):
            routes.append(child.body)
    return routes


def scale_sets_using(deployment: Deployment, lb: Resource) -> list[Resource]:
    """The scale sets of this template (in template order) whose IP configurations join `lb`."""
    users = deployment.derived.get("network.load-balancer-users")
    if not isinstance(users, dict):
        users = {}
        for vmss in deployment.of_type(VMSS):
            if vmss.existing:
                continue
            for _, _, found in referenced_load_balancers(deployment, vmss):
                if isinstance(found, Resource):
                    sets = users.setdefault(id(found), [])
                    if not sets or sets[-1] is not vmss:
                        sets.append(vmss)
        deployment.derived["network.load-balancer-users"] = users
    return list(users.get(id(lb), []))
