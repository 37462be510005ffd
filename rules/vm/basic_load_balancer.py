from vmss_lint.findings import Violation
from vmss_lint.model import NETWORK_INTERFACE, Resource
from vmss_lint.azure.network import is_basic_load_balancer, load_balancer_of
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode
from vmss_lint.values import Unknown, lookup_key

from ._link import scale_set_link, vms_using_nic

POOL_KINDS = ("loadBalancerBackendAddressPools", "loadBalancerInboundNatRules")


@rule(
    id="VM-FLEX-015",
    name="vm-nic-basic-load-balancer",
    summary="The NIC of a VM in a Flexible scale set cannot join a Basic load balancer (or one without a sku).",
    severity="error",
    types=NETWORK_INTERFACE,
    fix="Give the load balancer `sku: { name: 'Standard' }` (its public IPs must be Standard too).",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': Basic Load Balancer",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes (2024-06-14): 'Basic SLB: No'",
        "Load Balancer overview (2019-11-08): 'If a SKU isn't specified, the default is the 2017-08-01 API version of the Basic SKU'",
    ),
    catalogue=("VMSS-FLEX-038",),
)
def vm_nic_basic_load_balancer(nic: Resource, ctx: Context):
    """The VM side of catalogue row VMSS-FLEX-038. A Flexible scale set supports only the Standard load
    balancer, and that holds for every VM in it: a standalone VM that joins a Flexible set brings its own
    NIC, and when that NIC's backend pool or inbound NAT rule belongs to a Basic load balancer (a load
    balancer without `sku` is Basic), the set has a Basic load balancer behind it. The scale set's own
    NIC configurations are checked by VMSS-FLEX-038. A load balancer outside the template is unknown."""
    flexible_users = []
    for vm in vms_using_nic(nic, ctx.deployment):
        link = scale_set_link(vm, ctx.deployment)
        if link is not None and link.parent is not None and mode(link.parent) is Mode.FLEXIBLE:
            flexible_users.append((vm, link.parent))
    if not flexible_users:
        return
    vm, vmss = flexible_users[0]
    for kind in POOL_KINDS:
        for path, item in nic.each(f"properties.ipConfigurations[*].properties.{kind}[*]"):
            key = lookup_key(item, "id") if isinstance(item, dict) else None
            if key is None:
                continue
            lb = load_balancer_of(ctx.deployment, item[key])
            if lb is None or isinstance(lb, Unknown):
                continue
            basic = is_basic_load_balancer(lb)
            if basic is True:
                yield Violation(
                    path + (key,),
                    f"VM '{vm.display_name}' joins Flexible scale set '{vmss.display_name}', which supports only "
                    f"Standard load balancers, but {lb.display_name} is Basic"
                    f"{'' if lb.has('sku') else ' (it has no sku)'}: set its `sku.name` to 'Standard'",
                )
