"""Patch settings: consistency with the VM agent and automatic updates, and API versions."""

from vmss_lint.findings import Violation
from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.azure.scale_set import VP, patch_settings
from vmss_lint.values import equals_ci

PATCH_DOC = "Automatic VM guest patching (automatic-vm-guest-patching.md, ms.date 07/31/2024)"


def _os_profile(resource: Resource) -> str:
    return f"{VP}.osProfile" if resource.is_type(VMSS) else "properties.osProfile"


@rule(
    id="VMSS-GEN-082",
    name="patch-mode-consistency",
    summary="`patchMode` must agree with `provisionVMAgent` and `enableAutomaticUpdates`.",
    severity="error",
    types=(VMSS, VM),
    fix="AutomaticByPlatform needs provisionVMAgent true; AutomaticByPlatform/AutomaticByOS need "
    "enableAutomaticUpdates true; Manual needs enableAutomaticUpdates false.",
    sources=(
        "Microsoft.Compute ARM schema PatchSettings.patchMode / LinuxPatchSettings.patchMode descriptions: Manual – "
        "'enableAutomaticUpdates must be false'; AutomaticByOS – 'enableAutomaticUpdates must be true'; "
        "AutomaticByPlatform – 'provisionVMAgent and WindowsConfiguration.enableAutomaticUpdates must be true'",
        "Microsoft.Compute ARM schema PatchSettings.assessmentMode: AutomaticByPlatform – 'The property provisionVMAgent must be true'",
        PATCH_DOC,
    ),
)
def patch_mode_consistency(resource: Resource, ctx: Context):
    """The patch mode decides who installs updates, and the API rejects settings that contradict it:
    platform patching and platform assessment run through the VM agent, so `provisionVMAgent` must not be
    false; AutomaticByOS and AutomaticByPlatform need Windows automatic updates on; Manual needs them off.
    Only explicit values are compared (defaults are left to the service)."""
    os_profile = _os_profile(resource)
    for os_name, path, settings in patch_settings(resource, os_profile):
        if not isinstance(settings, dict):
            continue
        config = path[:-1]
        patch_mode = resource.get(path + ("patchMode",))
        agent = resource.get(config + ("provisionVMAgent",))
        for key in ("patchMode", "assessmentMode"):
            if equals_ci(resource.get(path + (key,)), "AutomaticByPlatform") and agent is False:
                yield Violation(config + ("provisionVMAgent",), f"{key} 'AutomaticByPlatform' needs the VM agent: set provisionVMAgent to true")
        if os_name != "windows":
            continue
        updates = resource.get(config + ("enableAutomaticUpdates",))
        if updates is False and (equals_ci(patch_mode, "AutomaticByPlatform") or equals_ci(patch_mode, "AutomaticByOS")):
            yield Violation(config + ("enableAutomaticUpdates",), f"patchMode {patch_mode!r} needs enableAutomaticUpdates true")
        if updates is True and equals_ci(patch_mode, "Manual"):
            yield Violation(config + ("enableAutomaticUpdates",), "patchMode 'Manual' needs enableAutomaticUpdates false")


@rule(
    id="VMSS-GEN-083",
    name="patch-settings-api-version",
    summary="Windows `patchMode` needs apiVersion 2020-06-01+, Linux `patchMode` 2020-12-01+, `assessmentMode` 2021-03-01+.",
    severity="error",
    types=(VMSS, VM),
    fix="Raise the resource's apiVersion.",
    sources=(
        "Microsoft.Compute ARM schemas (first-seen table, catalogue §5): windowsConfiguration.patchSettings 2020-06-01, "
        "linuxConfiguration.patchSettings 2020-12-01, assessmentMode 2021-03-01 (VM and scale set)",
    ),
)
def patch_settings_api_version(resource: Resource, ctx: Context):
    """API versions older than the one that introduced a property do not know it, and the request fails
    with "Could not find member 'patchSettings'" (or the nested member)."""
    for os_name, path, settings in patch_settings(resource, _os_profile(resource)):
        if not isinstance(settings, dict):
            continue
        minimum = "2020-06-01" if os_name == "windows" else "2020-12-01"
        if resource.has(path + ("patchMode",)) and api_before(resource, minimum) is True:
            yield Violation(path + ("patchMode",), f"{os_name} patchMode needs apiVersion {minimum} or later (found {resource.api_version})")
        if resource.has(path + ("assessmentMode",)) and api_before(resource, "2021-03-01") is True:
            yield Violation(path + ("assessmentMode",), f"assessmentMode needs apiVersion 2021-03-01 or later (found {resource.api_version})")
