from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.azure.network import is_basic_load_balancer, referenced_load_balancers
from vmss_lint.registry import Context, rule
from vmss_lint.values import Unknown


@rule(
    id="VMSS-FLEX-038",
    name="flexible-basic-load-balancer",
    summary="A Flexible scale set cannot join a Basic load balancer (or one without a sku, which is Basic).",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-038",),
    fix="Give the load balancer `sku: { name: 'Standard' }` (its public IPs must be Standard too).",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': Basic Load Balancer",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes (2024-06-14): 'Basic SLB: No'",
        "Load Balancer overview (2019-11-08): 'If a SKU isn't specified, the default is the 2017-08-01 API version of the Basic SKU'",
        "https://learn.microsoft.com/azure/load-balancer/skus: Basic Load Balancer retired on 2025-09-30",
    ),
)
def flexible_basic_load_balancer(vmss: Resource, ctx: Context):
    """Flexible orchestration supports only the Standard load balancer: the seed article lists "Basic
    Load Balancer" among the parameters Flexible scale sets do not support, and the current article
    still answers "No" for Basic SLB. A load balancer declared without `sku` is Basic. Every backend
    pool and NAT pool reference of the set's IP configurations is followed to the load balancer
    declared in this template; a load balancer outside the template (or declared `existing`) cannot
    be checked and is reported only as an undecided note."""
    for path, _, lb in referenced_load_balancers(ctx.deployment, vmss):
        if isinstance(lb, Unknown):
            yield Violation(path, f"cannot check the load balancer sku: {lb.reason}", undecided=True)
            continue
        basic = is_basic_load_balancer(lb)
        if isinstance(basic, Unknown):
            yield Violation(path, f"cannot check the sku of load balancer {lb.display_name}: {basic.reason}", undecided=True)
        elif basic:
            yield Violation(
                path,
                f"Flexible scale sets support only Standard load balancers, but {lb.display_name} is Basic"
                f"{'' if lb.has('sku') else ' (it has no sku)'}: set its `sku.name` to 'Standard'",
            )
