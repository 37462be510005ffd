from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.azure.scale_set import mode

from ._link import SCALE_SET_ID, scale_set_link


@rule(
    id="VM-FLEX-001",
    name="vm-scale-set-not-flexible",
    summary="A standalone VM can only join a scale set in Flexible orchestration mode.",
    severity="error",
    types=VM,
    fix="Point `properties.virtualMachineScaleSet.id` at a Flexible scale set, or remove it.",
    sources=(
        "Attach or detach a VM to or from a scale set (azure-compute-docs, 2025-04-23), troubleshooting: "
        "'...does not have orchestration mode set to Flexible'",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-attach-detach-vm",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Virtual machine type' row",
    ),
    catalogue=("VM-FLEX-001",),
)
def vm_scale_set_not_flexible(vm: Resource, ctx: Context):
    """Only Flexible orchestration manages standard `Microsoft.Compute/virtualMachines`; a Uniform set owns
    its instances as `virtualMachineScaleSets/virtualMachines` and cannot adopt a VM. Azure rejects the VM
    with an error saying the scale set "does not have orchestration mode set to 'Flexible'"."""
    link = scale_set_link(vm, ctx.deployment)
    if link is None or link.parent is None:
        return
    if mode(link.parent) is Mode.UNIFORM:
        yield Violation(
            SCALE_SET_ID,
            f"scale set '{link.parent.display_name}' uses Uniform orchestration, which cannot take standalone VMs: "
            "attach the VM to a Flexible scale set or remove `virtualMachineScaleSet`",
        )
