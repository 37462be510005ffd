from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.azure.network import is_basic_load_balancer, referenced_load_balancers
from vmss_lint.registry import Context, rule
from vmss_lint.tristate import any_unknown
from vmss_lint.azure.scale_set import effective_single_placement_group, zone_count
from vmss_lint.values import Unknown


@rule(
    id="VMSS-UNI-046",
    name="uniform-large-scale-basic-load-balancer",
    summary="A Uniform scale set with several placement groups or several zones cannot use a Basic load balancer.",
    severity="error",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-046",),
    fix="Use a Standard load balancer (or, for a regional set, keep `singlePlacementGroup: true`).",
    sources=(
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-placement-groups (2026-05-19): "
        "'If you need to use the Azure Load Balancer Basic SKU, make sure the scale set is configured to use a single placement group'",
        "Service error VMScaleSetCannotReferenceLoadbalancerWhenLargeScaleIsEnabled (hashicorp/terraform-azurerm-nomad#6, 2017)",
        "Service error VMScaleSetCannotReferenceLoadbalancerWhenLargeScaleOrCrossAZ (openshift/openshift-azure#495, 2018)",
        "Catalogue audit 2026-11-28 (§7.B VMSS-UNI-046, §7.C): zone-spanning sets get the same error",
    ),
)
def uniform_large_scale_basic_load_balancer(vmss: Resource, ctx: Context):
    """A Basic load balancer serves one placement group in one zone. Azure rejects a Uniform scale set
    that spans placement groups (effective `singlePlacementGroup: false`, the default for zonal sets
    from API 2017-12-01 on) or zones (two or more `zones`) and references a Basic load balancer, with
    the error `VMScaleSetCannotReferenceLoadbalancerWhenLargeScaleOrCrossAZ` (older:
    `…WhenLargeScaleIsEnabled`). A load balancer without `sku` is Basic. The audit of the catalogue
    extends the row from "SPG false" to zone-spanning sets, after the "OrCrossAZ" error text."""
    references = referenced_load_balancers(ctx.deployment, vmss)
    if not references:
        return
    zones = zone_count(vmss)
    single = effective_single_placement_group(vmss)
    cross_zone = isinstance(zones, int) and zones >= 2
    large_scale = single is False
    for path, _, lb in references:
        if isinstance(lb, Unknown):
            if cross_zone or large_scale:
                yield Violation(path, f"cannot check the load balancer sku: {lb.reason}", undecided=True)
            continue
        basic = is_basic_load_balancer(lb)
        if basic is False:
            continue
        if isinstance(basic, Unknown):
            if cross_zone or large_scale:
                yield Violation(path, f"cannot check the sku of load balancer {lb.display_name}: {basic.reason}", undecided=True)
            continue
        if cross_zone or large_scale:
            why = f"spans {zones} zones" if cross_zone else "uses several placement groups (singlePlacementGroup is false)"
            yield Violation(
                path,
                f"this Uniform scale set {why}, so it cannot use the Basic load balancer {lb.display_name} "
                "(VMScaleSetCannotReferenceLoadbalancerWhenLargeScaleOrCrossAZ): make the load balancer Standard",
            )
        elif any_unknown(single, zones):
            reason = single.reason if isinstance(single, Unknown) else zones.reason  # type: ignore[union-attr]
            yield Violation(path, f"load balancer {lb.display_name} is Basic and the placement groups or zones of this set are unknown: {reason}", undecided=True)
