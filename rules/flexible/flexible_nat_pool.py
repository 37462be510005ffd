from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import IP_CONFIGS


@rule(
    id="VMSS-FLEX-039",
    name="flexible-nat-pool",
    summary="A Flexible scale set cannot use load-balancer inbound NAT pools.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-039",),
    fix="Remove `loadBalancerInboundNatPools` and configure inbound NAT rules (v2) on the load balancer that "
    "target the backend pool.",
    autofix=remove_reported("Remove `loadBalancerInboundNatPools`"),
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': 'Port Forwarding "
        "via Standard Load Balancer NAT Pool - you can configure NAT rules'; Networking 'Network Port Forwarding: "
        "Flexible: NAT Rules for individual instances'",
        "Orchestration modes (ms.date 2024-06-14): unchanged — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED (the Azure CLI rejects --nat-pool-name for Flexible)",
    ),
)
def flexible_nat_pool(vmss: Resource, ctx: Context):
    """Inbound NAT pools map a port range to the instances of a Uniform scale set. Flexible instances
    are standard VMs with their own NICs, which (per the load-balancer API) cannot reference an inbound
    NAT pool; port forwarding to them uses inbound NAT rules instead. NAT pools are also a v1 feature
    that retires on 2027-09-30."""
    for path, pools in vmss.each(f"{IP_CONFIGS}.properties.loadBalancerInboundNatPools"):
        if isinstance(pools, list) and pools:
            yield Violation(
                path,
                "Flexible scale sets cannot use inbound NAT pools: remove loadBalancerInboundNatPools and use "
                "inbound NAT rules on the load balancer",
            )
