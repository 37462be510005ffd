"""Rolling-upgrade options that Flexible scale sets do not support."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule
from vmss_lint.values import parse_path

ROLLING = parse_path("properties.upgradePolicy.rollingUpgradePolicy")
ROLLBACK = ROLLING + ("rollbackFailedInstancesOnPolicyBreach",)
MAX_SURGE = ROLLING + ("maxSurge",)
AUTO_OS_UPGRADE = parse_path("properties.upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade")


@rule(
    id="VMSS-FLEX-068",
    name="flexible-rollback-on-policy-breach",
    summary="`rollbackFailedInstancesOnPolicyBreach` applies to Uniform scale sets only.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    fix="Remove `rollbackFailedInstancesOnPolicyBreach` from the Flexible scale set's rolling upgrade policy.",
    autofix=remove_reported("Remove `rollbackFailedInstancesOnPolicyBreach`"),
    sources=(
        "Configure rolling upgrades (virtual-machine-scale-sets-configure-rolling-upgrades.md, ms.date 05/19/2026), "
        "settings table: rollbackFailedInstancesOnPolicyBreach '(Uniform Orchestration only)'",
    ),
)
def flexible_rollback_on_policy_breach(vmss: Resource, ctx: Context):
    """Rolling back failed instances to the previous model when the policy is breached is documented for
    Uniform orchestration only; on a Flexible set the setting does not take effect."""
    if vmss.get(ROLLBACK) is True:
        yield Violation(ROLLBACK, "rollbackFailedInstancesOnPolicyBreach works only on Uniform scale sets: remove it")


@rule(
    id="VMSS-FLEX-069",
    name="flexible-max-surge-with-auto-os-upgrade",
    summary="A Flexible scale set cannot combine MaxSurge rolling upgrades with automatic OS image upgrades.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Set `rollingUpgradePolicy.maxSurge` to false or disable `enableAutomaticOSUpgrade`.",
    sources=(
        "Rolling upgrades with MaxSurge (virtual-machine-scale-sets-maxsurge.md, ms.date 05/19/2026), Considerations: "
        "'For … Flexible Orchestration, enabling automatic OS image upgrades and MaxSurge together is not yet supported'",
    ),
)
def flexible_max_surge_with_auto_os_upgrade(vmss: Resource, ctx: Context):
    """MaxSurge creates new instances before deleting old ones. For Flexible orchestration the MaxSurge
    article states that automatic OS image upgrades and MaxSurge together are not yet supported."""
    if vmss.get(MAX_SURGE) is True and vmss.get(AUTO_OS_UPGRADE) is True:
        yield Violation(MAX_SURGE, "Flexible scale sets do not support MaxSurge together with automatic OS image "
                                   "upgrade: set maxSurge to false or disable enableAutomaticOSUpgrade")
