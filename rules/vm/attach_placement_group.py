from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.sizes import Support, memory_preserving_updates

from ..history._previous import previous_name, reference_id
from ._link import attached_vms, flexible_fault_domain_count, has_profile, scale_set_link, single_placement_group, vm_size


def _pre_existing(vm: Resource, ctx: Context) -> bool:
    """The VM existed in the previous version without being in a scale set: this deployment attaches it."""
    before = ctx.previous_of(vm)
    if before is None:
        return False
    then = reference_id(before.get("properties.virtualMachineScaleSet"))
    link = scale_set_link(vm, ctx.deployment)
    return then is None or (isinstance(then, str) and link is not None and then != reference_id(link.reference))


@rule(
    id="VMSS-FLEX-114",
    name="flexible-attach-needs-spg-false",
    summary="A Flexible set without a VM profile that VMs attach to should be created with "
    "`singlePlacementGroup: false`.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    options={"acceptLiveMigrationAsMpu": False},
    fix="Set `singlePlacementGroup: false` on the scale set when it is created.",
    sources=(
        "Attach or detach a VM to or from a scale set (azure-compute-docs, 2025-04-23): 'To attach VMs to a scale "
        "set without a scaling profile, singlePlacementGroup needs to be set to False at the time of the scale "
        "set's creation'; error VmssDoesNotSupportAttachingWithSpg",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-attach-detach-vm",
        "vmss-lint constraint catalogue §7 audit (2026-11-28), row VMSS-FLEX-114 and finding #1 (azure-cli#21834, 2022)",
    ),
    catalogue=("VMSS-FLEX-114",),
)
def flexible_attach_needs_spg_false(vmss: Resource, ctx: Context):
    """A Flexible set created without a VM profile leaves `singlePlacementGroup` null. New VMs created into
    it settle the value from the first VM, so that is a warning. Attaching VMs that already exist needs
    the set to have been created with `singlePlacementGroup: false` (error `VmssDoesNotSupportAttachingWithSpg`):
    with a previous version (`--previous`, `--diff-base`) that shows such a VM outside the set, it is an
    error. Sizes without memory-preserving updates in a set with more than one fault domain need a single
    placement group, so nothing is reported for them."""
    if has_profile(vmss) is not False:
        return
    spg = single_placement_group(vmss)
    if spg is False or not isinstance(spg, (bool, type(None))):
        return
    members = attached_vms(vmss, ctx.deployment, VM)
    if not members:
        return
    count = flexible_fault_domain_count(vmss)
    live = bool(ctx.option("acceptLiveMigrationAsMpu"))
    for vm in members:
        size = vm_size(vm)
        if not isinstance(size, str):
            return
        needs_spg = memory_preserving_updates(size, accept_live_migration=live) is not Support.YES
        if needs_spg and (not isinstance(count, int) or count > 1):
            return  # sizes without memory-preserving updates and FD > 1 need a single placement group
    path = ("properties", "singlePlacementGroup") if vmss.has("properties.singlePlacementGroup") else ("properties",)
    existing = [vm for vm in members if _pre_existing(vm, ctx)]
    if existing:
        yield Violation(
            path,
            f"VM '{existing[0].display_name}' exists in {previous_name(ctx)} and is attached here: a scale set without a "
            "VM profile must be created with singlePlacementGroup = false to attach existing VMs",
            severity=Severity.ERROR,
        )
        return
    yield Violation(
        path,
        f"VM '{members[0].display_name}' attaches to this scale set, which has no VM profile: set "
        "`singlePlacementGroup: false` when creating it (attaching existing VMs later requires it)",
    )
