from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import zone_count
from vmss_lint.values import Unknown, is_written

PPG = ("properties", "proximityPlacementGroup")


@rule(
    id="VMSS-GEN-012",
    name="proximity-placement-group-zone-spanning",
    summary="A scale set in a proximity placement group cannot span zones.",
    severity="error",
    types=VMSS,
    fix="Use at most one zone, or remove `proximityPlacementGroup`.",
    sources=(
        "Proximity placement groups (azure-compute-docs, 2026-05-19), best practices: 'a single proximity "
        "placement group cannot span zones'",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Basic setup': proximity placement groups",
    ),
    catalogue=("VMSS-GEN-012",),
)
def proximity_placement_group_zone_spanning(vmss: Resource, ctx: Context):
    """A proximity placement group keeps VMs physically close, within one datacenter, so it lives in at
    most one zone. A zone-spanning scale set (two or more zones) cannot be placed in one: the deployment
    fails."""
    zones = zone_count(vmss)
    if isinstance(zones, Unknown) or zones < 2:
        return
    group_id = vmss.get(PPG + ("id",))
    if not is_written(group_id) or group_id == "":
        return
    yield Violation(
        PPG,
        f"this scale set spans {zones} zones, but a proximity placement group cannot span zones: use one zone "
        "or remove proximityPlacementGroup",
    )
