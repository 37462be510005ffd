from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode
from vmss_lint.azure.sizes import Support, is_general_purpose, memory_preserving_updates

from ._link import VM_SIZE, attached_vms, flexible_fault_domain_count, has_profile, scale_set_link, vm_size


@rule(
    id="VM-FLEX-013",
    name="vm-size-class-mix",
    summary="A Flexible set with FD > 1 and sizes without memory-preserving updates cannot mix general-purpose "
    "and specialty sizes.",
    severity="error",
    types=VM,
    fix="Use sizes of one class (general purpose A/B/D/E/F or specialty G/H/L/M/N) in this set, or set "
    "platformFaultDomainCount to 1.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2024-06-14), table 'Memory Preserving Updates "
        "Supported': 'Mix General Purpose and Specialty SKU Types: Yes (FDCount = 1) / No'",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
    catalogue=("VM-FLEX-013",),
)
def vm_size_class_mix(vm: Resource, ctx: Context):
    """A Flexible set with more than one fault domain that holds sizes without memory-preserving updates runs
    in fixed spreading with a single placement group, and such a set cannot mix general-purpose (A, B, D, E,
    F) and specialty (G, H, L, M, N) sizes. The set's members are its own `sku.name` (when it has a VM
    profile) and every VM of the template that joins it; each VM whose class differs from the first member
    is reported, naming that member."""
    link = scale_set_link(vm, ctx.deployment)
    if link is None or link.parent is None or mode(link.parent) is not Mode.FLEXIBLE:
        return
    parent = link.parent
    count = flexible_fault_domain_count(parent)
    mine = vm_size(vm)
    if not isinstance(count, int) or count <= 1 or not isinstance(mine, str) or is_general_purpose(mine) is None:
        return
    members: list[tuple[str, str]] = []  # (size, who)
    own = parent.get("sku.name")
    if has_profile(parent) is True and isinstance(own, str) and own.casefold() != "mix":
        members.append((own, f"scale set '{parent.display_name}'"))
    for other in attached_vms(parent, ctx.deployment, VM):
        size = vm_size(other)
        if not isinstance(size, str):
            return  # one unknown member: the mix cannot be decided
        members.append((size, f"VM '{other.display_name}'"))
    classes = [(size, who) for size, who in members if is_general_purpose(size) is not None]
    if not any(memory_preserving_updates(size) is Support.NO for size, _ in classes):
        return
    first_size, first_who = classes[0]
    if is_general_purpose(first_size) == is_general_purpose(mine):
        return
    kind = "general-purpose" if is_general_purpose(mine) else "specialty"
    yield Violation(
        VM_SIZE,
        f"{kind} size {mine} cannot join scale set '{parent.display_name}' ({count} fault domains, sizes without "
        f"memory-preserving updates) next to {first_who} of size {first_size}: use one class of sizes or 1 fault domain",
    )
