from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, VMSS_VM, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path
from vmss_lint.azure.scale_set import VP

_MODEL_PATHS = ("properties.protectionPolicy", f"{VP}.protectionPolicy")
_INSTANCE = "properties.protectionPolicy"


@rule(
    id="VMSS-GEN-037",
    name="protection-policy-placement",
    summary="Instance protection belongs on scale-set instances, and protecting from scale-set actions "
    "also protects from scale-in.",
    severity="error",
    types=(VMSS, VMSS_VM),
    catalogue=("VMSS-GEN-037",),
    fix="Move `protectionPolicy` to the virtualMachineScaleSets/virtualMachines instances; with "
    "`protectFromScaleSetActions: true` remove `protectFromScaleIn: false` (or set it to true).",
    sources=(
        "Instance protection for scale set instances (ms.date 2026-05-19): protection is applied to instances "
        "('only on the instance model'); 'You can't specify protectFromScaleIn: false when setting "
        "protectFromScaleSetActions: true' — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-instance-protection",
        "Microsoft.Compute ARM schema: protectionPolicy exists only on VirtualMachineScaleSetVMProperties",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED",
    ),
)
def protection_policy_placement(resource: Resource, ctx: Context):
    """`protectionPolicy` is a property of a scale-set instance, not of the scale-set model or its VM
    profile: written on the scale set it is not a member of the model and does not protect anything.
    On an instance, "protect from scale-set actions" includes protection from scale-in, so the docs
    state that `protectFromScaleIn: false` cannot be combined with `protectFromScaleSetActions: true`."""
    if resource.is_type(VMSS):
        for path in _MODEL_PATHS:
            if resource.has(path) and resource.get(path) is not None:
                yield Violation(
                    concrete_path(resource, path),
                    "protectionPolicy is not a scale-set model property: set it on each instance "
                    "(Microsoft.Compute/virtualMachineScaleSets/virtualMachines) instead",
                )
        return
    actions = resource.get(f"{_INSTANCE}.protectFromScaleSetActions")
    scale_in = resource.get(f"{_INSTANCE}.protectFromScaleIn")
    if actions is True and scale_in is False:
        yield Violation(
            concrete_path(resource, f"{_INSTANCE}.protectFromScaleIn"),
            "protectFromScaleIn cannot be false when protectFromScaleSetActions is true: remove it or set it to true",
        )
