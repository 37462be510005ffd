"""Flexible scale sets: the fault-domain count (catalogue §2.2, FLEX-010/011/012)."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import fault_domain_count, zone_count
from vmss_lint.values import MISSING, Unknown, known_int

FD_PATH = ("properties", "platformFaultDomainCount")
FD_DOC = (
    "Choosing the right number of fault domains for a Virtual Machine Scale Set (azure-compute-docs, "
    "2025-09-02): Flexible: regional 1, 2, 3 (default 1); zonal or zone-redundant 1"
)




@rule(
    id="VMSS-FLEX-010",
    name="flexible-fault-domain-count-missing",
    summary="A Flexible scale set should set `platformFaultDomainCount` explicitly.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    fix="Add `properties.platformFaultDomainCount: 1` (max spreading; the only value for zonal sets) or 2-3 for a regional set.",
    sources=(
        FD_DOC,
        "Azure/azure-rest-api-specs#27029 (VMSS team, 2023-12): platformFaultDomainCount and networkApiVersion "
        "are required when orchestrationMode is Flexible",
        "MicrosoftDocs/azure-docs PR #93296 (2022): ARM deployments fail in certain cases without it",
        "vmss-lint constraint catalogue §3 C-10",
    ),
    catalogue=("VMSS-FLEX-010",),
)
def flexible_fault_domain_count_missing(vmss: Resource, ctx: Context):
    """The fault-domain documentation gives Flexible sets a default of 1, but the scale-set team states
    that the property is required for Flexible sets, and ARM deployments without it have failed. An
    explicit value (1 is always valid) avoids both the failure and the question of which spreading the
    set gets."""
    properties = vmss.get("properties")
    if not isinstance(properties, dict) or not properties:
        return
    value = fault_domain_count(vmss)
    if value is MISSING or value is None:
        yield Violation(
            ("properties",),
            "platformFaultDomainCount is not set on this Flexible scale set: set it explicitly (1 for max spreading)",
        )


@rule(
    id="VMSS-FLEX-011",
    name="flexible-zonal-fault-domain-count",
    summary="A zonal or zone-spanning Flexible scale set must use `platformFaultDomainCount: 1`.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Set `platformFaultDomainCount` to 1 (or remove it), or remove `zones`.",
    sources=(
        FD_DOC + "; NOTE: for zonal deployments the count is set to 1 and can't be configured to a different value",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), high-availability table: '1 for zonal deployments'",
        "kubernetes-sigs/cluster-api-provider-azure#4451 (2024-01): service error text",
    ),
    catalogue=("VMSS-FLEX-011",),
)
def flexible_zonal_fault_domain_count(vmss: Resource, ctx: Context):
    """In a Flexible set that uses availability zones the zones are the fault domains: each zone spreads
    its instances with max spreading. Azure rejects any other count: "Specifying Availability Zones is
    not allowed when Virtual Machine Scale Set has platformFaultDomainCount higher than 1 with
    OrchestrationMode: 'Flexible'." An absent count means 1 and is fine (per the catalogue audit: the
    condition is "present and not 1")."""
    zones = zone_count(vmss)
    count = known_int(fault_domain_count(vmss))
    if isinstance(zones, Unknown) or zones < 1 or count is None or count == 1:
        return
    yield Violation(FD_PATH,
        f"a Flexible scale set in availability zones must use platformFaultDomainCount 1, not {count}: "
        "set it to 1 or remove the zones",
    )


@rule(
    id="VMSS-FLEX-012",
    name="flexible-regional-fault-domain-count",
    summary="A regional Flexible scale set allows `platformFaultDomainCount` 1, 2 or 3.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="Set `platformFaultDomainCount` to 1 (max spreading), 2 or 3 (the region's maximum).",
    sources=(
        FD_DOC,
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), high-availability table: "
        "'2-3 FDs (depending on regional maximum FD Count)'",
        "Flexible scale sets troubleshooting (MicrosoftDocs/azure-docs, 2021-10-13): 'must fall in the range 1 to 2'",
        "Azure/azure-cli#11153, Azure/azure-cli#16346",
    ),
    catalogue=("VMSS-FLEX-012",),
)
def flexible_regional_fault_domain_count(vmss: Resource, ctx: Context):
    """A regional Flexible set spreads its VMs over at most the region's fault domains, which is 2 or 3.
    Other counts fail with "The specified fault domain count N must fall in the range 1 to M". Whether a
    given region has 2 or 3 is not known from the template, so only values outside 1-3 are reported."""
    zones = zone_count(vmss)
    count = known_int(fault_domain_count(vmss))
    if isinstance(zones, Unknown) or zones != 0 or count is None or count in (1, 2, 3):
        return
    yield Violation(FD_PATH,
        f"platformFaultDomainCount {count} is not valid for a regional Flexible scale set: use 1, 2 or 3",
    )
