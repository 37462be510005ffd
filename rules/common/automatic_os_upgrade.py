from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.azure.extensions import child_health_extensions, has_service_fabric
from vmss_lint.azure.health import inline_health_source
from vmss_lint.azure.scale_set import VP, patch_settings
from vmss_lint.values import equals_ci, parse_path

AUTO_OS_UPGRADE = parse_path("properties.upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade")
IMAGE = parse_path(f"{VP}.storageProfile.imageReference")
AUTOMATIC_UPDATES = parse_path(f"{VP}.osProfile.windowsConfiguration.enableAutomaticUpdates")
AOSU_DOC = "Automatic OS image upgrades (virtual-machine-scale-sets-automatic-upgrade.md, ms.date 05/19/2026)"


@rule(
    id="VMSS-GEN-066",
    name="automatic-os-upgrade-requirements",
    summary="Automatic OS image upgrade needs: apiVersion 2018-10-01+, the latest image version, a health "
    "source (unless Service Fabric), no `enableAutomaticUpdates: true`, no AutomaticByPlatform patching, and "
    "no managed image.",
    severity="error",
    types=VMSS,
    fix="Meet each requirement named in the message, or set `enableAutomaticOSUpgrade` to false.",
    sources=(
        AOSU_DOC + ", 'Requirements for configuring automatic OS image upgrade' and 'Automatic OS image upgrade for custom images'",
        "Microsoft.Compute ARM schema 2026-03-01 AutomaticOSUpgradePolicy.enableAutomaticOSUpgrade: 'If this is set to "
        "true for Windows based scale sets, enableAutomaticUpdates is automatically set to false and cannot be set to true.'",
        "Service error quoted in MicrosoftDocs/azure-docs#122644 (2024-05): 'Automatic OS Upgrade is not supported for this "
        "Virtual Machine Scale Set because a health probe or health extension was not specified.'",
        "vmss-lint catalogue §7 #5 (2026-11-28 audit): flag only an explicit enableAutomaticUpdates: true",
    ),
)
def automatic_os_upgrade_requirements(vmss: Resource, ctx: Context):
    """Automatic OS image upgrade rolls new platform image versions out to the instances. Azure enforces
    its requirements on the scale set request:
    (a) the image reference must track `latest`: a pinned version has nothing to upgrade to;
    (b) the set needs a health source (load-balancer probe or Application Health extension) unless it is
        a Service Fabric set: "…because a health probe or health extension was not specified";
    (c) Windows `enableAutomaticUpdates` is forced to false and "cannot be set to true" (an absent value is
        fine, audit §7 #5);
    (d) the patch orchestration mode must not be AutomaticByPlatform;
    (e) custom images must come from an Azure Compute Gallery, not a managed image (`…/images/…`);
    (f) the policy exists from apiVersion 2018-10-01.
    A health extension declared only as a child resource gets the VMSS-GEN-160 warning instead of (b)."""
    if vmss.get(AUTO_OS_UPGRADE) is not True:
        return
    if api_before(vmss, "2018-10-01") is True:
        yield Violation(AUTO_OS_UPGRADE, f"automaticOSUpgradePolicy needs apiVersion 2018-10-01 or later (found {vmss.api_version})")
    version = vmss.get(IMAGE + ("version",))
    if isinstance(version, str) and not equals_ci(version, "latest"):
        yield Violation(IMAGE + ("version",), f"automatic OS upgrade needs the image version 'latest', not the pinned {version!r}")
    image_id = vmss.get(IMAGE + ("id",))
    if isinstance(image_id, str) and "/providers/microsoft.compute/images/" in image_id.casefold():
        yield Violation(IMAGE + ("id",), "automatic OS upgrade does not support managed images: publish the image to an Azure Compute Gallery")
    if has_service_fabric(vmss, ctx.deployment) is False:
        source = inline_health_source(vmss, accept_probe=True)
        if source is False and not child_health_extensions(vmss, ctx.deployment):
            yield Violation(AUTO_OS_UPGRADE, "automatic OS upgrade needs a health source: add the Application Health "
                                             "extension to `extensionProfile` or set `networkProfile.healthProbe`")
    if vmss.get(AUTOMATIC_UPDATES) is True and api_before(vmss, "2019-03-01") is False:
        yield Violation(AUTOMATIC_UPDATES, "with automatic OS upgrade, windowsConfiguration.enableAutomaticUpdates "
                                           "cannot be true: set it to false or remove it")
    for _, path, settings in patch_settings(vmss, f"{VP}.osProfile"):
        if isinstance(settings, dict):
            patch_mode = vmss.get(path + ("patchMode",))
            if equals_ci(patch_mode, "AutomaticByPlatform"):
                yield Violation(path + ("patchMode",), "with automatic OS upgrade, patchMode must not be "
                                                       "'AutomaticByPlatform' in the scale set model")


