from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.azure.network import is_basic_load_balancer, load_balancer_kind, referenced_load_balancers, scale_sets_using
from vmss_lint.registry import Context, rule
from vmss_lint.values import Unknown


@rule(
    id="VMSS-GEN-050",
    name="load-balancer-count",
    summary="A scale set joins at most one public and one internal load balancer, and a Basic load balancer serves one scale set.",
    severity="error",
    types=VMSS,
    catalogue=("VMSS-GEN-050",),
    fix="Put the pools on one public and one internal load balancer; give each scale set its own Basic load balancer (better: use Standard).",
    sources=(
        "ARM schema VirtualMachineScaleSetIPConfigurationProperties.loadBalancerBackendAddressPools (Microsoft.Compute 2026-03-01): "
        "'A scale set can reference backend address pools of one public and one internal load balancer. "
        "Multiple scale sets cannot use the same basic sku load balancer.'",
    ),
)
def load_balancer_count(vmss: Resource, ctx: Context):
    """The Compute API documents two limits on the load balancers a scale set's IP configurations
    join (backend pools and inbound NAT pools): at most one public and one internal load balancer per
    scale set, and a Basic load balancer cannot be shared by several scale sets. Only load balancers
    declared in this template are counted; two references to load balancers outside it cannot be told
    apart and are not reported. For a shared Basic load balancer the finding lands on every scale set
    after the first one (in template order) that uses it."""
    references = referenced_load_balancers(ctx.deployment, vmss)
    first_of_kind: dict[str, Resource] = {}
    reported: set[int] = set()
    for path, _, lb in references:
        if isinstance(lb, Unknown):
            continue
        kind = load_balancer_kind(lb)
        if isinstance(kind, str):
            first = first_of_kind.setdefault(kind, lb)
            if first is not lb and id(lb) not in reported:
                reported.add(id(lb))
                yield Violation(
                    path,
                    f"a scale set can use one {kind} load balancer, but this one joins {kind} load balancers {first.display_name} "
                    f"and {lb.display_name}: move these pools to {first.display_name}",
                )
    yield from _shared_basic(vmss, ctx, references)


def _shared_basic(vmss: Resource, ctx: Context, references):
    seen: set[int] = set()
    for path, _, lb in references:
        if isinstance(lb, Unknown) or id(lb) in seen or is_basic_load_balancer(lb) is not True:
            continue
        seen.add(id(lb))
        users = scale_sets_using(ctx.deployment, lb)
        first = users[0] if users else vmss
        if first is not vmss:
            yield Violation(
                path,
                f"the Basic load balancer {lb.display_name} is already used by scale set {first.display_name}; "
                "several scale sets cannot share a Basic load balancer: give this set its own, or make it Standard",
            )
