from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode

from ..common.api_minimums import VM_FAULT_DOMAIN
from ..history._previous import previous_name
from ._link import (
    PLATFORM_FAULT_DOMAIN, api_before, flexible_fault_domain_count, integer, scale_set_link, single_placement_group,
)


@rule(
    id="VM-FLEX-004",
    name="vm-fault-domain-invalid",
    summary="A VM's `platformFaultDomain` is 0-indexed, needs a Flexible parent with more than one fault domain "
    "and no single placement group, API 2020-12-01, and cannot change.",
    severity="error",
    types=VM,
    fix="Use a value from 0 to platformFaultDomainCount - 1 of the parent Flexible set, or remove `platformFaultDomain`.",
    sources=(
        "Microsoft.Compute ARM schema 2026-03-01, VirtualMachineProperties.platformFaultDomain: 'must have "
        "platformFaultDomainCount greater than 1 ... cannot be updated once the Virtual Machine is created ... "
        "Minimum api-version: 2020-12-01'",
        "Azure/azure-cli#16346 (Compute team, 2020-12): the fault domain is 0-indexed (0 .. count-1)",
        "hashicorp/terraform-provider-azurerm#19074 (2022): \"Cannot set 'platformFaultDomain' on Virtual Machine ... "
        "because the Virtual Machine Scale Set ... has 'singlePlacementGroup' = true.\"",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Assign fault domain during VM creation'",
    ),
    catalogue=("VM-FLEX-004",),
)
def vm_fault_domain_invalid(vm: Resource, ctx: Context):
    """`platformFaultDomain` pins a VM to one fault domain of its Flexible scale set. The platform numbers
    fault domains from 0, so a set with 3 fault domains accepts 0, 1 and 2; a value of 3 is rejected. It is
    only meaningful when the set spreads over more than one fault domain, not available in sets with a single
    placement group (Azure: "Cannot set 'platformFaultDomain' ... has 'singlePlacementGroup' = true"), needs
    API 2020-12-01, and "cannot be updated once the Virtual Machine is created": with a previous version
    (`--previous`, `--diff-base`) a changed value is reported too."""
    value = integer(vm.get("properties.platformFaultDomain"))
    if value is None or not isinstance(value, int):
        return
    if api_before(vm, VM_FAULT_DOMAIN.minimum):
        yield Violation(PLATFORM_FAULT_DOMAIN, f"`platformFaultDomain` needs apiVersion {VM_FAULT_DOMAIN.minimum} or later (the VM uses {vm.api_version})")
    before = ctx.previous_of(vm)
    if before is not None:
        old = integer(before.get("properties.platformFaultDomain"))
        if isinstance(old, int) and old != value:
            yield Violation(
                PLATFORM_FAULT_DOMAIN,
                f"`platformFaultDomain` cannot change after the VM is created: it was {old} in {previous_name(ctx)}; "
                "keep it, or delete and recreate the VM",
            )
    link = scale_set_link(vm, ctx.deployment)
    if link is None:
        yield Violation(PLATFORM_FAULT_DOMAIN, "`platformFaultDomain` needs the VM to join a Flexible scale set (`virtualMachineScaleSet`): remove it or add the scale set")
        return
    parent = link.parent
    if parent is None or mode(parent) is not Mode.FLEXIBLE:
        return
    count = flexible_fault_domain_count(parent)
    if isinstance(count, int):
        if count <= 1:
            yield Violation(
                PLATFORM_FAULT_DOMAIN,
                f"scale set '{parent.display_name}' has {count} fault domain: `platformFaultDomain` needs "
                "platformFaultDomainCount of 2 or more; remove it",
            )
        elif not 0 <= value < count:
            yield Violation(
                PLATFORM_FAULT_DOMAIN,
                f"fault domains are numbered from 0: scale set '{parent.display_name}' has {count}, so use 0 to {count - 1}, not {value}",
            )
    if single_placement_group(parent) is True:
        yield Violation(
            PLATFORM_FAULT_DOMAIN,
            f"scale set '{parent.display_name}' has singlePlacementGroup = true, which does not allow pinning a VM "
            "to a fault domain: remove `platformFaultDomain`",
        )
