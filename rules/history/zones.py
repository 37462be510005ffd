from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.tristate import any_unknown
from vmss_lint.values import MISSING

from ._previous import previous_name


def _zones(resource: Resource) -> list[str] | None:
    zones = resource.get("zones")
    if zones is MISSING or zones is None:
        return []
    if not isinstance(zones, list) or any_unknown(*zones):
        return None
    return [str(zone).strip() for zone in zones]


@rule(
    id="VMSS-GEN-013",
    name="scale-set-zones-removed",
    summary="Zones of an existing scale set can be added, never removed; a zonal set cannot become regional.",
    severity="error",
    types=VMSS,
    fix="Keep every zone of the existing scale set (you may add zones), or create a new scale set.",
    sources=(
        "Use availability zones with scale sets (azure-compute-docs, 2026-05-19), 'Update scale set to add "
        "availability zones': 'You can't remove or replace zones ... can't update from zone spanning or zonal to regional'",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-use-availability-zones",
    ),
    catalogue=("VMSS-GEN-013",),
    tags=("change-aware",),
)
def scale_set_zones_removed(vmss: Resource, ctx: Context):
    """An existing scale set can gain zones (API 2023-03-01 and later) but never lose one, and a zonal or
    zone-spanning set cannot become regional: Azure rejects the update. Compared with the previous version
    of the file (`--previous`, `--diff-base`)."""
    before = ctx.previous_of(vmss)
    if before is None:
        return
    now, then = _zones(vmss), _zones(before)
    if now is None or then is None or not then:
        return
    where = previous_name(ctx)
    if not now:
        yield Violation(("zones",), f"a zonal scale set cannot become regional: it has zones {', '.join(then)} in {where}; keep them")
        return
    removed = [zone for zone in then if zone not in now]
    if removed:
        yield Violation(("zones",), f"zones cannot be removed from an existing scale set: {', '.join(removed)} (in {where}) is missing; keep it")
