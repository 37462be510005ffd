from collections.abc import Iterator

from vmss_lint.findings import Violation
from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.properties import is_set
from vmss_lint.azure.scale_set import OS_DISK, effective_single_placement_group, mode
from vmss_lint.values import Path, parse_path


@rule(
    id="VMSS-GEN-093",
    name="unmanaged-disks-retired",
    summary="Unmanaged (VHD blob) disks were retired on 2026-03-31: scale sets and VMs must use managed disks.",
    severity="error",
    types=(VMSS, VM),
    fix="Remove `vhdContainers`, `image.uri` and `vhd.uri`; use `managedDisk` with a storage account type and "
    "a platform, gallery or managed image.",
    sources=(
        "Migrate your IaaS resources off unmanaged disks (unmanaged-disks-deprecation.md, ms.date 08/28/2025): 'After "
        "March 31, 2026, you can't start IaaS VMs that use unmanaged disks'",
        "Orchestration modes (virtual-machine-scale-sets-orchestration-modes.md, ms.date 06/14/2024) NOTE: unmanaged disks retire 2026-03-31",
        "Placement groups (virtual-machine-scale-sets-placement-groups.md, ms.date 05/19/2026): large scale sets require managed disks",
        "vmss-lint catalogue §7 #3 (2026-11-28 audit): error in every mode; VMSS-UNI-094 is subsumed",
    ),
    catalogue=("VMSS-GEN-093", "VMSS-UNI-094"),
)
def unmanaged_disks_retired(resource: Resource, ctx: Context):
    """Unmanaged disks (page blobs named by `vhdContainers`, `image.uri` or `vhd.uri`) were retired on
    31 March 2026: VMs that use them can no longer start, so a template that creates them deploys
    machines that cannot run. The catalogue's warning (GEN-093) and the large-scale-set error (UNI-094:
    `singlePlacementGroup: false` needs managed disks) are merged into this one error, which names the
    large-scale case in its message. Flexible scale sets are reported by VMSS-FLEX-036 instead, so a
    Flexible set is not reported twice."""
    if resource.is_type(VMSS):
        if mode(resource) is Mode.FLEXIBLE:
            return
        paths = _scale_set_paths(resource)
        large = effective_single_placement_group(resource) is False
        suffix = " (and a scale set with singlePlacementGroup false requires managed disks)" if large else ""
    else:
        paths = _vm_paths(resource)
        suffix = ""
    for path in paths:
        yield Violation(path, f"unmanaged disks were retired on 2026-03-31: use managedDisk instead{suffix}")



def _scale_set_paths(vmss: Resource) -> Iterator[Path]:
    containers = parse_path(f"{OS_DISK}.vhdContainers")
    if is_set(vmss.get(containers)):
        yield containers
    image_uri = parse_path(f"{OS_DISK}.image.uri")
    if is_set(vmss.get(image_uri)):
        yield image_uri


def _vm_paths(vm: Resource) -> Iterator[Path]:
    for pattern in ("properties.storageProfile.osDisk.vhd.uri", "properties.storageProfile.osDisk.image.uri",
                    "properties.storageProfile.dataDisks[*].vhd.uri"):
        for path, value in vm.each(pattern):
            if is_set(value):
                yield path
