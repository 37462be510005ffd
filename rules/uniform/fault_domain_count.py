"""Uniform scale sets: the fault-domain count and max spreading (catalogue §2.2, UNI-010/011/012)."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import effective_single_placement_group, fault_domain_count, zone_count
from vmss_lint.values import Unknown, known_int, lookup_key

FD_PATH = ("properties", "platformFaultDomainCount")
FD_DOC = (
    "Choosing the right number of fault domains for a Virtual Machine Scale Set (azure-compute-docs, "
    "2025-09-02): Uniform: regional 1, 2, 3, 4, 5 (default 5); zonal or zone-redundant 1, 5 (default 1)"
)
AZ_DOC = "Create a scale set that uses Availability Zones (azure-compute-docs, 2026-05-19)"




@rule(
    id="VMSS-UNI-010",
    name="uniform-regional-fault-domain-count",
    summary="A regional Uniform scale set allows `platformFaultDomainCount` 1 to 5.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix="Set `platformFaultDomainCount` to a value from 1 (max spreading) to 5, or remove it (default 5).",
    sources=(
        FD_DOC,
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), high-availability table: '2, 3, 5 FDs' "
        "plus max spreading (catalogue §3 C-9 follows the newer fault-domain article)",
    ),
    catalogue=("VMSS-UNI-010",),
)
def uniform_regional_fault_domain_count(vmss: Resource, ctx: Context):
    """A regional Uniform set spreads each placement group over 1 to 5 fault domains (default 5). Other
    counts fail with "The specified fault domain count N must fall in the range 1 to 5"."""
    zones = zone_count(vmss)
    count = known_int(fault_domain_count(vmss))
    if isinstance(zones, Unknown) or zones != 0 or count is None or 1 <= count <= 5:
        return
    yield Violation(FD_PATH, f"platformFaultDomainCount {count} is not valid for a regional Uniform scale set: use 1 to 5")


@rule(
    id="VMSS-UNI-011",
    name="uniform-zonal-fault-domain-count",
    summary="A zonal or zone-spanning Uniform scale set allows `platformFaultDomainCount` 1 or 5.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix="Set `platformFaultDomainCount` to 1 (max spreading, the default) or 5.",
    sources=(
        FD_DOC,
        AZ_DOC + ": 'platformFaultDomainCount must be set to 1 or 5 … 2 or 3 isn't supported for zonal and "
        "zone-spanning deployments'",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), high-availability table: '1, 5 for zonal deployments'",
    ),
    catalogue=("VMSS-UNI-011",),
)
def uniform_zonal_fault_domain_count(vmss: Resource, ctx: Context):
    """In zones a Uniform set uses either max spreading (1) or five fault domains per zone (5). Fixed
    spreading with 2 or 3 fault domains is for regional sets only and is rejected in zones."""
    zones = zone_count(vmss)
    count = known_int(fault_domain_count(vmss))
    if isinstance(zones, Unknown) or zones < 1 or count is None or count in (1, 5):
        return
    yield Violation(FD_PATH, f"platformFaultDomainCount {count} is not valid for a Uniform scale set in zones: use 1 or 5")


@rule(
    id="VMSS-UNI-012",
    name="uniform-max-spreading-single-placement-group",
    summary="Max spreading (`platformFaultDomainCount: 1`) on a Uniform set needs `singlePlacementGroup: false`.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix="Set `properties.singlePlacementGroup: false`, or use a fault-domain count greater than 1.",
    sources=(
        AZ_DOC + ", 'Placement groups' NOTE: 'If you use max spreading, you must use multiple placement groups.'",
        "Azure/azure-cli#5920 (Compute team note, 2018): 'With platform fault domain count 1, you must use "
        "multiple placement groups'",
        "vmss-lint constraint catalogue §7.B VMSS-UNI-012 (CONFIRMED, contested by an undated HPC blog)",
    ),
    catalogue=("VMSS-UNI-012",),
)
def uniform_max_spreading_single_placement_group(vmss: Resource, ctx: Context):
    """Max spreading places instances on as many fault domains as possible, which a single placement
    group (at most 100 VMs on one cluster) cannot offer. A Uniform set with `platformFaultDomainCount: 1`
    must therefore use multiple placement groups. Regional Uniform sets default to a single placement
    group, so leaving `singlePlacementGroup` out is not enough. (A third-party HPC blog recommends the
    combination for GPU sets; no Microsoft source confirms it, so this stays an error.)"""
    if known_int(fault_domain_count(vmss)) != 1:
        return
    single = effective_single_placement_group(vmss)
    if single is not True:
        return
    properties = vmss.get("properties")
    key = lookup_key(properties, "singlePlacementGroup") if isinstance(properties, dict) else None
    if key is not None and properties[key] is True:
        yield Violation(
            ("properties", key),
            "platformFaultDomainCount 1 (max spreading) needs multiple placement groups: set singlePlacementGroup to false",
        )
    else:
        yield Violation(FD_PATH,
            "platformFaultDomainCount 1 (max spreading) needs multiple placement groups, but this regional set "
            "defaults to a single one: add singlePlacementGroup: false",
        )
