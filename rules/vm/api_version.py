from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, rule

from ..common.api_minimums import VM_SCALE_SET
from ._link import SCALE_SET_ID, api_before, scale_set_link


@rule(
    id="VM-FLEX-003",
    name="vm-scale-set-api-version",
    summary="`virtualMachineScaleSet` on a VM needs API 2019-03-01, and 2020-12-01 for Flexible orchestration.",
    severity="error",
    types=VM,
    fix="Use apiVersion 2020-12-01 or later (e.g. 2024-07-01) for the VM.",
    sources=(
        "Microsoft.Compute ARM schema: VirtualMachineProperties.virtualMachineScaleSet 'Minimum api-version: 2019-03-01'",
        "Azure/azure-cli#27806 (2023-11): 'The earliest version of --orchestration-mode Flexible is 2020-12-01'",
        "Azure/azure-cli#16346 (2020-12): VM platformFaultDomain for Flexible sets needs 2020-12-01",
        "Official quickstart 201-vm-vmss-flexible-orchestration-mode: VM at 2020-12-01 in a Flexible set",
    ),
    catalogue=("VM-FLEX-003",),
)
def vm_scale_set_api_version(vm: Resource, ctx: Context):
    """`virtualMachineScaleSet` does not exist on a VM before API 2019-03-01: older versions reject the
    property ("Could not find member 'virtualMachineScaleSet'"). Between 2019-03-01 and 2020-12-01 it was a
    preview of Flexible orchestration; Flexible became usable with 2020-12-01.

    The catalogue row asks for 2021-03-01, the minimum for a Flexible set *with* a VM profile; for the
    standalone VM the CLI team and the official sample use 2020-12-01, so only older versions warn."""
    if scale_set_link(vm, ctx.deployment) is None:
        return
    if api_before(vm, VM_SCALE_SET.minimum):
        yield Violation(
            SCALE_SET_ID[:2],
            f"apiVersion {vm.api_version} does not know `virtualMachineScaleSet` (added in {VM_SCALE_SET.minimum}): "
            "use 2020-12-01 or later",
        )
    elif api_before(vm, "2020-12-01"):
        yield Violation(
            SCALE_SET_ID[:2],
            f"apiVersion {vm.api_version} predates Flexible orchestration (2020-12-01): use 2020-12-01 or later",
            severity=Severity.WARNING,
        )
