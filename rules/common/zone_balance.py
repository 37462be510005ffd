from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import zone_count
from vmss_lint.values import Unknown, lookup_key


@rule(
    id="VMSS-GEN-011",
    name="zone-balance-without-zones",
    summary="`zoneBalance` may only be set on a scale set that spans two or more zones.",
    severity="error",
    types=VMSS,
    fix="Remove `zoneBalance`, or list two or more zones in `zones`.",
    sources=(
        "Microsoft.Compute ARM schema (2026-03-01), VirtualMachineScaleSetProperties.zoneBalance: 'can only be set "
        "if the zones property of the scale set contains more than one zone … should not be set'",
        "Zone balancing for Virtual Machine Scale Sets (azure-compute-docs, 2025-12-15): a set without zones or "
        "with one zone doesn't have a balancing mode",
        "Create a scale set that uses Availability Zones (azure-compute-docs, 2026-05-19)",
    ),
    catalogue=("VMSS-GEN-011",),
)
def zone_balance_without_zones(vmss: Resource, ctx: Context):
    """`zoneBalance` chooses between strict and best-effort balancing of instances across zones, so it
    only means something for a set in two or more zones. The API rejects `zoneBalance: true` on a
    regional or single-zone set (error); `false` is what such a set has anyway, but the schema says the
    property "should not be set" there (warning)."""
    zones = zone_count(vmss)
    if isinstance(zones, Unknown) or zones >= 2:
        return
    properties = vmss.get("properties")
    key = lookup_key(properties, "zoneBalance") if isinstance(properties, dict) else None
    if key is None:
        return
    value = properties[key]
    where = "a regional scale set" if zones == 0 else "a scale set in a single zone"
    if value is True:
        yield Violation(("properties", key), f"zoneBalance: true is not allowed on {where}: remove it or use two or more zones")
    elif value is False:
        yield Violation(
            ("properties", key),
            f"zoneBalance should not be set on {where}: remove it",
            severity=Severity.WARNING,
        )
