from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.tristate import any_unknown
from vmss_lint.azure.scale_set import mode
from vmss_lint.azure.sizes import parse_size
from vmss_lint.values import is_written

from ..vm._link import SCALE_SET_ID, flexible_fault_domain_count, scale_set_link, vm_size
from ._previous import previous_name, reference_id


def _blockers(vm: Resource, parent: Resource) -> list[tuple[tuple, str]]:
    """What keeps an existing VM from attaching (ATTACH limitations), as (path, reason)."""
    found: list[tuple[tuple, str]] = []
    count = flexible_fault_domain_count(parent)
    if isinstance(count, int) and count != 1:
        found.append((SCALE_SET_ID, f"scale set '{parent.display_name}' has {count} fault domains; existing VMs attach only to sets with 1 (VmssDoesNotSupportAttachingExistingVMMultiFD)"))
    for key, what in (("availabilitySet", "an availability set"), ("proximityPlacementGroup", "a proximity placement group"),
                      ("host", "a dedicated host"), ("hostGroup", "a dedicated host group")):
        if is_written(vm.get(f"properties.{key}")):
            found.append((("properties", key), f"the VM is in {what}; existing VMs in one cannot attach to a scale set"))
    disks = [("properties", "storageProfile", "osDisk", "vhd")] if is_written(vm.get("properties.storageProfile.osDisk.vhd")) else []
    disks += [path for path, value in vm.each("properties.storageProfile.dataDisks[*].vhd") if is_written(value)]
    for path in disks[:1]:
        found.append((path, "the VM uses unmanaged disks; only VMs with managed disks can attach (VmssDoesNotSupportAttachingUnmanagedDisk)"))
    size = vm_size(vm)
    parsed = parse_size(size) if isinstance(size, str) else None
    if parsed is not None and parsed.rdma:
        found.append((("properties", "hardwareProfile", "vmSize"), f"size {size} has RDMA (InfiniBand), which cannot attach to a scale set"))
    return found


@rule(
    id="VM-FLEX-009",
    name="vm-attach-existing-blocked",
    summary="An existing VM can attach to a Flexible set only under conditions (FD 1, no availability set, "
    "PPG or dedicated host, managed disks, no RDMA), and cannot move between sets.",
    severity="error",
    types=VM,
    fix="Create a new VM in the scale set instead, or remove what blocks attaching; to move a VM, detach it "
    "first (`virtualMachineScaleSet: null`).",
    sources=(
        "Attach or detach a VM to or from a scale set (azure-compute-docs, 2025-04-23), 'Limitations for attaching "
        "an existing VM' and troubleshooting codes VmssDoesNotSupportAttachingExistingVMMultiFD, "
        "...AvsetVM, ...PPGVM, ...UnmanagedDisk, PropertyChangeNotAllowed",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-attach-detach-vm",
    ),
    catalogue=("VM-FLEX-009",),
)
def vm_attach_existing_blocked(vm: Resource, ctx: Context):
    """A VM that already exists can be attached to a Flexible scale set, with limits: the set must have one
    fault domain, the VM must not be in an availability set, a proximity placement group or on a dedicated
    host, must use managed disks and must not be an RDMA size. A VM already in one scale set cannot be
    moved to another in one step (`PropertyChangeNotAllowed`): detach it with `virtualMachineScaleSet: null`
    (not `""` or `"null"`) first.

    "Existing" needs the previous version (`--previous`, `--diff-base`): the VM is there without a scale
    set (or with another one). Without a previous version only the malformed detach value is checked."""
    raw = vm.get("properties.virtualMachineScaleSet.id")
    if isinstance(raw, str) and raw.strip().casefold() in ("", "null"):
        yield Violation(SCALE_SET_ID, f"virtualMachineScaleSet.id {raw!r} is not a scale set: to detach the VM set `virtualMachineScaleSet` to null")
        return
    link = scale_set_link(vm, ctx.deployment)
    before = ctx.previous_of(vm)
    if link is None or before is None:
        return
    now, then = reference_id(link.reference), reference_id(before.get("properties.virtualMachineScaleSet"))
    if any_unknown(now, then):
        return
    if then is not None:
        if now != then:
            yield Violation(
                SCALE_SET_ID,
                f"the VM was in another scale set in {previous_name(ctx)}: a VM cannot move between scale sets; "
                "detach it first (virtualMachineScaleSet: null), then attach it",
            )
        return
    if link.parent is None or mode(link.parent) is not Mode.FLEXIBLE:
        return
    for path, reason in _blockers(vm, link.parent):
        yield Violation(path, f"VM '{vm.display_name}' exists in {previous_name(ctx)} and is attached here, but {reason}")
