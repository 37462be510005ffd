from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule
from vmss_lint.values import parse_path

CONSTRAINED = parse_path("properties.constrainedMaximumCapacity")


@rule(
    id="VMSS-GEN-112",
    name="constrained-maximum-capacity-false",
    summary="`constrainedMaximumCapacity` must be true or omitted, never false.",
    severity="error",
    types=VMSS,
    fix="Remove `constrainedMaximumCapacity` or set it to true.",
    autofix=remove_reported("Remove `constrainedMaximumCapacity: false`"),
    sources=(
        "Microsoft.Compute ARM schema (2022-11-01 … 2026-03-01) constrainedMaximumCapacity: 'Optional property which must "
        "either be set to True or omitted.'",
    ),
)
def constrained_maximum_capacity_false(vmss: Resource, ctx: Context):
    """The API defines this flag as "must either be set to True or omitted"; an explicit false is not an
    accepted value."""
    if vmss.get(CONSTRAINED) is False:
        yield Violation(CONSTRAINED, "constrainedMaximumCapacity must be true or omitted: remove it")
