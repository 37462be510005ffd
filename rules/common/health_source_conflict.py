from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.extensions import child_health_extensions, has_application_health_extension
from vmss_lint.azure.health import has_health_probe
from vmss_lint.azure.scale_set import VP
from vmss_lint.values import parse_path

HEALTH_PROBE = parse_path(f"{VP}.networkProfile.healthProbe")
REPAIRS_ENABLED = parse_path("properties.automaticRepairsPolicy.enabled")
AUTO_OS_UPGRADE = parse_path("properties.upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade")


@rule(
    id="VMSS-GEN-061",
    name="one-health-source",
    summary="Use either a load-balancer health probe or the Application Health extension, not both.",
    severity="error",
    types=VMSS,
    fix="Remove `networkProfile.healthProbe` or the Application Health extension.",
    sources=(
        "Application Health extension (virtual-machine-scale-sets-health-extension.md, ms.date 05/19/2026) NOTE: "
        "only one source of health monitoring can be enabled for a scale set",
        "Automatic instance repairs (ms.date 05/19/2026), Requirements: 'only one can be enabled at a time'",
        "Service error quoted in MicrosoftDocs/azure-docs#114432 (2023-09, enforced at deployment time): 'Automatic OS "
        "Upgrade is not supported for this Virtual Machine Scale Set because both a health probe and a health "
        "extension were provided.'",
    ),
    catalogue=("VMSS-GEN-061",),
)
def one_health_source(vmss: Resource, ctx: Context):
    """A scale set takes its health from one source: a load-balancer probe or the Application Health
    extension. With both, Azure rejects automatic repairs and automatic OS upgrades ("…because both a
    health probe and a health extension were provided"), so that combination is an error; otherwise the
    set deploys but which source counts is unclear, so it is a warning. A child-resource extension with
    a probe is always a warning: the conflict only appears once the child is deployed."""
    if has_health_probe(vmss) is not True:
        return
    inline = has_application_health_extension(vmss)
    if inline is True:
        strict = vmss.get(REPAIRS_ENABLED) is True or vmss.get(AUTO_OS_UPGRADE) is True
        if strict:
            message = ("a health probe and the Application Health extension are both set, which Azure rejects "
                       "with automatic repairs or automatic OS upgrades: keep only one health source")
        else:
            message = "a health probe and the Application Health extension are both set: keep only one health source"
        yield Violation(HEALTH_PROBE, message, severity=None if strict else Severity.WARNING)
    elif inline is False and child_health_extensions(vmss, ctx.deployment):
        yield Violation(
            HEALTH_PROBE,
            "a health probe is set and an Application Health extension is deployed as a child resource: keep "
            "only one health source",
            severity=Severity.WARNING,
        )
