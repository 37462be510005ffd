from vmss_lint.findings import Violation
from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.scale_set import concrete_path, mode, size_names
from vmss_lint.sizes import rejected_for_flexible


@rule(
    id="VMSS-FLEX-046",
    name="flexible-unsupported-size",
    summary="Standard_B1ls cannot be used by a Flexible scale set or by a VM in one.",
    severity="error",
    types=(VMSS, VM),
    catalogue=("VMSS-FLEX-046",),
    fix="Choose another size (for example Standard_B1s or Standard_B2ts_v2).",
    sources=(
        "MicrosoftDocs/azure-docs#102050 (2022-11): service error 'Virtual Machine Scale Sets with Flexible "
        "Orchestration Mode or Virtual Machines referencing such Virtual Machine Scale Sets cannot use VM Size "
        "'Standard_B1ls''",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED on 2022 evidence; no newer source either way",
    ),
)
def flexible_unsupported_size(resource: Resource, ctx: Context):
    """The service rejects Standard_B1ls for Flexible orchestration: "Virtual Machine Scale Sets with
    Flexible Orchestration Mode or Virtual Machines referencing such Virtual Machine Scale Sets cannot
    use VM Size 'Standard_B1ls'". The evidence dates from 2022 (azure-docs#102050); no later source
    lifts it. The rule checks the scale set's size and the size of each VM whose
    `virtualMachineScaleSet` is a Flexible set declared in the same template."""
    if resource.is_type(VMSS):
        if mode(resource) is not Mode.FLEXIBLE:
            return
        candidates = size_names(resource)
    else:
        found = ctx.deployment.find_by_id(resource.get("properties.virtualMachineScaleSet"))
        if not isinstance(found, tuple) or mode(found[0]) is not Mode.FLEXIBLE:
            return
        path = "properties.hardwareProfile.vmSize"
        candidates = [(concrete_path(resource, path), resource.get(path))]
    for path, name in candidates:
        if rejected_for_flexible(name):
            yield Violation(path, f"size {name} cannot be used with Flexible orchestration: choose another size")
