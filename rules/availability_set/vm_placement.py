from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import equals_ci

from ._members import in_availability_set


@rule(
    id="AVSET-005",
    name="availability-set-with-zones",
    summary="A VM in an availability set cannot have availability zones.",
    severity="error",
    types=VM,
    fix="Remove `zones` from the VM, or take it out of the availability set (zones replace availability sets).",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2024-06-14), high-availability table: "
        "'Availability Zones: Availability sets: Not supported'",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
    catalogue=("AVSET-005",),
)
def availability_set_with_zones(vm: Resource, ctx: Context):
    """Availability sets spread VMs over fault domains of one datacenter; zones spread them over datacenters.
    A VM gets one or the other: Azure rejects a VM with both `availabilitySet` and `zones`."""
    zones = vm.get("zones")
    if not in_availability_set(vm) or not isinstance(zones, list) or not zones:
        return
    yield Violation(("zones",), "a VM in an availability set cannot be zonal: remove `zones` or `availabilitySet`")


@rule(
    id="AVSET-011",
    name="availability-set-spot-vm",
    summary="Availability sets take Regular-priority VMs only (Spot is not supported).",
    severity="warning",
    types=VM,
    fix="Use `priority: 'Regular'` for VMs in an availability set, or use a Flexible scale set for Spot VMs.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Basic setup': Spot instances, "
        "Availability sets: 'No, Regular priority instances only'",
        "An older preview-era table (azure-docs @00827ba6) said 'Yes': the sources conflict, hence a warning",
    ),
    catalogue=("AVSET-011",),
)
def availability_set_spot_vm(vm: Resource, ctx: Context):
    """The orchestration-modes article lists availability sets as "Regular priority instances only"; an
    earlier table allowed Spot. With conflicting sources this is a warning: a Spot VM in an availability
    set may be refused or lose the set's fault-domain guarantees when evicted."""
    priority = vm.get("properties.priority")
    if in_availability_set(vm) and equals_ci(priority, "Spot"):
        yield Violation(("properties", "priority"), "availability sets take Regular-priority VMs only: use priority 'Regular' or move Spot VMs to a Flexible scale set")


@rule(
    id="AVSET-012",
    name="availability-set-ultra-disk",
    summary="A VM in an availability set cannot use Ultra disks.",
    severity="error",
    types=VM,
    fix="Use Premium SSD (v2) disks in an availability set, or deploy the Ultra-disk VM into a zone without an availability set.",
    sources=(
        "Ultra disks (azure-compute-docs include, 2026-08-24), GA scope and limitations: 'Ultra Disks don't "
        "support availability sets'",
        "https://learn.microsoft.com/azure/virtual-machines/disks-enable-ultra-ssd",
    ),
    catalogue=("AVSET-012",),
)
def availability_set_ultra_disk(vm: Resource, ctx: Context):
    """Ultra disks are placed per zone (or regionally without an availability set); they "don't support
    availability sets". A VM in an availability set that enables Ultra SSD or attaches an `UltraSSD_LRS`
    data disk fails to deploy."""
    if not in_availability_set(vm):
        return
    enabled = vm.get("properties.additionalCapabilities.ultraSSDEnabled")
    if enabled is True or equals_ci(enabled, "true"):
        yield Violation(("properties", "additionalCapabilities", "ultraSSDEnabled"), "Ultra disks don't support availability sets: remove ultraSSDEnabled or the availability set")
        return
    for path, kind in vm.each("properties.storageProfile.dataDisks[*].managedDisk.storageAccountType"):
        if equals_ci(kind, "UltraSSD_LRS"):
            yield Violation(path, "Ultra disks don't support availability sets: use another disk type or remove the availability set")
