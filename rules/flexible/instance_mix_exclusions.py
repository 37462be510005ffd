from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.references import resolve
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import is_set
from vmss_lint.azure.scale_set import OS_DISK, VP
from vmss_lint.values import parse_path

SKU_PROFILE = parse_path("properties.skuProfile")
STANDBY_POOL = "Microsoft.StandbyPool/standbyVirtualMachinePools"
EXCLUDED = (
    (f"{OS_DISK}.diffDiskSettings", "ephemeral OS disks (diffDiskSettings)"),
    ("properties.proximityPlacementGroup", "proximity placement groups"),
    ("properties.hostGroup", "dedicated hosts (hostGroup)"),
    (f"{VP}.capacityReservation", "capacity reservations"),
)



@rule(
    id="VMSS-FLEX-103",
    name="instance-mix-unsupported-features",
    summary="Instance mix cannot be combined with ephemeral OS disks, proximity placement groups, dedicated "
    "hosts, capacity reservations or standby pools.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Remove the feature named in the message, or use a single VM size instead of instance mix.",
    sources=(
        "Instance mix overview (instance-mix-overview.md, ms.date 05/19/2026), Limitations: not supported with ephemeral "
        "OS disks (diffDiskSettings), Standby Pools, Azure Dedicated Host, proximity placement groups, on-demand capacity reservation",
    ),
)
def instance_mix_unsupported_features(vmss: Resource, ctx: Context):
    """These features pin instances to a specific size, host or reservation, which instance mix cannot
    honour while it chooses among several sizes; the instance-mix article lists them as unsupported. A
    standby pool is detected when a `Microsoft.StandbyPool/standbyVirtualMachinePools` resource in the
    same template attaches to this scale set."""
    if not is_set(vmss.get(SKU_PROFILE)):
        return
    for path_text, feature in EXCLUDED:
        path = parse_path(path_text)
        if is_set(vmss.get(path)):
            yield Violation(path, f"instance mix (skuProfile) does not support {feature}: remove it or use one VM size")
    for pool in ctx.deployment.of_type(STANDBY_POOL):
        target = resolve(ctx.deployment, pool.get("properties.attachedVirtualMachineScaleSetId"))
        if isinstance(target, tuple) and target[0] is vmss:
            pool_name = pool.name if isinstance(pool.name, str) else "a standby pool"
            yield Violation(SKU_PROFILE, f"instance mix (skuProfile) does not support standby pools, but '{pool_name}' attaches to this scale set")
