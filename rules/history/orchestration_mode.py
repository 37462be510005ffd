from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.scale_set import mode

from .baseline import baseline_name, previous_version


@rule(
    id="VMSS-GEN-001",
    name="orchestration-mode-changed",
    summary="The orchestration mode of an existing scale set cannot change.",
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

    The catalogue also asks for a warning when the mode comes from a parameter without `allowedValues`.
    The resource model does not yet say where a value came from, so that part is not implemented; a
    parameter *with* allowed values is explored by the engine and compared like any other value."""
    before = previous_version(vmss, ctx)
    if before is None:
        return
    now, then = mode(vmss), mode(before)
    if not isinstance(now, Mode) or not isinstance(then, Mode) or now is then:
        return
    path = ("properties", "orchestrationMode") if vmss.has("properties.orchestrationMode") else ("properties",)
    yield Violation(
        path,
        f"the orchestration mode cannot change after creation: the scale set is {then.value.capitalize()} in "
        f"{baseline_name(ctx)} and {now.value.capitalize()} here; keep {then.value.capitalize()} or create a new scale set",
    )
