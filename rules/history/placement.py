from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, Mode, rule
from vmss_lint.tristate import any_unknown
from vmss_lint.azure.scale_set import effective_single_placement_group, mode
from vmss_lint.values import Unknown

from ..vm._link import boolean, integer
from ._previous import previous_name, reference_id, show


def _single_placement_group(resource: Resource) -> bool | None:
    explicit = boolean(resource.get("properties.singlePlacementGroup"))
    if isinstance(explicit, bool):
        return explicit
    if explicit is None and mode(resource) is Mode.UNIFORM:
        effective = effective_single_placement_group(resource)
        return effective if isinstance(effective, bool) else None
    return None


@rule(
    id="VMSS-GEN-014",
    name="single-placement-group-enabled",
    summary="`singlePlacementGroup` of an existing scale set can go from true to false, never from false to true.",
    severity="error",
    types=VMSS,
    fix="Keep `singlePlacementGroup: false` on the existing scale set.",
    sources=(
        "Microsoft.Compute ARM schema, singlePlacementGroup: 'If singlePlacementGroup is false, it may not be modified to true.'",
        "Placement groups (azure-compute-docs, 2026-05-19): a set can move from a single to multiple placement groups, not back",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-placement-groups",
    ),
    catalogue=("VMSS-GEN-014",),
    tags=("change-aware",),
)
def single_placement_group_enabled(vmss: Resource, ctx: Context):
    """A large scale set spans several placement groups; it cannot be folded back into one. Azure rejects
    an update from `singlePlacementGroup: false` to `true`. For Uniform sets the implied value counts too
    (regional sets default to true, zonal sets to false). Compared with the previous version of the file."""
    before = ctx.previous_of(vmss)
    if before is None or _single_placement_group(before) is not False:
        return
    if _single_placement_group(vmss) is True:
        path = ("properties", "singlePlacementGroup") if vmss.has("properties.singlePlacementGroup") else ("properties",)
        yield Violation(path, f"singlePlacementGroup was false in {previous_name(ctx)}: it cannot change to true; keep it false")


@rule(
    id="VMSS-FLEX-013",
    name="proximity-placement-group-changed",
    summary="A Flexible scale set's proximity placement group cannot change after deployment.",
    severity="error",
    types=VMSS,
    fix="Keep the previous `proximityPlacementGroup`, or create a new scale set.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22 and 2024-06-14), 'Proximity placement "
        "groups' row: Flexible 'Cannot be changed after deployment'; Uniform: change after deallocating all instances",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
    catalogue=("VMSS-FLEX-013",),
    tags=("change-aware",),
)
def proximity_placement_group_changed(vmss: Resource, ctx: Context):
    """A Flexible scale set keeps the proximity placement group it was deployed with: adding, removing or
    replacing `proximityPlacementGroup` fails. A Uniform set can change it only after every instance is
    deallocated, so there it is a warning. Compared with the previous version of the file."""
    before = ctx.previous_of(vmss)
    current_mode = mode(vmss)
    if before is None or not isinstance(current_mode, Mode):
        return
    now = reference_id(vmss.get("properties.proximityPlacementGroup"))
    then = reference_id(before.get("properties.proximityPlacementGroup"))
    if any_unknown(now, then) or now == then:
        return
    path = ("properties", "proximityPlacementGroup") if vmss.has("properties.proximityPlacementGroup") else ("properties",)
    was = "no proximity placement group" if then is None else "another proximity placement group"
    if current_mode is Mode.FLEXIBLE:
        yield Violation(path, f"a Flexible scale set's proximity placement group cannot change: it had {was} in {previous_name(ctx)}; keep it or create a new scale set")
    else:
        yield Violation(
            path,
            f"the proximity placement group changed (it had {was} in {previous_name(ctx)}): a Uniform set accepts this only "
            "after every instance is deallocated",
            severity=Severity.WARNING,
        )


def _fault_domain_count(resource: Resource) -> int | None:
    """Explicit count, else the documented default: Flexible 1; Uniform 5 regional, 1 zonal."""
    explicit = integer(resource.get("properties.platformFaultDomainCount"))
    if isinstance(explicit, int):
        return explicit
    if isinstance(explicit, Unknown):
        return None
    current_mode = mode(resource)
    if current_mode is Mode.FLEXIBLE:
        return 1
    zones = resource.get("zones")
    if current_mode is Mode.UNIFORM and not isinstance(zones, Unknown):
        return 1 if isinstance(zones, list) and zones else 5
    return None


@rule(
    id="VMSS-GEN-016",
    name="fault-domain-count-changed",
    summary="The fault-domain count of an existing scale set cannot change.",
    severity="error",
    types=VMSS,
    fix="Keep the previous `platformFaultDomainCount`, or create a new scale set.",
    sources=(
        "MicrosoftDocs/azure-docs#35652 (2019): a VMSS PUT with a different platformFaultDomainCount 'fails with "
        "error that the fault domain count can't be updated'",
        "vmss-lint constraint catalogue §7.C (2026-11-28), 'VMSS FD immutable'",
    ),
    catalogue=("VMSS-GEN-016",),
    tags=("change-aware",),
)
def fault_domain_count_changed(vmss: Resource, ctx: Context):
    """Fault domains are fixed when a scale set is created: a later PUT with another
    `platformFaultDomainCount` fails ("the fault domain count can't be updated"). An absent count means the
    documented default (Flexible 1; Uniform 5 when regional, 1 when zonal). Compared with the previous
    version of the file. (A new rule id: the catalogue lists this in §7.C without one.)"""
    before = ctx.previous_of(vmss)
    if before is None or mode(before) is not mode(vmss):
        return  # a changed mode is VMSS-GEN-001's finding; the defaults differ by mode
    now, then = _fault_domain_count(vmss), _fault_domain_count(before)
    if now is None or then is None or now == then:
        return
    path = ("properties", "platformFaultDomainCount") if vmss.has("properties.platformFaultDomainCount") else ("properties",)
    previous_text = show(before.get("properties.platformFaultDomainCount"))
    yield Violation(
        path,
        f"platformFaultDomainCount cannot change after creation: it is {then} in {previous_name(ctx)}"
        f"{'' if previous_text != 'absent' else ' (the default)'} and {now} here; keep {then}",
    )
