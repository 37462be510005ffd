"""Ultra Disk and Premium SSD v2: where they can be used and how."""

from vmss_lint.findings import Violation
from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.tristate import maybe
from vmss_lint.azure.scale_set import VP
from vmss_lint.values import equals_ci

ULTRA = "UltraSSD_LRS"
PREMIUM_V2 = "PremiumV2_LRS"
ULTRA_DOC = "Ultra disks (disks-enable-ultra-ssd.md and the ultra-disk limitations include, ms.date 08/24/2026)"
PV2_DOC = "Premium SSD v2 (disks-deploy-premium-v2.md and the premium-ssd-v2 limitations include, ms.date 06/05/2026)"


def _storage(resource: Resource) -> str:
    return f"{VP}.storageProfile" if resource.is_type(VMSS) else "properties.storageProfile"


def _disk_type(resource: Resource, disk_path: tuple) -> object:
    return resource.get(disk_path + ("managedDisk", "storageAccountType"))


@rule(
    id="VMSS-GEN-090",
    name="ultra-disk-needs-capability",
    summary="An UltraSSD_LRS data disk needs `additionalCapabilities.ultraSSDEnabled: true`.",
    severity="error",
    types=(VMSS, VM),
    fix="Set `properties.additionalCapabilities.ultraSSDEnabled` to true.",
    sources=(
        "Microsoft.Compute ARM schema AdditionalCapabilities.ultraSSDEnabled: 'The flag that enables or disables a "
        "capability to have one or more managed data disks with UltraSSD_LRS storage account type … Managed disks with "
        "storage account type UltraSSD_LRS can be added to a virtual machine or virtual machine scale set only if this "
        "property is enabled.'",
        ULTRA_DOC,
    ),
)
def ultra_disk_needs_capability(resource: Resource, ctx: Context):
    """Ultra disks attach only to VMs placed where the Ultra capability is reserved, which the
    `ultraSSDEnabled` flag requests; without it Azure rejects the UltraSSD_LRS disk. For scale sets the
    flag sits at `properties.additionalCapabilities` (in API 2018-06-01 … 2018-10-01 it was under
    `virtualMachineProfile`); either place counts."""
    places = ["properties.additionalCapabilities.ultraSSDEnabled"]
    if resource.is_type(VMSS):
        places.append(f"{VP}.additionalCapabilities.ultraSSDEnabled")
    flags = [resource.get(place) for place in places]
    if any(maybe(flag) for flag in flags):
        return
    for path, _disk in resource.each(_storage(resource) + ".dataDisks[*]"):
        if equals_ci(_disk_type(resource, path), ULTRA):
            yield Violation(path + ("managedDisk", "storageAccountType"),
                            "an UltraSSD_LRS data disk needs properties.additionalCapabilities.ultraSSDEnabled: true")


@rule(
    id="VMSS-GEN-091",
    name="ultra-disk-not-os-disk",
    summary="Ultra Disk and Premium SSD v2 cannot be OS disks.",
    severity="error",
    types=(VMSS, VM),
    fix="Use Premium_LRS, StandardSSD_LRS or another OS-capable type for the OS disk; keep Ultra/Premium v2 for data disks.",
    sources=(
        ULTRA_DOC + ": 'can't be used as an OS disk'",
        PV2_DOC + ": 'can't be used as an OS disk'",
        "Microsoft.Compute ARM schema StorageAccountTypes: 'UltraSSD_LRS can only be used with data disks'",
    ),
)
def ultra_disk_not_os_disk(resource: Resource, ctx: Context):
    """Ultra Disks and Premium SSD v2 are data-disk-only products; Azure rejects them as the OS disk's
    storage account type."""
    path = tuple(_storage(resource).split(".")) + ("osDisk", "managedDisk", "storageAccountType")
    value = resource.get(path)
    if equals_ci(value, ULTRA) or equals_ci(value, PREMIUM_V2):
        yield Violation(path, f"{value} cannot be an OS disk: use Premium_LRS or StandardSSD_LRS for the OS disk")


@rule(
    id="VMSS-GEN-161",
    name="ultra-disk-no-caching",
    summary="Ultra Disk and Premium SSD v2 data disks do not support host caching.",
    severity="error",
    types=(VMSS, VM),
    fix="Set the disk's `caching` to 'None' or remove it.",
    sources=(
        ULTRA_DOC + ": 'Ultra Disks don't support disk caching'",
        PV2_DOC + ": Premium SSD v2 'doesn't support host caching'",
        "vmss-lint catalogue §7.C 'Ultra / Premium v2 caching' (2026-11-28 audit)",
    ),
    catalogue=("VMSS-GEN-161", "§7.C Ultra / Premium v2 caching"),
)
def ultra_disk_no_caching(resource: Resource, ctx: Context):
    """Host caching (ReadOnly, ReadWrite) is not available for Ultra Disks and Premium SSD v2, whose
    performance is provisioned on the disk itself; Azure rejects a caching mode other than None."""
    for path, _disk in resource.each(_storage(resource) + ".dataDisks[*]"):
        kind = _disk_type(resource, path)
        caching = resource.get(path + ("caching",))
        if (equals_ci(kind, ULTRA) or equals_ci(kind, PREMIUM_V2)) and (
            equals_ci(caching, "ReadOnly") or equals_ci(caching, "ReadWrite")
        ):
            yield Violation(path + ("caching",), f"{kind} disks do not support host caching: set caching to 'None'")
