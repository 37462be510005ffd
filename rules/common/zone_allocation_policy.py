from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import parse_path

PERCENT = parse_path("properties.resiliencyPolicy.zoneAllocationPolicy.maxInstancePercentPerZonePolicy.value")


@rule(
    id="VMSS-GEN-113",
    name="max-instance-percent-per-zone",
    summary="`maxInstancePercentPerZonePolicy.value` is a percentage from 0 to 100.",
    severity="error",
    types=VMSS,
    fix="Set `maxInstancePercentPerZonePolicy.value` between 0 and 100.",
    sources=("Microsoft.Compute ARM schema 2025-04-01 … 2026-03-01 MaxInstancePercentPerZonePolicy.value: maximum 100",),
)
def max_instance_percent_per_zone(vmss: Resource, ctx: Context):
    """The zone allocation policy caps the share of instances in any one zone; the value is a percentage
    and the API rejects values outside 0-100."""
    value = vmss.get(PERCENT)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if not 0 <= value <= 100:
        yield Violation(PERCENT, f"maxInstancePercentPerZonePolicy.value {value} is outside 0 to 100")
