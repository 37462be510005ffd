from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import effective_single_placement_group, fault_domain_count, zone_count
from vmss_lint.values import Unknown


@rule(
    id="VMSS-UNI-024",
    name="uniform-fault-domain-sla",
    summary="A regional Uniform set gets the 99.95 % fault-domain SLA only with more than one fault domain in a single placement group.",
    severity="note",
    types=VMSS,
    modes="uniform",
    fix="For the 99.95 % SLA use `platformFaultDomainCount` > 1 with a single placement group; for 99.99 % use two or more zones.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), high-availability table, 'Availability SLA'",
        "vmss-lint constraint catalogue §2.3 (info)",
    ),
    catalogue=("VMSS-UNI-024",),
)
def uniform_fault_domain_sla(vmss: Resource, ctx: Context):
    """The 2022 article ties the 99.95 % availability SLA of a regional Uniform set to fault domains
    within a single placement group: with max spreading (`platformFaultDomainCount: 1`) or with
    multiple placement groups the set has no fault-domain guarantee to back it. Advice only; zones give
    99.99 %. Max spreading with a single placement group is left to VMSS-UNI-012 (an error)."""
    zones = zone_count(vmss)
    if isinstance(zones, Unknown) or zones != 0:
        return
    count = fault_domain_count(vmss)
    single = effective_single_placement_group(vmss)
    if isinstance(count, Unknown):
        return
    if isinstance(count, int) and not isinstance(count, bool) and count == 1:
        if single is True:
            return  # VMSS-UNI-012 reports the invalid combination; fixing it leads back here
        found = vmss.each("properties.platformFaultDomainCount")
        yield Violation(
            found[0][0] if found else ("properties", "platformFaultDomainCount"),
            "with platformFaultDomainCount 1 this regional Uniform set has no fault-domain spreading behind the "
            "99.95 % SLA: use 2 or more fault domains, or zones",
        )
    elif single is False:
        found = vmss.each("properties.singlePlacementGroup")
        yield Violation(
            found[0][0] if found else ("properties",),
            "with multiple placement groups this regional Uniform set has no fault-domain guarantee behind the "
            "99.95 % SLA: use a single placement group with several fault domains, or zones",
        )
