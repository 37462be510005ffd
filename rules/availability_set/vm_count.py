from vmss_lint.findings import Violation
from vmss_lint.model import AVAILABILITY_SET, Resource
from vmss_lint.registry import Context, rule

from ._members import members


@rule(
    id="AVSET-010",
    name="availability-set-too-many-vms",
    summary="More than 200 VMs in one availability set lose the fault-domain guarantee.",
    severity="warning",
    types=AVAILABILITY_SET,
    options={"availabilitySetVmLimit": 200},
    fix="Split the VMs over several availability sets, or use a Flexible scale set (up to 1000 VMs).",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Basic setup' and FAQ: maximum instance "
        "count with fault-domain guarantees, availability sets: 200",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
    catalogue=("AVSET-010",),
)
def availability_set_too_many_vms(avset: Resource, ctx: Context):
    """An availability set guarantees fault-domain spreading for up to 200 VMs. The rule counts the VMs of
    the template (copy loops included, each iteration a VM) whose `availabilitySet` resolves to this set."""
    limit = ctx.option("availabilitySetVmLimit")
    count = len(members(avset, ctx.deployment))
    if count > limit:
        yield Violation((), f"{count} VMs join this availability set, more than the {limit} with fault-domain guarantees: split them over several sets")
