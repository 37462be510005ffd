from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.values import Unknown, is_written, parse_path

from .api_minimums import SCALE_IN_POLICY

POLICY = parse_path("properties.scaleInPolicy")
RULES = ("Default", "NewestVM", "OldestVM")


@rule(
    id="VMSS-GEN-074",
    name="scale-in-policy-rules",
    summary="`scaleInPolicy.rules` takes Default, NewestVM or OldestVM, and `scaleInPolicy` needs apiVersion "
    "2019-03-01 or later.",
    severity="error",
    types=VMSS,
    fix="Use 'Default', 'NewestVM' or 'OldestVM', and apiVersion 2019-03-01 or later.",
    sources=(
        "Scale-in policy (virtual-machine-scale-sets-scale-in-policy.md, ms.date 05/19/2026): rules Default, NewestVM, "
        "OldestVM; API 2019-03-01",
        "Microsoft.Compute ARM schemas: scaleInPolicy first in 2019-03-01",
        "azure-compute-docs PR #155 (2025-04, product team): scale-in policies are supported on VMSS Flex",
    ),
)
def scale_in_policy_rules(vmss: Resource, ctx: Context):
    """The scale-in policy picks which instances go first when the set scales in. Its rule is an enum of
    three values, and API versions before 2019-03-01 do not know the property. It is supported in both
    orchestration modes (an early Flexible feature list said otherwise; the product team confirmed support)."""
    policy = vmss.get(POLICY)
    if not is_written(policy):
        return
    if api_before(vmss, SCALE_IN_POLICY.minimum) is True:
        yield Violation(POLICY, f"scaleInPolicy needs apiVersion {SCALE_IN_POLICY.minimum} or later (found {vmss.api_version})")
    allowed = {name.casefold() for name in RULES}
    for path, value in vmss.each(POLICY + ("rules", "*")):
        if isinstance(value, Unknown):
            continue
        if not isinstance(value, str) or value.casefold() not in allowed:
            yield Violation(path, f"scale-in rule {value!r} is not valid: use 'Default', 'NewestVM' or 'OldestVM'")
