from vmss_lint.findings import Violation
from vmss_lint.model import AVAILABILITY_SET, VM, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import Unknown, equals_ci

from ._members import availability_set_of, members, unmanaged_disk_path


def _managed_set(avset: Resource) -> bool | Unknown:
    """`sku.name == 'Aligned'` (or the 2016-04-30-preview `properties.managed: true`): for managed disks."""
    sku = avset.get("sku.name")
    if isinstance(sku, Unknown):
        return sku
    if isinstance(sku, str):
        return equals_ci(sku, "Aligned")
    managed = avset.get("properties.managed")
    if isinstance(managed, Unknown):
        return managed
    return managed is True


@rule(
    id="AVSET-004",
    name="availability-set-disk-kind-mismatch",
    summary="VMs with managed disks need an `Aligned` availability set; VMs with unmanaged disks cannot join one.",
    severity="error",
    types=(AVAILABILITY_SET, VM),
    fix="Give the availability set `sku: { name: 'Aligned' }` and use managed disks in its VMs.",
    sources=(
        "Availability sets overview (azure-compute-docs, 2024-10-10): 'Only VMs with managed disks can be "
        "created in a managed availability set'",
        "Common Azure VM deployment errors (azure-docs, 2017): 'Addition of a VM with managed disks to non-managed "
        "Availability Set or addition of a VM with blob based disks to managed Availability Set is not supported.'",
        "Microsoft.Compute ARM schema: availabilitySets sku.name 'Aligned' (managed) / 'Classic' (the default)",
    ),
    catalogue=("AVSET-004",),
)
def availability_set_disk_kind_mismatch(resource: Resource, ctx: Context):
    """Managed disks are aligned with the availability set's fault domains only in a managed set (sku
    `Aligned`). A set without a sku is `Classic`, for unmanaged (blob) disks. Azure refuses both mixes:
    "Addition of a VM with managed disks to non-managed Availability Set or addition of a VM with blob
    based disks to managed Availability Set is not supported." The first is reported on the set's sku
    (where the fix goes), the second on the VM's `vhd`."""
    if resource.is_type(AVAILABILITY_SET):
        if _managed_set(resource) is not False:
            return
        for vm in members(resource, ctx.deployment):
            if unmanaged_disk_path(vm) is None:
                path = ("sku", "name") if resource.has("sku.name") else ("sku",) if resource.has("sku") else ()
                yield Violation(
                    path,
                    f"VM '{vm.display_name}' uses managed disks, but this availability set is Classic (unmanaged): "
                    "set `sku: { name: 'Aligned' }`",
                )
                return
        return
    avset = availability_set_of(resource, ctx.deployment)
    if avset is None or _managed_set(avset) is not True:
        return
    path = unmanaged_disk_path(resource)
    if isinstance(path, tuple):
        yield Violation(
            path,
            f"availability set '{avset.display_name}' is managed (Aligned): a VM with unmanaged (vhd) disks cannot join it; "
            "use managed disks",
        )
