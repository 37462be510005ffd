from vmss_lint.autoscale import maximum_capacities, target_scale_set
from vmss_lint.findings import Violation
from vmss_lint.model import AUTOSCALE, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode
from vmss_lint.values import Unknown

FLEXIBLE_LIMIT = 1000


@rule(
    id="VMSS-FLEX-120",
    name="flexible-autoscale-maximum",
    summary="Autoscale cannot grow a Flexible scale set beyond 1000 instances.",
    severity="error",
    types=AUTOSCALE,
    catalogue=("VMSS-FLEX-020",),
    fix="Lower `capacity.maximum` of the autoscale profile to 1000 or less.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22): 'Maximum Instance Count 1000' (Flexible)",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes (2024-06-14): 'up to 1,000 VMs'",
        "Catalogue VMSS-FLEX-020 (autoscale part: profiles[].capacity.maximum of an autoscale setting targeting the set)",
    ),
)
def flexible_autoscale_maximum(setting: Resource, ctx: Context):
    """A Flexible scale set holds at most 1000 instances. VMSS-FLEX-020 checks `sku.capacity`; this
    rule is its autoscale half: an autoscale setting whose `targetResourceUri` is a Flexible scale set
    of this template and whose profile allows a `capacity.maximum` above 1000 promises a scale-out
    that Azure refuses when it happens, long after the deployment succeeded. Autoscale settings for
    scale sets outside the template are not checked."""
    target = target_scale_set(ctx.deployment, setting)
    if target is None:
        return
    if isinstance(target, Unknown):
        if any(isinstance(value, int) and value > FLEXIBLE_LIMIT for _, value in maximum_capacities(setting)):
            yield Violation(("properties", "targetResourceUri"), f"cannot check the autoscale maximum: {target.reason}", undecided=True)
        return
    if mode(target) is not Mode.FLEXIBLE:
        return
    for path, maximum in maximum_capacities(setting):
        if isinstance(maximum, int) and maximum > FLEXIBLE_LIMIT:
            yield Violation(
                path,
                f"autoscale maximum {maximum} exceeds the {FLEXIBLE_LIMIT}-instance limit of Flexible scale set "
                f"{target.display_name}: set it to {FLEXIBLE_LIMIT} or less",
            )
