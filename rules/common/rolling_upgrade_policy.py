from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import duration_seconds
from vmss_lint.values import is_written, parse_path

POLICY = parse_path("properties.upgradePolicy.rollingUpgradePolicy")
LIMITS = (
    ("maxBatchInstancePercent", 5, 100),
    ("maxUnhealthyInstancePercent", 5, 100),
    ("maxUnhealthyUpgradedInstancePercent", 0, 100),
)


@rule(
    id="VMSS-GEN-067",
    name="rolling-upgrade-policy-limits",
    summary="Rolling upgrade percentages must be within their limits (batch and unhealthy 5-100, unhealthy "
    "upgraded 0-100) and `pauseTimeBetweenBatches` an ISO 8601 duration.",
    severity="error",
    types=VMSS,
    fix="Use percentages within the limits (defaults 20) and a duration such as 'PT0S' or 'PT5M'.",
    sources=(
        "Microsoft.Compute ARM schema RollingUpgradePolicy: maxBatchInstancePercent minimum 5 maximum 100, "
        "maxUnhealthyInstancePercent minimum 5 maximum 100, maxUnhealthyUpgradedInstancePercent minimum 0 maximum 100; "
        "pauseTimeBetweenBatches 'in ISO 8601 format'",
        "Configure rolling upgrades (virtual-machine-scale-sets-configure-rolling-upgrades.md, ms.date 05/19/2026)",
    ),
)
def rolling_upgrade_policy_limits(vmss: Resource, ctx: Context):
    """The rolling upgrade policy's percentages have fixed ranges in the Compute API; a value outside
    them, or a pause that is not an ISO 8601 duration, fails request validation."""
    for key, low, high in LIMITS:
        value = vmss.get(POLICY + (key,))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if not low <= value <= high:
            yield Violation(POLICY + (key,), f"{key} {value} is outside {low} to {high}")
    pause = vmss.get(POLICY + ("pauseTimeBetweenBatches",))
    if not is_written(pause):
        return
    if duration_seconds(pause) is None:
        yield Violation(POLICY + ("pauseTimeBetweenBatches",),
                        f"pauseTimeBetweenBatches {pause!r} is not an ISO 8601 duration: use e.g. 'PT0S' or 'PT5M'")
