"""Rolling upgrades and automatic repairs need a health source in the scale set's create request."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.tristate import maybe
from vmss_lint.azure.extensions import child_health_extensions
from vmss_lint.azure.health import inline_health_source
from vmss_lint.azure.scale_set import mode
from vmss_lint.values import equals_ci, parse_path

UPGRADE_MODE = parse_path("properties.upgradePolicy.mode")
REPAIRS_ENABLED = parse_path("properties.automaticRepairsPolicy.enabled")


@rule(
    id="VMSS-GEN-060",
    name="rolling-upgrade-needs-health-source",
    summary="A Rolling upgrade policy needs a health source in the scale set: the Application Health "
    "extension (Flexible and Uniform) or a load-balancer health probe (Uniform only).",
    severity="error",
    types=VMSS,
    fix="Add the Application Health extension to `virtualMachineProfile.extensionProfile.extensions` "
    "(Uniform may use `networkProfile.healthProbe` instead), or use upgrade mode Manual.",
    sources=(
        "Configure rolling upgrades (virtual-machine-scale-sets-configure-rolling-upgrades.md, ms.date 05/19/2026), "
        "Requirements: Flexible scale sets must use the Application Health extension; Uniform may use it or a load balancer probe",
        "Upgrade policy (virtual-machine-scale-sets-upgrade-policy.md, ms.date 05/19/2026)",
        "Service error quoted in gbowerman/azure-myriad#30 (2018): 'Rolling Upgrade mode is not supported for this "
        "Virtual Machine Scale Set because a health probe or health extension was not provided.'",
        "vmss-lint catalogue §7 #4 (2026-11-28 audit): only an inline extension or healthProbe counts on create",
    ),
    catalogue=("VMSS-GEN-060",),
)
def rolling_upgrade_needs_health_source(vmss: Resource, ctx: Context):
    """Rolling upgrades replace instances batch by batch and wait for each batch to report healthy, so
    Azure rejects a scale set whose upgrade mode is Rolling when the request carries no health source:
    "Rolling Upgrade mode is not supported for this Virtual Machine Scale Set because a health probe or
    health extension was not provided." Uniform accepts a load-balancer probe or the Application Health
    extension; Flexible accepts only the extension.

    The check runs on the scale set's create request, so only an extension declared inline in
    `extensionProfile` counts. When the only health extension is a separate child resource, VMSS-GEN-160
    warns instead (the child is deployed after the set exists)."""
    if not equals_ci(vmss.get(UPGRADE_MODE), "Rolling"):
        return
    orchestration = mode(vmss)
    flexible = orchestration is Mode.FLEXIBLE
    source = inline_health_source(vmss, accept_probe=not flexible)
    if maybe(source) or child_health_extensions(vmss, ctx.deployment):
        return
    if flexible and inline_health_source(vmss, accept_probe=True) is True:
        message = ("Rolling upgrades on a Flexible scale set need the Application Health extension in "
                   "`extensionProfile`; a load-balancer health probe is not accepted")
    else:
        message = ("upgrade mode 'Rolling' needs a health source: add the Application Health extension to "
                   "`extensionProfile`" + ("" if flexible else " or set `networkProfile.healthProbe`")
                   + ", or use upgrade mode 'Manual'")
    yield Violation(UPGRADE_MODE, message)


@rule(
    id="VMSS-GEN-062",
    name="automatic-repairs-need-health-source",
    summary="Automatic instance repairs need a health source: the Application Health extension or a "
    "load-balancer health probe.",
    severity="error",
    types=VMSS,
    fix="Add the Application Health extension to `virtualMachineProfile.extensionProfile.extensions` or set "
    "`networkProfile.healthProbe`, or disable `automaticRepairsPolicy`.",
    sources=(
        "Automatic instance repairs (virtual-machine-scale-sets-automatic-instance-repairs.md, ms.date 05/19/2026), "
        "Requirements: 'Enable application health monitoring' with the Application Health extension or a load balancer health probe",
        "Service error quoted in hashicorp/terraform-provider-azurerm#5860 (2020): 'Automatic repairs not supported for "
        "this Virtual Machine Scale Set because a health probe or health extension was not provided.'",
        "vmss-lint catalogue §7 #4 and #7 (2026-11-28 audit): Flexible accepts a probe too; only inline sources count on create",
    ),
    catalogue=("VMSS-GEN-062",),
)
def automatic_repairs_need_health_source(vmss: Resource, ctx: Context):
    """Automatic repairs replace instances that report unhealthy, so they need something that reports
    health. Azure rejects `automaticRepairsPolicy.enabled: true` without one: "Automatic repairs not
    supported for this Virtual Machine Scale Set because a health probe or health extension was not
    provided."

    The catalogue restricted Flexible sets to the extension; the 2026 repairs article accepts either source
    without a mode restriction (audit §7 #7), so both count here (VMSS-FLEX-034 separately warns about a
    probe on Flexible). Only a source in the create request counts; a child-resource extension gets the
    VMSS-GEN-160 warning instead."""
    if vmss.get(REPAIRS_ENABLED) is not True:
        return
    source = inline_health_source(vmss, accept_probe=True)
    if maybe(source) or child_health_extensions(vmss, ctx.deployment):
        return
    yield Violation(
        REPAIRS_ENABLED,
        "automatic repairs need a health source: add the Application Health extension to `extensionProfile` "
        "or set `networkProfile.healthProbe`, or disable automatic repairs",
    )
