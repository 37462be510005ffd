from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode
from vmss_lint.azure.sizes import Support, memory_preserving_updates

from ._link import PLATFORM_FAULT_DOMAIN, flexible_fault_domain_count, integer, scale_set_link, vm_size


@rule(
    id="VM-FLEX-005",
    name="vm-fault-domain-non-mpu",
    summary="VMs of sizes without memory-preserving updates cannot be pinned to a fault domain of a set with FD > 1.",
    severity="error",
    types=VM,
    options={"acceptLiveMigrationAsMpu": False},
    fix="Remove `platformFaultDomain`; the platform spreads these sizes over the fault domains itself.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2024-06-14), table 'Memory Preserving Updates "
        "Supported': 'Assign VM to a Specific Fault domain: No' for sizes without memory-preserving updates and FD > 1",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
    catalogue=("VM-FLEX-005",),
)
def vm_fault_domain_non_mpu(vm: Resource, ctx: Context):
    """Sizes without memory-preserving updates (G, H, N and, contested, L and M series) run a Flexible set
    with more than one fault domain in fixed spreading with a single placement group. Such a set places VMs
    itself: "Assign VM to a Specific Fault domain: No". Where the size's support is contested, this is a
    warning."""
    if integer(vm.get("properties.platformFaultDomain")) is None:
        return
    link = scale_set_link(vm, ctx.deployment)
    if link is None or link.parent is None or mode(link.parent) is not Mode.FLEXIBLE:
        return
    count = flexible_fault_domain_count(link.parent)
    if not isinstance(count, int) or count <= 1:
        return
    size = vm_size(vm)
    if not isinstance(size, str):
        return
    support = memory_preserving_updates(size, accept_live_migration=bool(ctx.option("acceptLiveMigrationAsMpu")))
    if support is Support.YES:
        return
    severity = Severity.WARNING if support is Support.UNKNOWN else None
    doubt = " (its support for memory-preserving updates is contested)" if severity else ""
    yield Violation(
        PLATFORM_FAULT_DOMAIN,
        f"size {size} has no memory-preserving updates{doubt}: in scale set '{link.parent.display_name}' with "
        f"{count} fault domains the platform places it; remove `platformFaultDomain`",
        severity=severity,
    )
