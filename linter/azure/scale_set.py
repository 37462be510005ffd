"""Facts about a scale set that many rules share: its mode, zones, fault domains, placement groups,
sizes and priority, and the property paths of its VM profile.

These read the resource model only; every function returns a value or `Unknown`, never a guess.
"""

from __future__ import annotations

from typing import Any

from ..model import VMSS, Deployment, Resource
from ..registry import Mode
from ..values import MISSING, Path, Unknown, as_bool, equals_ci
from .properties import concrete_path
from .sizes import Support, memory_preserving_updates

VP = "properties.virtualMachineProfile"
NICS = f"{VP}.networkProfile.networkInterfaceConfigurations[*]"
IP_CONFIGS = f"{NICS}.properties.ipConfigurations[*]"
OS_DISK = f"{VP}.storageProfile.osDisk"
DATA_DISKS = f"{VP}.storageProfile.dataDisks[*]"
INLINE_EXTENSIONS = f"{VP}.extensionProfile.extensions[*]"
SKU_PROFILE_SIZES = "properties.skuProfile.vmSizes[*].name"


def mode(resource: Resource) -> Mode | Unknown | None:
    """The orchestration mode (catalogue §1, C-22, audit §7 #9).

    Explicit mode wins. Absent mode: a profile means Uniform; no profile means Flexible, unless the
    resource has no `properties` at all (a "scale existing" partial update), which is unknown.
    Returns None for an invalid explicit value (GEN-003 reports it).
    """
    explicit = resource.get("properties.orchestrationMode")
    if isinstance(explicit, Unknown):
        return explicit
    if explicit is not MISSING and explicit is not None:
        if equals_ci(explicit, "Flexible"):
            return Mode.FLEXIBLE
        if equals_ci(explicit, "Uniform"):
            return Mode.UNIFORM
        return None
    properties = resource.get("properties")
    if isinstance(properties, Unknown):
        return properties
    if not isinstance(properties, dict) or not properties:
        return Unknown("the scale set has no properties (a partial update of an existing set?)")
    profile = resource.get(VP)
    if isinstance(profile, Unknown):
        return profile
    return Mode.FLEXIBLE if profile is MISSING or profile is None else Mode.UNIFORM


def parent_scale_set(resource: Resource, deployment: Deployment) -> Resource | None:
    """The scale set a child resource (`…/extensions`, `…/virtualMachines`) belongs to, if declared here."""
    if not isinstance(resource.name, str) or "/" not in resource.name:
        return None
    found = deployment.named(VMSS, resource.name.rsplit("/", 1)[0])
    return found[0] if found else None


def zone_count(resource: Resource) -> int | Unknown:
    """`length(zones)`: absent, null and [] all count as 0."""
    zones = resource.get("zones")
    if isinstance(zones, Unknown):
        return zones
    if zones is MISSING or zones is None:
        return 0
    if isinstance(zones, list):
        return len(zones)
    return Unknown("zones is not an array")


def fault_domain_count(resource: Resource) -> Any:
    """`properties.platformFaultDomainCount` as written: an int, MISSING, None or Unknown."""
    return resource.get("properties.platformFaultDomainCount")


def flexible_fault_domains(resource: Resource) -> int | Unknown:
    """A Flexible set's fault-domain count: absent or null means the documented default 1 (FD doc)."""
    count = fault_domain_count(resource)
    if count is MISSING or count is None:
        return 1
    if isinstance(count, bool) or not isinstance(count, int):
        return count if isinstance(count, Unknown) else Unknown("platformFaultDomainCount is not an integer")
    return count


def effective_single_placement_group(resource: Resource) -> bool | Unknown:
    """Uniform's effective `singlePlacementGroup`: explicit value, else true for regional sets and false
    for zonal ones from API 2017-12-01 on (older versions default to true)."""
    explicit = as_bool(resource.get("properties.singlePlacementGroup"))
    if explicit is not None:
        return explicit
    zones = zone_count(resource)
    if isinstance(zones, Unknown):
        return zones
    api = resource.api_version
    if isinstance(api, str) and api[:10] < "2017-12-01":
        return True
    return zones == 0


def vm_size(resource: Resource) -> Any:
    """The scale set's `sku.name` (a size, 'Mix', MISSING or Unknown)."""
    return resource.get("sku.name")


def capacity(resource: Resource) -> Any:
    return resource.get("sku.capacity")


def size_names(resource: Resource) -> list[tuple[Path, Any]]:
    """(path, size name) for every VM size the scale set deploys: `sku.name`, or with instance mix
    (`sku.name == 'Mix'`) each `properties.skuProfile.vmSizes[].name`. Names may be Unknown."""
    name = resource.get("sku.name")
    if isinstance(name, str) and equals_ci(name, "Mix"):
        return resource.each(SKU_PROFILE_SIZES)
    if name is MISSING or name is None:
        return []
    return [(concrete_path(resource, "sku.name"), name)]


def memory_preserving(resource: Resource, *, accept_live_migration: bool = False) -> Any:
    """Whether every size of the set supports memory-preserving updates (catalogue §4, C-11, C-12).

    Returns `sizes.Support` (NO if any size lacks them, YES if all have them, UNKNOWN if a size is
    contested), or `Unknown` when a size name is itself unknown or no size is given.
    """
    names = size_names(resource)
    if not names:
        return Unknown("the scale set names no VM size")
    verdicts = []
    for _, name in names:
        if not isinstance(name, str):
            return name if isinstance(name, Unknown) else Unknown("the VM size is not a string")
        verdicts.append(memory_preserving_updates(name, accept_live_migration=accept_live_migration))
    if Support.NO in verdicts:
        return Support.NO
    if Support.UNKNOWN in verdicts:
        return Support.UNKNOWN
    return Support.YES


def priority(resource: Resource) -> Any:
    """The VM priority: `VP.priority` for a scale set, `properties.priority` for a VM (absent = Regular)."""
    if resource.is_type(VMSS):
        return resource.get(f"{VP}.priority")
    return resource.get("properties.priority")


def priority_path(resource: Resource) -> Path:
    return concrete_path(resource, f"{VP}.priority" if resource.is_type(VMSS) else "properties.priority")


def is_spot(priority: Any) -> bool:
    return equals_ci(priority, "Spot") or equals_ci(priority, "Low")


def patch_settings(resource: Resource, os_profile_path: str) -> list[tuple[str, Path, Any]]:
    """(os, path of `patchSettings`, value) for the Windows and Linux configurations under `os_profile_path`."""
    found: list[tuple[str, Path, Any]] = []
    for os_name, key in (("windows", "windowsConfiguration"), ("linux", "linuxConfiguration")):
        for path, value in resource.each(f"{os_profile_path}.{key}.patchSettings"):
            found.append((os_name, path, value))
    return found
