from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import IP_CONFIGS


@rule(
    id="VMSS-UNI-049",
    name="uniform-nat-pool-retirement",
    summary="Inbound NAT pools retire on 2027-09-30.",
    severity="warning",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-049",),
    fix="Replace `loadBalancerInboundNatPools` with inbound NAT rules (v2) on the load balancer that target the "
    "backend pool.",
    sources=(
        "Azure Load Balancer inbound NAT rules (docs.azure.cn, en-us): 'On September 30, 2027, Inbound NAT rules v1 "
        "will be retired'; NAT pools are a v1 feature — https://docs.azure.cn/en-us/load-balancer/inbound-nat-rules",
    ),
)
def uniform_nat_pool_retirement(vmss: Resource, ctx: Context):
    """Inbound NAT pools are part of inbound NAT rules v1, which retire on 2027-09-30. Port forwarding
    to scale-set instances moves to inbound NAT rules v2, defined on the load balancer against a
    backend pool. The deployment works today; a warning so the migration is planned."""
    for path, pools in vmss.each(f"{IP_CONFIGS}.properties.loadBalancerInboundNatPools"):
        if isinstance(pools, list) and pools:
            yield Violation(
                path,
                "inbound NAT pools (NAT rules v1) retire on 2027-09-30: migrate to inbound NAT rules v2 on the load "
                "balancer",
            )
