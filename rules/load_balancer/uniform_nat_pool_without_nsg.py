from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.azure.network import NAT_POOLS, is_reference_set, is_standard_load_balancer, load_balancer_of, subnet_of, subnet_property
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import NICS
from vmss_lint.values import Unknown, get_path, lookup_key


@rule(
    id="VMSS-UNI-047",
    name="uniform-nat-pool-without-nsg",
    summary="A Uniform scale set using NAT pools of a Standard load balancer needs a network security group.",
    severity="warning",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-047",),
    fix="Set `networkSecurityGroup` on the network interface configuration or on its subnet, with rules that allow the NAT ports.",
    sources=(
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-placement-groups (2026-05-19), checklist: "
        "'Standard SKU also requires that the scale set has a Network Security Group associated with it, otherwise NAT pools don't work correctly'",
    ),
)
def uniform_nat_pool_without_nsg(vmss: Resource, ctx: Context):
    """A Standard load balancer is secure by default: inbound traffic reaches a backend only where a
    network security group allows it. A Uniform scale set whose instances are reached through inbound
    NAT pools of a Standard load balancer therefore needs an NSG on its network interface configuration
    or on the subnet; without one the deployment succeeds but the NAT ports do not answer. The subnet
    is followed to the virtual network declared in this template; when it is outside the template the
    rule cannot decide."""
    for nic_path, nic in vmss.each(NICS):
        if not isinstance(nic, dict):
            continue
        nic_nsg = get_path(nic, "properties.networkSecurityGroup")
        if isinstance(nic_nsg, Unknown) or is_reference_set(nic_nsg):
            continue
        ip_configs = get_path(nic, "properties.ipConfigurations")
        if not isinstance(ip_configs, list):
            continue
        properties_key = lookup_key(nic, "properties") or "properties"
        configs_key = lookup_key(nic[properties_key], "ipConfigurations") or "ipConfigurations"
        for index, ip_config in enumerate(ip_configs):
            config_path = nic_path + (properties_key, configs_key, index)
            yield from _check_ip_config(vmss, ctx, config_path, ip_config)


def _check_ip_config(vmss: Resource, ctx: Context, config_path, ip_config):
    nat_pools = get_path(ip_config, f"properties.{NAT_POOLS}")
    if not isinstance(nat_pools, list):
        return
    for index, pool in enumerate(nat_pools):
        lb = load_balancer_of(ctx.deployment, pool)
        if lb is None or isinstance(lb, Unknown) or is_standard_load_balancer(lb) is not True:
            continue
        pool_path = config_path + _keys(ip_config, "properties", NAT_POOLS) + (index,)
        if isinstance(pool, dict):
            pool_path += (lookup_key(pool, "id") or "id",)
        subnet = subnet_of(ctx.deployment, get_path(ip_config, "properties.subnet"))
        if isinstance(subnet, Unknown):
            yield Violation(pool_path, f"NAT pools of Standard load balancer {lb.display_name} need an NSG; cannot check the subnet: {subnet.reason}", undecided=True)
            return
        subnet_nsg = subnet_property(subnet, "networkSecurityGroup")
        if isinstance(subnet_nsg, Unknown):
            yield Violation(pool_path, f"cannot check the subnet's network security group: {subnet_nsg.reason}", undecided=True)
        elif not is_reference_set(subnet_nsg):
            yield Violation(
                pool_path,
                f"NAT pools of the Standard load balancer {lb.display_name} do not work without a network security group: "
                "set `networkSecurityGroup` on this network interface configuration or on its subnet",
            )
        return


def _keys(item, *names):
    keys = []
    current = item
    for name in names:
        key = lookup_key(current, name) if isinstance(current, dict) else None
        keys.append(key or name)
        current = current.get(key) if key else None
    return tuple(keys)
