from vmss_lint.autoscale import maximum_capacities, target_scale_set
from vmss_lint.findings import Violation
from vmss_lint.model import AUTOSCALE, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import VP, effective_single_placement_group, mode
from vmss_lint.values import Unknown

SCALE_SET_LIMIT = 1000
SINGLE_PLACEMENT_GROUP_LIMIT = 100
MANAGED_IMAGE_LIMIT = 600
MANAGED_IMAGE_PATH = "/providers/microsoft.compute/images/"


@rule(
    id="VMSS-UNI-120",
    name="uniform-autoscale-maximum",
    summary="Autoscale cannot grow a Uniform scale set beyond its limit (100 in one placement group, 600 from a managed image, 1000).",
    severity="error",
    types=AUTOSCALE,
    catalogue=("VMSS-UNI-020", "VMSS-UNI-021", "VMSS-UNI-022"),
    fix="Lower `capacity.maximum` of the autoscale profile, or set `singlePlacementGroup: false` on the scale set.",
    sources=(
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-placement-groups (2026-05-19): "
        "'single placement group, and has a range of 0-100 VMs', 'range of 0-1,000 VMs', "
        "'custom images … can currently scale up to 600 VMs'",
        "Service error 'exceeds the total limit of '100' Virtual Machine instances' (hashicorp/terraform-azurerm-nomad#6, 2017)",
    ),
)
def uniform_autoscale_maximum(setting: Resource, ctx: Context):
    """A Uniform scale set holds at most 100 instances while it is one placement group (effective
    `singlePlacementGroup: true`, the default for regional sets), at most 600 when it is built from a
    managed custom image (`Microsoft.Compute/images`), and at most 1000 otherwise. VMSS-UNI-020/021/022
    check `sku.capacity`; this rule checks the autoscale setting that targets the set: a
    `capacity.maximum` above the limit fails when autoscale tries to reach it. Where the limit depends
    on a value known only at deployment, the rule reports an undecided note."""
    target = target_scale_set(ctx.deployment, setting)
    if target is None or isinstance(target, Unknown) or mode(target) is not Mode.UNIFORM:
        return
    limit, reason, unsure = _limit(target)
    for path, maximum in maximum_capacities(setting):
        if not isinstance(maximum, int):
            continue
        if maximum > limit:
            yield Violation(
                path,
                f"autoscale maximum {maximum} exceeds the {limit}-instance limit of Uniform scale set {target.display_name} "
                f"({reason}): lower it to {limit}",
            )
        elif unsure is not None and maximum > unsure[0]:
            yield Violation(path, f"autoscale maximum {maximum} may exceed the limit of {target.display_name}: {unsure[1]}", undecided=True)


def _limit(vmss: Resource) -> tuple[int, str, tuple[int, str] | None]:
    """(certain limit, why, (possible lower limit, why unsure) or None)."""
    limit, reason = SCALE_SET_LIMIT, "the scale-set limit"
    unsure: tuple[int, str] | None = None
    image_id = vmss.get(f"{VP}.storageProfile.imageReference.id")
    if isinstance(image_id, Unknown):
        unsure = (MANAGED_IMAGE_LIMIT, f"a managed custom image allows {MANAGED_IMAGE_LIMIT} and the image is unknown: {image_id.reason}")
    elif isinstance(image_id, str) and MANAGED_IMAGE_PATH in image_id.casefold():
        limit, reason = MANAGED_IMAGE_LIMIT, "built from a managed custom image"
    single = effective_single_placement_group(vmss)
    if single is True:
        limit, reason = SINGLE_PLACEMENT_GROUP_LIMIT, "one placement group: singlePlacementGroup is true or defaulted"
    elif isinstance(single, Unknown):
        unsure = (SINGLE_PLACEMENT_GROUP_LIMIT, f"one placement group allows {SINGLE_PLACEMENT_GROUP_LIMIT} and singlePlacementGroup is unknown: {single.reason}")
    return limit, reason, unsure
