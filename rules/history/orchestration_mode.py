from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode

from ._previous import previous_name

MODE = ("properties", "orchestrationMode")


@rule(
    id="VMSS-GEN-001",
    name="orchestration-mode-changed",
    summary="The orchestration mode of an existing scale set cannot change (and should not come from a free parameter).",
    severity="error",
    types=VMSS,
    fix="Keep the previous orchestration mode, or create a new scale set (new name) in the other mode and migrate.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22 and 2024-06-14), IMPORTANT: 'The "
        "orchestration mode is defined when you create the scale set and cannot be changed or updated later.'",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
    catalogue=("VMSS-GEN-001",),
    tags=("change-aware",),
)
def orchestration_mode_changed(vmss: Resource, ctx: Context):
    """Flexible and Uniform are different resource models (standard VMs versus scale-set instances); a
    scale set keeps the mode it was created with, and a redeployment with the other mode fails. The rule
    compares the mode (explicit, or implied: a VM profile without a mode is Uniform, neither is Flexible)
    with the previous version of the file (`--previous`, `--diff-base`); without one it does nothing.

    The catalogue also asks for a warning, with or without a previous version, when the mode comes from a
    parameter without `allowedValues`: any value can then be passed at the next deployment, and every
    value but the first fails. The evaluator records where a value came from (`Resource.related`); the
    rule reads the parameter's name from that note. A parameter *with* allowed values is explored by the
    engine (each value is a variant), so it needs no warning here."""
    yield from _free_parameter(vmss, ctx)
    before = ctx.previous_of(vmss)
    if before is None:
        return
    now, then = mode(vmss), mode(before)
    if not isinstance(now, Mode) or not isinstance(then, Mode) or now is then:
        return
    path = ("properties", "orchestrationMode") if vmss.has("properties.orchestrationMode") else ("properties",)
    yield Violation(
        path,
        f"the orchestration mode cannot change after creation: the scale set is {then.value.capitalize()} in "
        f"{previous_name(ctx)} and {now.value.capitalize()} here; keep {then.value.capitalize()} or create a new scale set",
    )


def _free_parameter(vmss: Resource, ctx: Context):
    """A warning when the mode is taken from a parameter that has no allowedValues."""
    if not isinstance(vmss.get(MODE), str):
        return
    explored = {choice.name.casefold() for choice in ctx.deployment.choices}
    for note in vmss.related.get(MODE, ()):
        if note.parameter and note.parameter.casefold() not in explored:
            yield Violation(
                MODE,
                f"the orchestration mode comes from parameter '{note.parameter}', which accepts any value: the mode is "
                "fixed when the scale set is created, so write it literally or give the parameter allowedValues",
                severity=Severity.WARNING,
                related=(note,),
            )
            return
