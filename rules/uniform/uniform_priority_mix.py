from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path

_POLICY = "properties.priorityMixPolicy"


@rule(
    id="VMSS-UNI-050",
    name="uniform-priority-mix",
    summary="Spot Priority Mix (`priorityMixPolicy`) is available with Flexible orchestration only.",
    severity="error",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-050",),
    fix="Remove `priorityMixPolicy` (a Uniform set is all Spot or all Regular), or use a Flexible scale set.",
    # unsafe: the set's instances no longer mix Spot and Regular as the template intended
    autofix=remove_reported("Remove `priorityMixPolicy`", safe=False),
    sources=(
        "Spot Priority Mix for high availability and cost savings (ms.date 2026-05-19), FAQ: 'No, Spot Priority Mix is "
        "only available with Flexible orchestration mode' — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/spot-priority-mix",
        "Microsoft.Compute ARM schema, PriorityMixPolicy: 'mixing … within the same VMSS Flex instance'",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22): Spot 'Uniform: instances must either be all "
        "Spot or all Regular'",
    ),
)
def uniform_priority_mix(vmss: Resource, ctx: Context):
    """A Uniform scale set runs one priority for all its instances; mixing Spot and Regular VMs in one
    set (Spot Priority Mix) is a Flexible orchestration feature, and the service rejects the policy
    on a Uniform set."""
    policy = vmss.get(_POLICY)
    if isinstance(policy, dict):
        yield Violation(
            concrete_path(vmss, _POLICY),
            "priorityMixPolicy (Spot Priority Mix) needs a Flexible scale set: remove it or switch to Flexible",
        )
