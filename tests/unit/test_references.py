"""Resolving resource ids within one deployment (vmss_lint.references)."""

from __future__ import annotations

from vmss_lint.model import Deployment, Resource
from vmss_lint.references import parse_resource_id, resolve, resolve_ancestor
from vmss_lint.source import Location
from vmss_lint.values import Unknown

SUB = "00000000-0000-0000-0000-000000000000"
PREFIX = f"/subscriptions/{SUB}/resourceGroups/resource-group/providers"
HERE = Location("t.json", 1, 1, 1, 2)


def resource(type_: str, name, body=None, resource_id=None, existing=False) -> Resource:
    made = Resource(type=type_, api_version="2024-05-01", name=name, body=body or {}, declared_at=HERE, existing=existing)
    if resource_id is not None:
        made.resource_id = resource_id
    return made


LB = resource(
    "Microsoft.Network/loadBalancers",
    "lb",
    {"sku": {"name": "Standard"}, "properties": {"backendAddressPools": [{"name": "other"}, {"name": "Pool"}]}},
)
VNET = resource("Microsoft.Network/virtualNetworks", "vnet", {"properties": {"subnets": [{"name": "default", "properties": {}}]}})
SEPARATE_SUBNET = resource("Microsoft.Network/virtualNetworks/subnets", "vnet/apps", {"properties": {}})


def deployment(*resources: Resource) -> Deployment:
    return Deployment("t.json", resources=list(resources))


def test_parse_full_id() -> None:
    parsed = parse_resource_id(f"{PREFIX}/Microsoft.Network/loadBalancers/lb/backendAddressPools/pool")
    assert parsed is not None
    assert parsed.subscription == SUB and parsed.resource_group == "resource-group"
    assert parsed.types == ("Microsoft.Network/loadBalancers", "backendAddressPools")
    assert parsed.names == ("lb", "pool")


def test_parse_relative_and_short_ids() -> None:
    relative = parse_resource_id("Microsoft.Network/loadBalancers/lb/backendAddressPools/pool")
    assert relative is not None and relative.subscription is None and relative.names == ("lb", "pool")
    short = parse_resource_id("/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb")
    assert short is not None and short.resource_group == "rg" and short.subscription is None


def test_parse_rejects_malformed_and_extension_ids() -> None:
    assert parse_resource_id("not an id") is None
    assert parse_resource_id(f"{PREFIX}/Microsoft.Network/loadBalancers") is None
    assert parse_resource_id(f"{PREFIX}/Microsoft.Network/loadBalancers/lb/providers/Microsoft.Insights/diagnosticSettings/x") is None


def test_inline_child_is_found_case_insensitively() -> None:
    found = resolve(deployment(LB), f"{PREFIX}/microsoft.network/LOADBALANCERS/LB/backendaddresspools/pool")
    assert found == (LB, ("properties", "backendAddressPools", 1))


def test_id_object_and_relative_id() -> None:
    found = resolve(deployment(LB), {"id": "Microsoft.Network/loadBalancers/lb/backendAddressPools/other"})
    assert found == (LB, ("properties", "backendAddressPools", 0))


def test_separate_child_resource_wins() -> None:
    pool = resource("Microsoft.Network/loadBalancers/backendAddressPools", "lb/extra")
    found = resolve(deployment(LB, pool), f"{PREFIX}/Microsoft.Network/loadBalancers/lb/backendAddressPools/extra")
    assert found == (pool, ())
    assert resolve_ancestor(deployment(LB, pool), f"{PREFIX}/Microsoft.Network/loadBalancers/lb/backendAddressPools/extra", "Microsoft.Network/loadBalancers") is LB


def test_child_of_undeclared_child_resolves_to_parent_with_partial_path() -> None:
    found = resolve(deployment(VNET), f"{PREFIX}/Microsoft.Network/virtualNetworks/vnet/subnets/missing")
    assert found == (VNET, ())
    assert resolve(deployment(VNET, SEPARATE_SUBNET), f"{PREFIX}/Microsoft.Network/virtualNetworks/vnet/subnets/apps") == (SEPARATE_SUBNET, ())


def test_outside_the_deployment_is_none() -> None:
    assert resolve(deployment(LB), f"{PREFIX}/Microsoft.Network/loadBalancers/elsewhere/backendAddressPools/pool") is None
    assert resolve_ancestor(deployment(LB), f"{PREFIX}/Microsoft.Network/applicationGateways/agw/backendAddressPools/p", "Microsoft.Network/loadBalancers") is None


def test_unknown_id_stays_unknown() -> None:
    unknown = Unknown("parameter lbId")
    assert resolve(deployment(LB), unknown) is unknown
    assert resolve(deployment(LB), {"id": unknown}) is unknown
    assert resolve_ancestor(deployment(LB), unknown, "Microsoft.Network/loadBalancers") is unknown


def test_unknown_name_of_same_type_makes_a_miss_unknown() -> None:
    nameless = resource("Microsoft.Network/loadBalancers", Unknown("name from a parameter"))
    assert isinstance(resolve(deployment(nameless), f"{PREFIX}/Microsoft.Network/loadBalancers/lb"), Unknown)
    # an exact match still wins over the unknown one
    assert resolve(deployment(nameless, LB), f"{PREFIX}/Microsoft.Network/loadBalancers/lb") == (LB, ())


def test_resource_group_scope() -> None:
    other = resource("Microsoft.Network/loadBalancers", "lb", resource_id=f"/subscriptions/{SUB}/resourceGroups/other/providers/Microsoft.Network/loadBalancers/lb")
    # same literal group: found; another literal group: not this one
    assert resolve(deployment(other), f"/subscriptions/{SUB}/resourceGroups/OTHER/providers/Microsoft.Network/loadBalancers/lb") == (other, ())
    assert resolve(deployment(other), f"/subscriptions/{SUB}/resourceGroups/third/providers/Microsoft.Network/loadBalancers/lb") is None
    # the deployment's own group (a placeholder) against a literal one: cannot tell
    assert isinstance(resolve(deployment(other), f"{PREFIX}/Microsoft.Network/loadBalancers/lb"), Unknown)
