from vmss_lint.findings import Violation
from vmss_lint.model import AVAILABILITY_SET, Resource
from vmss_lint.registry import Context, rule


@rule(
    id="AVSET-001",
    name="availability-set-fault-domains",
    summary="An availability set has 1 to 3 fault domains.",
    severity="error",
    types=AVAILABILITY_SET,
    options={"maxAvailabilitySetFaultDomains": 3},
    fix="Set `platformFaultDomainCount` to 1, 2 or 3 (2 in regions with two fault domains).",
    sources=(
        "Availability sets overview (azure-compute-docs, 2024-10-10): 'up to 3 fault domains and 20 update domains'",
        "https://learn.microsoft.com/azure/virtual-machines/availability-set-overview",
        "Service error (Azure/azure-cli#11153): 'The specified fault domain count 5 must fall in the range 1 to 3'",
    ),
    catalogue=("AVSET-001",),
)
def availability_set_fault_domains(avset: Resource, ctx: Context):
    """An availability set spreads its VMs over at most 3 fault domains (2 in some regions; the regional
    maximum is the `MaximumPlatformFaultDomainCount` capability of the `availabilitySets`/`Aligned` SKU, which
    a template does not know). A count outside 1..3 fails with "The specified fault domain count N must
    fall in the range 1 to 3"."""
    value = avset.get("properties.platformFaultDomainCount")
    limit = ctx.option("maxAvailabilitySetFaultDomains")
    if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= limit:
        yield Violation(
            ("properties", "platformFaultDomainCount"),
            f"platformFaultDomainCount {value} is out of range: an availability set has 1 to {limit} fault domains "
            "(2 in some regions)",
        )


@rule(
    id="AVSET-002",
    name="availability-set-update-domains",
    summary="An availability set has 1 to 20 update domains.",
    severity="error",
    types=AVAILABILITY_SET,
    fix="Set `platformUpdateDomainCount` between 1 and 20 (default 5).",
    sources=(
        "Availability sets overview (azure-compute-docs, 2024-10-10): 'up to 3 fault domains and 20 update domains'",
        "https://learn.microsoft.com/azure/virtual-machines/availability-set-overview",
    ),
    catalogue=("AVSET-002",),
)
def availability_set_update_domains(avset: Resource, ctx: Context):
    """Update domains group the VMs that planned maintenance may reboot together; an availability set has
    at most 20 (5 by default). Azure rejects other counts."""
    value = avset.get("properties.platformUpdateDomainCount")
    if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= 20:
        yield Violation(
            ("properties", "platformUpdateDomainCount"),
            f"platformUpdateDomainCount {value} is out of range: an availability set has 1 to 20 update domains",
        )
