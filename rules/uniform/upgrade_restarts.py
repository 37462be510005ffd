from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import parse_path

UPGRADE_MODE = parse_path("properties.upgradePolicy.mode")


@rule(
    id="VMSS-UNI-075",
    name="automatic-upgrade-restarts-instances",
    summary="With upgrade mode Automatic or Rolling, model changes (image, size, zones, proximity placement "
    "group) restart or reimage running instances.",
    severity="note",
    types=VMSS,
    modes="uniform",
    fix="Nothing to change if intended; use upgrade mode Manual to control when instances pick up model changes.",
    sources=(
        "Upgrade policy (virtual-machine-scale-sets-upgrade-policy.md, ms.date 05/19/2026), 'Upgrades that require a "
        "restart or reimage'",
    ),
)
def automatic_upgrade_restarts_instances(vmss: Resource, ctx: Context):
    """In Automatic and Rolling modes a Uniform scale set applies every model change to its instances by
    itself. Changes to the OS image, VM size, zones or proximity placement group require a restart or a
    reimage, so redeploying a changed template restarts running instances without a separate step. This
    is advice, not a fault."""
    value = vmss.get(UPGRADE_MODE)
    if isinstance(value, str) and value.casefold() in ("automatic", "rolling"):
        yield Violation(UPGRADE_MODE, f"upgrade mode {value!r} applies model changes at once: a new image, size, "
                                      "zone or proximity placement group restarts or reimages running instances")
