from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.tristate import any_unknown
from vmss_lint.azure.scale_set import mode, zone_count
from vmss_lint.values import MISSING, Unknown

from ._link import scale_set_link


def _zones(resource: Resource) -> list[str] | Unknown:
    zones = resource.get("zones")
    if isinstance(zones, Unknown):
        return zones
    if zones is MISSING or zones is None:
        return []
    if not isinstance(zones, list) or any_unknown(*zones):
        return Unknown("zones")
    return [str(zone).strip() for zone in zones]


@rule(
    id="VM-FLEX-006",
    name="vm-zone-outside-scale-set",
    summary="A VM in a Flexible set must be zonal exactly when the set is, in one of the set's zones.",
    severity="error",
    types=VM,
    fix="Give the VM one zone from the scale set's `zones` (or none when the set is regional).",
    sources=(
        "Attach or detach a VM to or from a scale set (azure-compute-docs, 2025-04-23), 'Exceptions to "
        "attaching a VM': the VM must be in one of the zones spanned by the scale set; a regional VM cannot "
        "join a zonal set and a zonal VM cannot join a regional set",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-attach-detach-vm",
    ),
    catalogue=("VM-FLEX-006",),
)
def vm_zone_outside_scale_set(vm: Resource, ctx: Context):
    """A Flexible scale set spreads its VMs over the zones it lists (or none). A VM that joins it must fit:
    a zonal VM cannot join a regional set, a regional VM cannot join a zonal or zone-spanning set, and the
    VM's zone must be one of the set's zones. Azure rejects the VM otherwise.

    A VM without `zones` in a zonal set is only a warning: the official quickstart
    `vmss-flexible-orchestration-manual-add-vm` creates such VMs and says they "inherit" the set's zone,
    which contradicts the attach article; until the service behaviour is confirmed, the linter does not
    call it an error."""
    link = scale_set_link(vm, ctx.deployment)
    if link is None or link.parent is None or mode(link.parent) is not Mode.FLEXIBLE:
        return
    parent = link.parent
    mine, theirs = _zones(vm), _zones(parent)
    if isinstance(mine, Unknown) or isinstance(theirs, Unknown) or isinstance(zone_count(parent), Unknown):
        return
    name = parent.display_name
    if mine and not theirs:
        yield Violation(("zones",), f"scale set '{name}' is regional: a VM joining it cannot have `zones`; remove them")
    elif theirs and not mine:
        yield Violation(
            ("zones",),
            f"scale set '{name}' is zonal ({', '.join(theirs)}): give the VM `zones` with one of them",
            severity=Severity.WARNING,
        )
    else:
        for index, zone in enumerate(mine):
            if zone not in theirs:
                yield Violation(("zones", index), f"zone {zone} is not one of scale set '{name}''s zones ({', '.join(theirs)})")
