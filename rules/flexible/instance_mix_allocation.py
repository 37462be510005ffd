from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.values import Unknown, equals_ci, is_written, parse_path

from ..common.api_minimums import INSTANCE_MIX

SKU_PROFILE = parse_path("properties.skuProfile")
STRATEGY = SKU_PROFILE + ("allocationStrategy",)
STRATEGIES = ("LowestPrice", "CapacityOptimized", "Prioritized")



@rule(
    id="VMSS-FLEX-104",
    name="instance-mix-allocation-strategy",
    summary="`skuProfile` needs apiVersion 2024-07-01+; `allocationStrategy` is LowestPrice, CapacityOptimized "
    "or Prioritized (2024-11-01+); `rank` needs Prioritized and 2024-11-01+.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Raise the apiVersion, use a valid allocation strategy, and set `rank` only with 'Prioritized'.",
    sources=(
        "Instance mix overview (instance-mix-overview.md, ms.date 05/19/2026): allocation strategies; 'Use rank only with "
        "the Prioritized strategy'",
        "Microsoft.Compute ARM schemas: skuProfile and allocationStrategy LowestPrice/CapacityOptimized first in 2024-07-01; "
        "Prioritized and vmSizes[].rank first in 2024-11-01",
    ),
)
def instance_mix_allocation_strategy(vmss: Resource, ctx: Context):
    """Instance mix arrived in API 2024-07-01 with the LowestPrice and CapacityOptimized strategies; the
    Prioritized strategy and per-size `rank` came in 2024-11-01. Older versions and other strategy names
    are rejected. A rank under another strategy is not used (the article says to use rank only with
    Prioritized), so that case is a warning."""
    profile = vmss.get(SKU_PROFILE)
    if not is_written(profile):
        return
    if api_before(vmss, INSTANCE_MIX.minimum) is True:
        yield Violation(SKU_PROFILE, f"instance mix (skuProfile) needs apiVersion {INSTANCE_MIX.minimum} or later (found {vmss.api_version})")
        return
    strategy = vmss.get(STRATEGY)
    if isinstance(strategy, Unknown):
        return
    if is_written(strategy):
        if not isinstance(strategy, str) or strategy.casefold() not in {name.casefold() for name in STRATEGIES}:
            yield Violation(STRATEGY, f"allocationStrategy {strategy!r} is not valid: use 'LowestPrice', 'CapacityOptimized' or 'Prioritized'")
            return
        if equals_ci(strategy, "Prioritized") and api_before(vmss, "2024-11-01") is True:
            yield Violation(STRATEGY, f"allocationStrategy 'Prioritized' needs apiVersion 2024-11-01 or later (found {vmss.api_version})")
    for path, rank in vmss.each(SKU_PROFILE + ("vmSizes", "*", "rank")):
        if rank is None or isinstance(rank, Unknown):
            continue
        if api_before(vmss, "2024-11-01") is True:
            yield Violation(path, f"vmSizes[].rank needs apiVersion 2024-11-01 or later (found {vmss.api_version})")
        elif not equals_ci(strategy, "Prioritized"):
            shown = repr(strategy) if isinstance(strategy, str) else "LowestPrice (the default)"
            yield Violation(path, f"rank is used only with allocationStrategy 'Prioritized', not {shown}", severity=Severity.WARNING)
