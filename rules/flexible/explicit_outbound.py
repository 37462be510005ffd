from typing import Any

from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Deployment, Resource
from vmss_lint.azure.network import (
    BACKEND_POOLS,
    find_object,
    is_reference_set,
    is_standard_load_balancer,
    load_balancer_kind,
    load_balancer_of,
    routes_of,
    subnet_of,
    subnet_property,
)
from vmss_lint.registry import Context, rule
from vmss_lint.tristate import Tri, any_true, any_unknown
from vmss_lint.azure.scale_set import IP_CONFIGS
from vmss_lint.values import Unknown, equals_ci, get_path

# Next hops that carry a default route out of the virtual network (a firewall / NVA, or forced tunnelling).
OUTBOUND_NEXT_HOPS = ("VirtualAppliance", "VirtualNetworkGateway")


@rule(
    id="VMSS-FLEX-042",
    name="flexible-explicit-outbound",
    summary="Instances of a Flexible scale set have no default outbound access: give them an explicit outbound path.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    options={"flexOutboundStrict": False},
    catalogue=("VMSS-FLEX-042",),
    fix="Attach a NAT gateway to the subnet, put the instances in a Standard public load balancer with outbound rules, "
    "give them a `publicIPAddressConfiguration`, or route 0.0.0.0/0 to a firewall.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), Networking: 'Default outbound connectivity: No, must have explicit outbound connectivity'",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-networking (2026-05-19), "
        "'Explicit network outbound connectivity for Flexible scale sets'",
        "Flexible scale sets troubleshooting (2021-10-13): error OutboundConnectivityNotEnabledOnVM",
        "https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access: Flexible sets are secure by default",
        "Catalogue audit 2026-11-28, §7.B VMSS-FLEX-042: keep a warning; the error escalation is opt-in",
    ),
)
def flexible_explicit_outbound(vmss: Resource, ctx: Context):
    """Virtual machines in a Flexible scale set get no default outbound internet access ("secure by
    default"): they reach the internet only through a NAT gateway on their subnet, a Standard public
    load balancer (with outbound rules), an instance-level public IP, or a user-defined default route
    (0.0.0.0/0) to a firewall or network virtual appliance. Without one, extensions that download
    packages, patching and image activation fail; 2021 deployments failed with
    `OutboundConnectivityNotEnabledOnVM`. The audit found no recent evidence that Azure still rejects
    the deployment, so the rule warns. With the option `flexOutboundStrict = true` it becomes an
    error when every subnet, load balancer and route table involved is declared in this template and
    none provides outbound access. When any of them is outside the template the rule cannot decide
    and stays quiet (an undecided note with --show-unknown)."""
    ip_configs = vmss.each(IP_CONFIGS)
    if not ip_configs:
        return
    verdict = any_true(_provides_outbound(ctx.deployment, ip_config) for _, ip_config in ip_configs)
    if verdict is True:
        return
    first_path = ip_configs[0][0]
    target = first_path + ("properties", "subnet") if isinstance(ip_configs[0][1], dict) else first_path
    if isinstance(verdict, Unknown):
        yield Violation(target, f"cannot tell whether the instances have explicit outbound connectivity: {verdict.reason}", undecided=True)
        return
    yield Violation(
        target,
        "Flexible scale set instances have no default outbound access and nothing here provides it: attach a NAT gateway "
        "to the subnet, use a Standard public load balancer with outbound rules, add a publicIPAddressConfiguration, "
        "or route 0.0.0.0/0 to a firewall",
        severity=Severity.ERROR if ctx.option("flexOutboundStrict") else None,
    )


def _provides_outbound(deployment: Deployment, ip_config) -> Tri:
    if isinstance(ip_config, Unknown):
        return ip_config
    public_ip = get_path(ip_config, "properties.publicIPAddressConfiguration")
    if isinstance(public_ip, Unknown) or is_reference_set(public_ip):
        return True if not isinstance(public_ip, Unknown) else public_ip
    verdicts = [_via_load_balancer(deployment, pool) for pool in _list(get_path(ip_config, f"properties.{BACKEND_POOLS}"))]
    verdicts.append(_via_subnet(deployment, get_path(ip_config, "properties.subnet")))
    return any_true(verdicts)


def _list(value):
    if isinstance(value, Unknown):
        return [value]
    return value if isinstance(value, list) else []


def _via_load_balancer(deployment: Deployment, pool) -> Tri:
    lb = load_balancer_of(deployment, pool)
    if lb is None:
        return False
    if isinstance(lb, Unknown):
        return lb
    standard = is_standard_load_balancer(lb)
    if standard is not True:
        return standard
    kind = load_balancer_kind(lb)
    return kind if isinstance(kind, Unknown) else kind == "public"


def _via_subnet(deployment: Deployment, reference) -> Tri:
    subnet = subnet_of(deployment, reference)
    if isinstance(subnet, Unknown):
        return subnet
    nat_gateway = subnet_property(subnet, "natGateway")
    if isinstance(nat_gateway, Unknown) or is_reference_set(nat_gateway):
        return True if not isinstance(nat_gateway, Unknown) else nat_gateway
    route_table_ref = subnet_property(subnet, "routeTable")
    if isinstance(route_table_ref, Unknown):
        return route_table_ref
    if not is_reference_set(route_table_ref):
        return False
    found = find_object(deployment, route_table_ref, "route table")
    if isinstance(found, Unknown):
        return found
    routes = routes_of(deployment, found[0])
    if isinstance(routes, Unknown):
        return routes
    return any_true(_default_route_out(route) for route in routes)


def _default_route_out(route: Any) -> Tri:
    """The route sends 0.0.0.0/0 to a next hop that reaches the internet."""
    prefix = get_path(route, "properties.addressPrefix")
    hop = get_path(route, "properties.nextHopType")
    if any_unknown(prefix, hop):
        return Unknown("a route's prefix or next hop is unknown")
    return prefix == "0.0.0.0/0" and any(equals_ci(hop, candidate) for candidate in OUTBOUND_NEXT_HOPS)
