from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.extensions import child_health_extensions, has_application_health_extension
from vmss_lint.azure.scale_set import VP, patch_settings
from vmss_lint.values import equals_ci


@rule(
    id="VMSS-FLEX-081",
    name="flexible-guest-patching-needs-health-extension",
    summary="Automatic VM guest patching on a Flexible scale set needs the Application Health extension.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Add the Application Health extension (ApplicationHealthLinux / ApplicationHealthWindows) to the scale set.",
    sources=(
        "Automatic VM guest patching (automatic-vm-guest-patching.md, ms.date 07/31/2024), Requirements: 'VMSS Flexible "
        "Orchestration requires the installation of Application Health extension'",
    ),
)
def flexible_guest_patching_needs_health_extension(vmss: Resource, ctx: Context):
    """Platform-orchestrated patching applies updates instance by instance and checks application health
    between batches; for Flexible scale sets the patching article requires the Application Health
    extension (a load-balancer probe does not count). The extension may be inline or a child resource:
    patching runs after deployment, when both exist."""
    for _, path, settings in patch_settings(vmss, f"{VP}.osProfile"):
        if not isinstance(settings, dict) or not equals_ci(vmss.get(path + ("patchMode",)), "AutomaticByPlatform"):
            continue
        if has_application_health_extension(vmss) is False and not child_health_extensions(vmss, ctx.deployment):
            yield Violation(path + ("patchMode",), "patchMode 'AutomaticByPlatform' on a Flexible scale set needs the "
                                                   "Application Health extension: add it to the scale set")
