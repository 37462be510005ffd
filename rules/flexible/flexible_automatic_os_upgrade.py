from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path

_ENABLE = "properties.upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade"


@rule(
    id="VMSS-FLEX-033",
    name="flexible-automatic-os-upgrade",
    summary="Automatic OS image upgrades on a Flexible scale set are documented as unsupported.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    profiles={"seed-2022": "error"},
    catalogue=("VMSS-FLEX-033", "§7.A #8", "C-16"),
    fix="Set `enableAutomaticOSUpgrade` to false (or remove it) and roll out new images another way, "
    "or confirm that your subscription has the Flexible automatic OS upgrade feature.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': "
        "'Image-based Automatic OS Upgrades'; table 'Automatic OS Updates: Flexible No'",
        "Orchestration modes (ms.date 2024-06-14): 'Automatic OS Updates … Flexible: No' — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "MaxSurge for rolling upgrades (ms.date 2026-05-19): 'For … Flexible Orchestration, enabling automatic OS "
        "image upgrades and MaxSurge together is not yet supported' (implies AOSU alone works)",
        "Azure/azure-cli PR #29415 (2024-07-18): Flexible automatic OS upgrade behind the AFEC flag "
        "'Vmssflexautoosupgrade'",
        "vmss-lint catalogue §7 audit (2026-11-28) #8: UNSURE (probably stale): warning under `current`",
    ),
)
def flexible_automatic_os_upgrade(vmss: Resource, ctx: Context):
    """The orchestration-mode article (2022, and still in 2024) lists image-based automatic OS upgrades
    as unsupported for Flexible orchestration. Newer docs (MaxSurge, 2026) and the Azure CLI (a 2024
    feature flag) show the feature arriving for Flexible sets, so under the `current` profile this is a
    warning: check that the feature is available to your subscription and region. Under `seed-2022`,
    which encodes the 2022 article as written, it is an error. Combining it with maxSurge is a separate
    error (VMSS-FLEX-069)."""
    if vmss.get(_ENABLE) is True:
        yield Violation(
            concrete_path(vmss, _ENABLE),
            "automatic OS image upgrades are documented as unsupported on Flexible scale sets: set "
            "enableAutomaticOSUpgrade to false unless the feature is enabled for your subscription",
        )
