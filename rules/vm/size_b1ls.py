from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode
from vmss_lint.azure.sizes import rejected_for_flexible

from ._link import VM_SIZE, scale_set_link, vm_size


@rule(
    id="VM-FLEX-014",
    name="vm-size-rejected-in-flexible",
    summary="A VM that joins a Flexible scale set cannot use size Standard_B1ls.",
    severity="error",
    types=VM,
    fix="Use another size (e.g. Standard_B1s) for VMs in a Flexible scale set.",
    sources=(
        "MicrosoftDocs/azure-docs#102050 (2022-11), service error: 'Virtual Machine Scale Sets with Flexible "
        "Orchestration Mode or Virtual Machines referencing such Virtual Machine Scale Sets cannot use VM Size "
        "Standard_B1ls'",
    ),
    catalogue=("VMSS-FLEX-046",),
)
def vm_size_rejected_in_flexible(vm: Resource, ctx: Context):
    """The VM side of catalogue row VMSS-FLEX-046: Azure refuses Standard_B1ls for Flexible scale sets and
    for "Virtual Machines referencing such Virtual Machine Scale Sets". The evidence is from 2022 (the
    official manual-add-vm quickstart still offers B1ls in its allowed values, predating it)."""
    link = scale_set_link(vm, ctx.deployment)
    if link is None or link.parent is None or mode(link.parent) is not Mode.FLEXIBLE:
        return
    size = vm_size(vm)
    if rejected_for_flexible(size):
        yield Violation(VM_SIZE, f"size {size} cannot be used by a VM in a Flexible scale set: choose another size, e.g. Standard_B1s")
