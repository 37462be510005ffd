from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.extensions import has_service_fabric
from vmss_lint.values import MISSING, Unknown, equals_ci, parse_path

UPGRADE_POLICY = parse_path("properties.upgradePolicy")
UPGRADE_MODE = UPGRADE_POLICY + ("mode",)


@rule(
    id="VMSS-GEN-070",
    name="service-fabric-upgrade-mode",
    summary="A scale set that runs Service Fabric nodes should use upgrade mode Automatic.",
    severity="warning",
    types=VMSS,
    fix="Set `properties.upgradePolicy.mode` to 'Automatic'.",
    sources=(
        "Upgrade policy (virtual-machine-scale-sets-upgrade-policy.md, ms.date 05/19/2026): 'If your scale set is part "
        "of a Service Fabric cluster, Automatic mode is the only available mode.'",
    ),
)
def service_fabric_upgrade_mode(vmss: Resource, ctx: Context):
    """Service Fabric orchestrates its own node upgrades and expects the scale set model to reach the
    nodes on its own; the upgrade-policy article says Automatic is the only available mode for a scale
    set in a Service Fabric cluster. An absent mode means Manual."""
    if has_service_fabric(vmss, ctx.deployment) is not True:
        return
    value = vmss.get(UPGRADE_MODE)
    if isinstance(value, Unknown) or equals_ci(value, "Automatic"):
        return
    shown = "Manual (the default)" if value is MISSING or value is None else repr(value)
    path = UPGRADE_MODE if value is not MISSING else UPGRADE_POLICY if vmss.has(UPGRADE_POLICY) else ("properties",)
    yield Violation(path, f"upgrade mode is {shown}, but a Service Fabric scale set must use 'Automatic'")
