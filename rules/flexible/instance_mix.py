"""Instance mix (`skuProfile`) and the scale set's `sku`."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule
from vmss_lint.tristate import any_unknown
from vmss_lint.values import equals_ci, is_written, parse_path

SKU_PROFILE = parse_path("properties.skuProfile")
MIX_DOC = "Instance mix overview (instance-mix-overview.md, ms.date 05/19/2026), 'Changes to existing properties'"



@rule(
    id="VMSS-FLEX-101",
    name="instance-mix-sku-name",
    summary="With instance mix, `sku.name` must be 'Mix'; and `sku.name: Mix` needs a `skuProfile`.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Set `sku.name` to 'Mix' and list the sizes in `properties.skuProfile.vmSizes`.",
    sources=(MIX_DOC + ": `sku.name` is 'Mix'; the sizes go in `skuProfile.vmSizes`",),
)
def instance_mix_sku_name(vmss: Resource, ctx: Context):
    """An instance-mix scale set names its sizes in `skuProfile.vmSizes`, and its `sku.name` is the
    literal 'Mix'. Azure rejects a `skuProfile` next to a single size, and 'Mix' without a `skuProfile`."""
    profile = vmss.get(SKU_PROFILE)
    name = vmss.get("sku.name")
    if any_unknown(name, profile):
        return
    if is_written(profile) and not equals_ci(name, "Mix"):
        path = ("sku", "name") if vmss.has("sku.name") else ("sku",) if vmss.has("sku") else SKU_PROFILE
        shown = repr(name) if isinstance(name, str) else "not set"
        yield Violation(path, f"with instance mix (skuProfile), sku.name must be 'Mix' (it is {shown})")
    elif equals_ci(name, "Mix") and not is_written(profile):
        yield Violation(("sku", "name"), "sku.name 'Mix' needs properties.skuProfile.vmSizes listing the VM sizes")


@rule(
    id="VMSS-FLEX-105",
    name="instance-mix-sku-tier",
    summary="With instance mix, leave `sku.tier` unset.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    fix="Remove `sku.tier` (or set it to null).",
    autofix=remove_reported("Remove `sku.tier`"),
    sources=(MIX_DOC + ": `sku.tier` should be null",),
    catalogue=("VMSS-FLEX-101",),
)
def instance_mix_sku_tier(vmss: Resource, ctx: Context):
    """The instance-mix article says `sku.tier` should be null for a mix; a tier names one size's
    pricing tier and does not describe a mix. Split from catalogue row VMSS-FLEX-101 (its warning half)."""
    if not is_written(vmss.get(SKU_PROFILE)):
        return
    tier = vmss.get("sku.tier")
    if is_written(tier):
        yield Violation(("sku", "tier"), f"with instance mix, sku.tier should be unset (it is {tier!r})")
