from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import DATA_DISKS
from vmss_lint.values import is_written, lookup_key

_KEYS = ("diskIOPSReadWrite", "diskMBpsReadWrite")


@rule(
    id="VMSS-FLEX-031",
    name="flexible-ultra-disk-performance",
    summary="A Flexible scale set cannot set `diskIOPSReadWrite` or `diskMBpsReadWrite` on its data disks.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-031", "C-13"),
    fix="Remove `diskIOPSReadWrite` / `diskMBpsReadWrite` from the scale set's data disks; set the performance "
    "on each VM's disk after creation instead.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': "
        "'Ultra disk configuration: diskIOPSReadWrite, diskMBpsReadWrite'",
        "Orchestration modes (ms.date 2024-06-14), same list, unchanged — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED",
    ),
)
def flexible_ultra_disk_performance(vmss: Resource, ctx: Context):
    """Flexible orchestration accepts Ultra disks (`UltraSSD_LRS` with `ultraSSDEnabled`), but not the
    per-disk performance settings of the scale-set model: both orchestration-mode articles (2022 and
    2024) list `diskIOPSReadWrite` and `diskMBpsReadWrite` as unsupported parameters (catalogue C-13).
    A null value is treated as absent."""
    for path, disk in vmss.each(DATA_DISKS):
        if not isinstance(disk, dict):
            continue
        for name in _KEYS:
            key = lookup_key(disk, name)
            if key is None:
                continue
            value = disk[key]
            if not is_written(value):
                continue
            yield Violation(
                path + (key,),
                f"Flexible scale sets do not support `{key}` on data disks: remove it from the scale set model",
            )
