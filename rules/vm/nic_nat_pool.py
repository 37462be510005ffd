from vmss_lint.findings import Violation
from vmss_lint.model import NETWORK_INTERFACE, Resource
from vmss_lint.registry import Context, rule

from ._link import vms_using_nic


@rule(
    id="VM-FLEX-012",
    name="vm-nic-inbound-nat-pool",
    summary="The NIC of a standalone VM cannot reference a load balancer's inbound NAT pool.",
    severity="error",
    types=NETWORK_INTERFACE,
    fix="Use an inbound NAT rule (`loadBalancerInboundNatRules`) for the VM's NIC instead of a NAT pool.",
    sources=(
        "Microsoft.Network ARM schema 2025-07-01, LoadBalancer inboundNatPools: 'NICs that are associated with "
        "individual virtual machines cannot reference an inbound NAT pool. They have to reference individual "
        "inbound NAT rules.'",
        "Inbound NAT rules v1 (NAT pools) retire on 2027-09-30 (learn.microsoft.com/azure/load-balancer/inbound-nat-rules)",
    ),
    catalogue=("VM-FLEX-012",),
)
def vm_nic_inbound_nat_pool(nic: Resource, ctx: Context):
    """Inbound NAT pools hand out frontend ports to the instances of a Uniform scale set. A NIC of an
    individual VM (standalone, or a VM in a Flexible set) must use inbound NAT rules; the network API
    rejects a VM NIC that references a NAT pool. The catalogue limits the row to Flexible members, but the
    source states it for every individual VM, so the rule does too. A NIC that no VM in the template uses
    is not reported."""
    pools = [(path, value) for path, value in nic.each("properties.ipConfigurations[*].properties.loadBalancerInboundNatPools") if isinstance(value, list) and value]
    if not pools:
        return
    users = vms_using_nic(nic, ctx.deployment)
    if not users:
        return
    vm = users[0]
    for path, _ in pools:
        yield Violation(
            path,
            f"this NIC belongs to VM '{vm.display_name}': a VM's NIC cannot use an inbound NAT pool; "
            "reference an inbound NAT rule (`loadBalancerInboundNatRules`) instead",
        )
