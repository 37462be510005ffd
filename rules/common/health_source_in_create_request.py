from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.tristate import maybe
from vmss_lint.azure.extensions import child_health_extensions, has_service_fabric
from vmss_lint.azure.health import inline_health_source
from vmss_lint.azure.scale_set import mode
from vmss_lint.values import equals_ci, parse_path

UPGRADE_MODE = parse_path("properties.upgradePolicy.mode")
REPAIRS_ENABLED = parse_path("properties.automaticRepairsPolicy.enabled")
AUTO_OS_UPGRADE = parse_path("properties.upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade")


@rule(
    id="VMSS-GEN-160",
    name="health-extension-not-in-create-request",
    summary="Rolling upgrades, automatic repairs and automatic OS upgrades are validated when the scale set "
    "is created; a health extension declared only as a child resource is not part of that request.",
    severity="warning",
    types=VMSS,
    fix="Move the Application Health extension into `virtualMachineProfile.extensionProfile.extensions`, or "
    "create the set with upgrade mode Manual (repairs/OS upgrades off) and enable them in a later deployment.",
    sources=(
        "vmss-lint catalogue §7.C 'Health source must be in the create request' and §7 #4 (2026-11-28 audit)",
        "Azure/azure-cli#28439 (Microsoft PM, 2024-02): 'Rolling Upgrade Policy requires App health extension and "
        "extensions cannot be set during VM creation'",
        "MicrosoftDocs/azure-docs#122644 (2024-05): create with automatic OS upgrade failed with 'Automatic OS Upgrade "
        "is not supported … because a health probe or health extension was not specified'",
        "Configure rolling upgrades (virtual-machine-scale-sets-configure-rolling-upgrades.md, ms.date 05/19/2026): "
        "create with Manual, add the extension, then switch to Rolling",
    ),
    catalogue=("VMSS-GEN-160", "§7.C health source in create request"),
)
def health_extension_not_in_create_request(vmss: Resource, ctx: Context):
    """Azure checks the health-source prerequisite of Rolling upgrades, automatic repairs and automatic OS
    image upgrades on the scale set's own PUT. A `virtualMachineScaleSets/extensions` child resource is a
    separate request that runs after the set exists, so the set's create request has no health source and
    can fail with "…because a health probe or health extension was not provided". This is inferred from
    service behaviour (no error text names child resources), hence a warning; VMSS-GEN-060/062/066 stay
    silent in this case and leave it to this rule."""
    children = child_health_extensions(vmss, ctx.deployment)
    if not children:
        return
    flexible = mode(vmss) is Mode.FLEXIBLE
    child_name = children[0].name if isinstance(children[0].name, str) else "the child extension"
    needs = []
    if equals_ci(vmss.get(UPGRADE_MODE), "Rolling"):
        needs.append((UPGRADE_MODE, "upgrade mode 'Rolling'", not flexible))
    if vmss.get(REPAIRS_ENABLED) is True:
        needs.append((REPAIRS_ENABLED, "automatic repairs", True))
    if vmss.get(AUTO_OS_UPGRADE) is True and has_service_fabric(vmss, ctx.deployment) is False:
        needs.append((AUTO_OS_UPGRADE, "automatic OS image upgrade", True))
    for path, feature, accept_probe in needs:
        source = inline_health_source(vmss, accept_probe=accept_probe)
        if maybe(source):
            continue
        yield Violation(
            path,
            f"{feature} is validated when the scale set is created, but its Application Health extension "
            f"'{child_name}' is a separate child resource deployed afterwards: declare the extension in "
            "`virtualMachineProfile.extensionProfile.extensions`",
        )
