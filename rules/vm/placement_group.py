from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode
from vmss_lint.azure.sizes import Support, memory_preserving_updates

from ._link import SCALE_SET_ID, flexible_fault_domain_count, has_profile, scale_set_link, single_placement_group, vm_size


@rule(
    id="VM-FLEX-008",
    name="vm-scale-set-single-placement-group",
    summary="Attaching a VM of a size with memory-preserving updates needs the Flexible set's "
    "`singlePlacementGroup` to be false.",
    severity="error",
    types=VM,
    options={"acceptLiveMigrationAsMpu": False},
    fix="Set `singlePlacementGroup: false` on the Flexible scale set when it is created.",
    sources=(
        "Attach or detach a VM to or from a scale set (azure-compute-docs, 2025-04-23): singlePlacementGroup "
        "must be false; troubleshooting code VmssDoesNotSupportAttachingWithSpg",
        "Azure/azure-cli#21834 (2022-03): Flexible sets with specialty sizes and FD > 1 'can only use VM Size "
        "... if single placement group ... is set to true'",
        "vmss-lint constraint catalogue §7 audit (2026-11-28), row VM-FLEX-008",
    ),
    catalogue=("VM-FLEX-008",),
)
def vm_scale_set_single_placement_group(vm: Resource, ctx: Context):
    """A Flexible set for sizes with memory-preserving updates spreads VMs over many placement groups; a VM
    attaches only when the set's `singlePlacementGroup` is false (`VmssDoesNotSupportAttachingWithSpg`).
    An explicit `true` with such a size is an error. Sizes *without* memory-preserving updates in a set
    with more than one fault domain are the opposite case: they need a single placement group, so nothing
    is reported for them (the catalogue row said "always false"; the 2026 audit corrected it).

    When the set leaves `singlePlacementGroup` unset the platform chooses it from the first VM, so this is
    a warning; for scale sets without a VM profile VMSS-FLEX-114 reports it on the set instead."""
    link = scale_set_link(vm, ctx.deployment)
    if link is None or link.parent is None or mode(link.parent) is not Mode.FLEXIBLE:
        return
    parent = link.parent
    spg = single_placement_group(parent)
    if spg is False:
        return
    size = vm_size(vm)
    support = memory_preserving_updates(size, accept_live_migration=bool(ctx.option("acceptLiveMigrationAsMpu"))) if isinstance(size, str) else Support.UNKNOWN
    count = flexible_fault_domain_count(parent)
    if support is Support.NO and isinstance(count, int) and count > 1:
        return  # these sizes need singlePlacementGroup = true
    name = parent.display_name
    if spg is True:
        if support is Support.YES:
            yield Violation(SCALE_SET_ID, f"scale set '{name}' has singlePlacementGroup = true: a {size} VM cannot attach; set it to false on the scale set")
        elif support is Support.UNKNOWN and isinstance(size, str):
            yield Violation(
                SCALE_SET_ID,
                f"scale set '{name}' has singlePlacementGroup = true: a VM of size {size} (memory-preserving "
                "updates contested) may be refused; set it to false unless the size needs a single placement group",
                severity=Severity.WARNING,
            )
    elif spg is None and has_profile(parent) is True and support is Support.YES:
        yield Violation(
            SCALE_SET_ID,
            f"scale set '{name}' does not set singlePlacementGroup: attaching VMs needs it false; set "
            "`singlePlacementGroup: false` on the scale set",
            severity=Severity.WARNING,
        )
