from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import is_written


@rule(
    id="VMSS-GEN-003",
    name="orchestration-mode-invalid",
    summary="`orchestrationMode` must be Uniform or Flexible.",
    severity="error",
    types=VMSS,
    fix="Set `properties.orchestrationMode` to 'Flexible' or 'Uniform'.",
    sources=("Microsoft.Compute ARM schema 2020-12-01 and later: enum OrchestrationMode = Uniform | Flexible",),
)
def orchestration_mode_invalid(vmss: Resource, ctx: Context):
    """The orchestration mode is an enum of two values. Any other value fails the deployment
    validation with an invalid-parameter error."""
    value = vmss.get("properties.orchestrationMode")
    if not is_written(value):
        return
    if not isinstance(value, str) or value.casefold() not in ("uniform", "flexible"):
        yield Violation(
            ("properties", "orchestrationMode"),
            f"orchestrationMode {value!r} is not valid: use 'Flexible' or 'Uniform'",
        )
