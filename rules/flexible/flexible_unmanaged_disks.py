from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path, is_set
from vmss_lint.azure.scale_set import OS_DISK

_UNMANAGED = (f"{OS_DISK}.vhdContainers", f"{OS_DISK}.image.uri")


@rule(
    id="VMSS-FLEX-036",
    name="flexible-unmanaged-disks",
    summary="A Flexible scale set supports managed disks only (no `vhdContainers`, no `image.uri`).",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-036",),
    fix="Remove `osDisk.vhdContainers` / `osDisk.image` and use a managed OS disk "
    "(`managedDisk.storageAccountType`) with a platform, gallery or managed image.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': "
        "'Unmanaged disks'; Basic setup 'Disk Types: Managed disks only' for Flexible",
        "Orchestration modes (ms.date 2024-06-14): unchanged; unmanaged disks retire 2026-03-31 — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED (see also VMSS-GEN-093 for every mode)",
    ),
)
def flexible_unmanaged_disks(vmss: Resource, ctx: Context):
    """Flexible orchestration creates standard VMs with managed disks only; unmanaged (storage-account
    VHD) disks were never supported there, and since 2026-03-31 VMs with unmanaged disks cannot start
    in any mode. `osDisk.vhdContainers` and `osDisk.image.uri` are the two unmanaged forms of the
    scale-set OS disk."""
    for path in _UNMANAGED:
        if is_set(vmss.get(path)):
            yield Violation(
                concrete_path(vmss, path),
                "Flexible scale sets support managed disks only: remove the unmanaged disk "
                f"`{path.rsplit('.', 2)[-2]}.{path.rsplit('.', 1)[-1]}` and use managedDisk",
            )
