from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.references import PLACEHOLDER_RESOURCE_GROUP, parse_resource_id
from vmss_lint.registry import Context, rule

from ._link import SCALE_SET_ID, scale_set_link


def _group(resource_id: object) -> str | None:
    """The literal resource group in an id; None when absent or only the evaluator's placeholder."""
    if not isinstance(resource_id, str):
        return None
    parsed = parse_resource_id(resource_id)
    if parsed is None or not parsed.resource_group:
        return None
    group = parsed.resource_group
    return None if group.casefold() == PLACEHOLDER_RESOURCE_GROUP else group


@rule(
    id="VM-FLEX-007",
    name="vm-scale-set-other-resource-group",
    summary="A VM must be in the same resource group as the Flexible scale set it joins.",
    severity="error",
    types=VM,
    fix="Deploy the VM into the scale set's resource group (or reference a scale set in the VM's group).",
    sources=(
        "Attach or detach a VM to or from a scale set (azure-compute-docs, 2025-04-23), 'Exceptions to "
        "attaching a VM': 'The VM must be in the same resource group as the scale set'",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-attach-detach-vm",
    ),
    catalogue=("VM-FLEX-007",),
)
def vm_scale_set_other_resource_group(vm: Resource, ctx: Context):
    """A Flexible scale set only takes VMs from its own resource group. The rule compares the resource
    group the VM is deployed to (its deployment scope, e.g. a nested deployment's `resourceGroup`) with
    the one in the scale-set id, and only when both are literal names: `resourceGroup().name` and other
    values known only at deployment time are never guessed."""
    link = scale_set_link(vm, ctx.deployment)
    if link is None:
        return
    wanted = _group(link.reference)
    here = _group(vm.resource_id)
    if wanted is None or here is None or wanted.casefold() == here.casefold():
        return
    yield Violation(
        SCALE_SET_ID,
        f"the scale set is in resource group '{wanted}' but the VM is deployed to '{here}': "
        "a VM can only join a scale set in its own resource group",
    )
