from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule
from vmss_lint.values import is_written, parse_path

SKU_PROFILE = parse_path("properties.skuProfile")


@rule(
    id="VMSS-UNI-100",
    name="uniform-instance-mix",
    summary="Instance mix (`skuProfile`) is available only for Flexible scale sets.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix="Remove `skuProfile` and set one VM size in `sku.name`, or use Flexible orchestration.",
    # unsafe: the set then uses the single size of `sku.name` instead of the mix
    autofix=remove_reported("Remove `skuProfile`", safe=False),
    sources=("Instance mix overview (instance-mix-overview.md, ms.date 05/19/2026): 'available only for scale sets that "
             "use Flexible Orchestration Mode'",),
)
def uniform_instance_mix(vmss: Resource, ctx: Context):
    """Instance mix lets one scale set run several VM sizes; it exists only in Flexible orchestration,
    and Azure rejects `skuProfile` on a Uniform set."""
    value = vmss.get(SKU_PROFILE)
    if is_written(value):
        yield Violation(SKU_PROFILE, "instance mix (skuProfile) works only on Flexible scale sets: remove it or use Flexible orchestration")
