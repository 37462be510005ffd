from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import is_written


@rule(
    id="VM-FLEX-002",
    name="vm-scale-set-and-availability-set",
    summary="A VM cannot be in a scale set and an availability set at once.",
    severity="error",
    types=VM,
    fix="Remove `properties.availabilitySet` (a Flexible scale set already spreads VMs across fault domains).",
    sources=(
        "Microsoft.Compute ARM schema 2026-03-01, VirtualMachineProperties.virtualMachineScaleSet: "
        "'This property cannot exist along with a non-null properties.availabilitySet reference'",
    ),
    catalogue=("VM-FLEX-002",),
)
def vm_scale_set_and_availability_set(vm: Resource, ctx: Context):
    """A VM's placement is decided either by an availability set or by a Flexible scale set, never both:
    the Compute API rejects a VM whose `virtualMachineScaleSet` and `availabilitySet` are both non-null."""
    scale_set = vm.get("properties.virtualMachineScaleSet")
    availability_set = vm.get("properties.availabilitySet")
    for value in (scale_set, availability_set):
        if not is_written(value):
            return
    yield Violation(
        ("properties", "availabilitySet"),
        "a VM in a scale set cannot also be in an availability set: remove `availabilitySet` "
        "(or `virtualMachineScaleSet`)",
    )
