from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule


@rule(
    id="VMSS-FLEX-032",
    name="flexible-overprovision",
    summary="A Flexible scale set cannot overprovision.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Remove `overprovision` or set it to false.",
    autofix=remove_reported("Remove `overprovision`"),
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': Overprovisioning",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "Azure/azure-cli#18132: 'As for flex mode, this property [overprovision] cannot be set'",
    ),
)
def flexible_overprovision(vmss: Resource, ctx: Context):
    """Overprovisioning (creating extra VMs and deleting the surplus) exists only in Uniform
    orchestration. Azure rejects `overprovision: true` on a Flexible scale set."""
    if vmss.get("properties.overprovision") is True:
        yield Violation(
            ("properties", "overprovision"),
            "Flexible scale sets do not support overprovisioning: remove `overprovision` or set it to false",
        )
