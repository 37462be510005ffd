"""Flexible scale sets: instance-count limits (catalogue §2.3, FLEX-020/021)."""

from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import capacity, fault_domain_count, vm_size
from vmss_lint.azure.sizes import Support, memory_preserving_updates
from vmss_lint.values import equals_ci, get_path, known_int

CAPACITY_PATH = ("sku", "capacity")
FLEXIBLE_LIMIT = 1000
SPECIALTY_LIMIT = 200
MPU_TABLE = (
    "Orchestration modes for Virtual Machine Scale Sets (2022-11-22; current article, azure-compute-docs ms.date "
    "2024-06-14), 'What has changed with Flexible orchestration mode': maximum instance count 1000 for sizes "
    "with memory-preserving updates, 200 for sizes without them and more than one fault domain"
)


def _capacity_path(vmss: Resource) -> tuple:
    found = vmss.each(CAPACITY_PATH)
    return found[0][0] if found else CAPACITY_PATH



@rule(
    id="VMSS-FLEX-020",
    name="flexible-capacity-limit",
    summary=f"A Flexible scale set holds at most {FLEXIBLE_LIMIT} instances.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix=f"Lower `sku.capacity` to {FLEXIBLE_LIMIT} or fewer, or split the workload over several scale sets.",
    sources=(
        MPU_TABLE,
        "Orchestration modes (2022-11-22), 'Basic setup' and FAQ: Flexible maximum instance count 1000",
    ),
    catalogue=("VMSS-FLEX-020",),
)
def flexible_capacity_limit(vmss: Resource, ctx: Context):
    """A Flexible scale set can hold up to 1,000 VMs; a larger `sku.capacity` cannot be deployed. (The
    catalogue row also asks to check autoscale maximums that target the set: that part is a
    cross-resource check done elsewhere.)"""
    count = known_int(capacity(vmss))
    if count is not None and count > FLEXIBLE_LIMIT:
        yield Violation(
            _capacity_path(vmss),
            f"sku.capacity {count} exceeds the {FLEXIBLE_LIMIT}-instance limit of a Flexible scale set: "
            f"use {FLEXIBLE_LIMIT} or fewer, or several scale sets",
        )


@rule(
    id="VMSS-FLEX-021",
    name="flexible-specialty-size-capacity",
    summary=f"A Flexible set of sizes without memory-preserving updates and more than one fault domain holds at most {SPECIALTY_LIMIT} instances.",
    severity="error",
    types=VMSS,
    modes="flexible",
    options={"accept_live_migration_as_mpu": False},
    fix=f"Lower `sku.capacity` to {SPECIALTY_LIMIT} or fewer, use `platformFaultDomainCount: 1`, or choose a size "
    "that supports memory-preserving updates (general-purpose families A, B, D, E, F).",
    sources=(
        MPU_TABLE,
        "Maintenance for virtual machines in Azure (azure-compute-docs, 2026-04-30): memory-preserving "
        "maintenance doesn't work for G, L, N and H series; per-series 'Feature support' blocks",
        "vmss-lint constraint catalogue §3 C-11 (unknown or contested families: warning) and C-12 (live migration option)",
    ),
    catalogue=("VMSS-FLEX-021",),
)
def flexible_specialty_size_capacity(vmss: Resource, ctx: Context):
    """Sizes without memory-preserving updates (the specialty G, H, N families, and M or L sizes that
    lack them) are placed with fixed fault-domain spreading in a single placement group when the set
    uses more than one fault domain, which caps the set at 200 instances instead of 1,000.

    Families whose support is contested or unknown (L, M, confidential DC/EC, unparseable names) give a
    warning rather than an error (catalogue C-11). With the option `accept_live_migration_as_mpu`, a
    size with live migration counts as supported, as the 2022 article's prose suggests (C-12)."""
    count = known_int(capacity(vmss))
    domains = known_int(fault_domain_count(vmss))
    if count is None or count <= SPECIALTY_LIMIT or domains is None or domains <= 1:
        return
    sizes = _sizes(vmss)
    if sizes is None:
        return
    accept = bool(ctx.option("accept_live_migration_as_mpu"))
    support = {name: memory_preserving_updates(name, accept_live_migration=accept) for name in sizes}
    without = [name for name, value in support.items() if value is Support.NO]
    unsure = [name for name, value in support.items() if value is Support.UNKNOWN]
    if without:
        yield Violation(
            _capacity_path(vmss),
            f"sku.capacity {count} exceeds {SPECIALTY_LIMIT}: {', '.join(without)} does not support memory-preserving "
            f"updates, and with {domains} fault domains such a Flexible set holds at most {SPECIALTY_LIMIT} instances",
        )
    elif unsure:
        yield Violation(
            _capacity_path(vmss),
            f"sku.capacity {count} may exceed the {SPECIALTY_LIMIT}-instance limit: whether {', '.join(unsure)} supports "
            f"memory-preserving updates is not known; without them a Flexible set with {domains} fault domains holds "
            f"at most {SPECIALTY_LIMIT}",
            severity=Severity.WARNING,
        )


def _sizes(vmss: Resource) -> list[str] | None:
    """The VM sizes of the set: `sku.name`, or each instance-mix size; None when any is unknown."""
    name = vm_size(vmss)
    if not isinstance(name, str):
        return None
    if not equals_ci(name, "Mix"):
        return [name]
    entries = vmss.get("properties.skuProfile.vmSizes")
    if not isinstance(entries, list) or not entries:
        return None
    names = []
    for entry in entries:
        size = get_path(entry, ("name",))
        if not isinstance(size, str):
            return None
        names.append(size)
    return names
