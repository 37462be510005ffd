from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import DATA_DISKS
from vmss_lint.values import MISSING, Unknown, equals_ci

PERFORMANCE_KEYS = ("diskIOPSReadWrite", "diskMBpsReadWrite")


@rule(
    id="VMSS-GEN-092",
    name="disk-performance-needs-ultra",
    summary="`diskIOPSReadWrite` / `diskMBpsReadWrite` apply only to UltraSSD_LRS (and Premium SSD v2) data disks.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix="Remove the IOPS/throughput settings, or make the disk UltraSSD_LRS or PremiumV2_LRS.",
    sources=(
        "Microsoft.Compute ARM schema VirtualMachineScaleSetDataDisk.diskIOPSReadWrite / diskMBpsReadWrite: 'Should be "
        "used only when StorageAccountType is UltraSSD_LRS. If not specified, a default value would be assigned based on diskSizeGB.'",
        "Premium SSD v2 (disks-types.md): IOPS and throughput are set per disk, like Ultra (vmss-lint catalogue §7.B VMSS-GEN-092: "
        "the schema text is stale for Premium SSD v2)",
    ),
)
def disk_performance_needs_ultra(vmss: Resource, ctx: Context):
    """Provisioned IOPS and throughput exist only for disk types whose performance is set per disk:
    Ultra Disk and Premium SSD v2. The scale-set schema says the settings "should be used only when
    StorageAccountType is UltraSSD_LRS" (written before Premium SSD v2, which also takes them, so it is
    accepted here). On Flexible sets the settings are not allowed at all (VMSS-FLEX-031), so this rule
    covers Uniform only."""
    for path, disk in vmss.each(DATA_DISKS):
        if not isinstance(disk, dict):
            continue
        kind = vmss.get(path + ("managedDisk", "storageAccountType"))
        if isinstance(kind, Unknown) or equals_ci(kind, "UltraSSD_LRS") or equals_ci(kind, "PremiumV2_LRS"):
            continue
        shown = "no storageAccountType" if kind is MISSING or kind is None else repr(kind)
        for key in PERFORMANCE_KEYS:
            for found_path, value in vmss.each(path + (key,)):
                if value is not None:
                    yield Violation(found_path, f"{key} applies only to UltraSSD_LRS or PremiumV2_LRS disks, "
                                                f"not to a data disk with {shown}")
