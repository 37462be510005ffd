from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import size_names
from vmss_lint.azure.sizes import rejected_for_flexible


@rule(
    id="VMSS-FLEX-046",
    name="flexible-unsupported-size",
    summary="Standard_B1ls cannot be used by a Flexible scale set.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-046",),
    fix="Choose another size (for example Standard_B1s or Standard_B2ts_v2).",
    sources=(
        "MicrosoftDocs/azure-docs#102050 (2022-11): service error 'Virtual Machine Scale Sets with Flexible "
        "Orchestration Mode or Virtual Machines referencing such Virtual Machine Scale Sets cannot use VM Size "
        "'Standard_B1ls''",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED on 2022 evidence; no newer source either way",
    ),
)
def flexible_unsupported_size(vmss: Resource, ctx: Context):
    """The service rejects Standard_B1ls for Flexible orchestration: "Virtual Machine Scale Sets with
    Flexible Orchestration Mode or Virtual Machines referencing such Virtual Machine Scale Sets cannot
    use VM Size 'Standard_B1ls'". The evidence dates from 2022 (azure-docs#102050); no later source
    lifts it. This rule checks the scale set's own size (and instance-mix sizes); a standalone VM
    attached to a Flexible set is checked by VM-FLEX-014."""
    for path, name in size_names(vmss):
        if rejected_for_flexible(name):
            yield Violation(path, f"size {name} cannot be used with Flexible orchestration: choose another size")
