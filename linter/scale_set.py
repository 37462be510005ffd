"""Facts about scale sets that many rules share: mode, zones, placement groups, health sources.

These read the resource model only; every function returns a value or `Unknown`, never a guess.
"""

from __future__ import annotations

import re
from typing import Any

from .model import VMSS, VMSS_EXTENSION, Deployment, Resource
from .registry import Mode
from .values import MISSING, Unknown, as_bool, equals_ci, lookup_key

VP = "properties.virtualMachineProfile"
NICS = f"{VP}.networkProfile.networkInterfaceConfigurations[*]"
IP_CONFIGS = f"{NICS}.properties.ipConfigurations[*]"
OS_DISK = f"{VP}.storageProfile.osDisk"
DATA_DISKS = f"{VP}.storageProfile.dataDisks[*]"
INLINE_EXTENSIONS = f"{VP}.extensionProfile.extensions[*]"

HEALTH_EXTENSION_TYPES = ("ApplicationHealthLinux", "ApplicationHealthWindows")
SERVICE_FABRIC_TYPES = ("ServiceFabricNode", "ServiceFabricLinuxNode", "ServiceFabricMCNode")


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


def inline_extensions(resource: Resource) -> list[tuple[tuple, Any]]:
    return resource.each(INLINE_EXTENSIONS)


def child_extensions(resource: Resource, deployment: Deployment) -> list[Resource]:
    """`virtualMachineScaleSets/extensions` resources declared for this scale set."""
    if not isinstance(resource.name, str):
        return []
    prefix = resource.name.casefold() + "/"
    return [
        child
        for child in deployment.of_type(VMSS_EXTENSION)
        if isinstance(child.name, str) and child.name.casefold().startswith(prefix)
    ]


def _extension_matches(properties: Any, publisher: str, types: tuple[str, ...]) -> bool | Unknown:
    if isinstance(properties, Unknown):
        return properties
    if not isinstance(properties, dict):
        return False
    found_publisher = properties.get(lookup_key(properties, "publisher") or "publisher", MISSING)
    found_type = properties.get(lookup_key(properties, "type") or "type", MISSING)
    if isinstance(found_publisher, Unknown) or isinstance(found_type, Unknown):
        return Unknown("extension publisher or type is unknown")
    return equals_ci(found_publisher, publisher) and any(equals_ci(found_type, kind) for kind in types)


def has_inline_extension(resource: Resource, publisher: str, types: tuple[str, ...]) -> bool | Unknown:
    """True when an inline extension matches; Unknown when one might (its fields are unknown)."""
    extensions = resource.get(f"{VP}.extensionProfile.extensions")
    if isinstance(extensions, Unknown):
        return extensions
    unknown: Unknown | None = None
    for _, extension in inline_extensions(resource):
        properties = extension.get("properties") if isinstance(extension, dict) else extension
        matched = _extension_matches(properties, publisher, types)
        if matched is True:
            return True
        if isinstance(matched, Unknown):
            unknown = matched
    return unknown if unknown is not None else False


def has_application_health_extension(resource: Resource) -> bool | Unknown:
    return has_inline_extension(resource, "Microsoft.ManagedServices", HEALTH_EXTENSION_TYPES)


def has_service_fabric_extension(resource: Resource) -> bool | Unknown:
    return has_inline_extension(resource, "Microsoft.Azure.ServiceFabric", SERVICE_FABRIC_TYPES)


def has_health_probe(resource: Resource) -> bool | Unknown:
    probe = resource.get(f"{VP}.networkProfile.healthProbe")
    if isinstance(probe, Unknown):
        return probe
    if probe is MISSING or probe is None:
        return False
    probe_id = probe.get(lookup_key(probe, "id") or "id") if isinstance(probe, dict) else probe
    if isinstance(probe_id, Unknown):
        return probe_id
    return bool(probe_id)


def vm_size(resource: Resource) -> Any:
    """The scale set's `sku.name` (a size, 'Mix', MISSING or Unknown)."""
    return resource.get("sku.name")


def capacity(resource: Resource) -> Any:
    return resource.get("sku.capacity")


# --- Helpers for the unsupported-parameter, networking and Spot rules (rules-b) ---------------------

SKU_PROFILE_SIZES = "properties.skuProfile.vmSizes[*].name"


def concrete_path(resource: Resource, path: str) -> tuple:
    """`path` with each key spelled as the template spells it, so that findings land on the right line.

    Parts past the last existing key are kept as given (the finding then lands on the nearest ancestor).
    """
    from .values import parse_path

    wanted = parse_path(path)
    resource.get(wanted)  # a check that reports this path depends on it (recorded for variant_checks)
    current: Any = resource.body
    spelled: list = []
    for index, part in enumerate(wanted):
        if isinstance(part, str) and isinstance(current, dict):
            key = lookup_key(current, part)
            if key is None:
                return tuple(spelled) + wanted[index:]
            spelled.append(key)
            current = current[key]
        elif isinstance(part, int) and isinstance(current, list) and -len(current) <= part < len(current):
            spelled.append(part)
            current = current[part]
        else:
            return tuple(spelled) + wanted[index:]
    return tuple(spelled)


def is_set(value: Any) -> bool:
    """True for a value that configures something: not absent, not null, not {} / [] / ''."""
    if value is MISSING or value is None or isinstance(value, Unknown):
        return False
    if isinstance(value, (dict, list, str)) and not value:
        return False
    return True


def size_names(resource: Resource) -> list[tuple[tuple, Any]]:
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
    from .sizes import Support, memory_preserving_updates

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


def flexible_fault_domains(resource: Resource) -> int | Unknown:
    """A Flexible set's fault-domain count: absent or null means the documented default 1 (FD doc)."""
    count = fault_domain_count(resource)
    if count is MISSING or count is None:
        return 1
    if isinstance(count, bool) or not isinstance(count, int):
        return count if isinstance(count, Unknown) else Unknown("platformFaultDomainCount is not an integer")
    return count


def priority(resource: Resource) -> Any:
    """The VM priority: `VP.priority` for a scale set, `properties.priority` for a VM (absent = Regular)."""
    if resource.is_type(VMSS):
        return resource.get(f"{VP}.priority")
    return resource.get("properties.priority")


def priority_path(resource: Resource) -> tuple:
    return concrete_path(resource, f"{VP}.priority" if resource.is_type(VMSS) else "properties.priority")




def extension_matches(properties: Any, publisher: str, types: tuple[str, ...]) -> bool | Unknown:
    """Whether an extension's `properties` name this publisher and one of these types (case-insensitive)."""
    return _extension_matches(properties, publisher, types)


def is_service_fabric_extension(properties: Any) -> bool | Unknown:
    return _extension_matches(properties, "Microsoft.Azure.ServiceFabric", SERVICE_FABRIC_TYPES)

# --- health sources, API dates, durations (rules-c: upgrades, repairs, patching, disks, instance mix) ---

ISO_DURATION = re.compile(
    r"^P(?!$)(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


def api_date(resource: Resource) -> str | Unknown | None:
    """The `yyyy-mm-dd` date of the resource's apiVersion; None when absent or not a date."""
    api = resource.api_version
    if isinstance(api, Unknown):
        return api
    if not isinstance(api, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", api):
        return None
    return api[:10]


def api_before(resource: Resource, date: str) -> bool | Unknown:
    """True when the apiVersion is older than `date` (a `-preview` of the same date is not older)."""
    found = api_date(resource)
    if isinstance(found, Unknown):
        return found
    if found is None:
        return Unknown("the apiVersion is not a date")
    return found < date


def duration_seconds(value: Any) -> float | None:
    """An ISO 8601 duration such as `PT10M` or `P1DT2H` in seconds; None when it is not one."""
    if not isinstance(value, str):
        return None
    match = ISO_DURATION.match(value.strip())
    if match is None:
        return None
    parts = {key: float(text) if text else 0.0 for key, text in match.groupdict().items()}
    return parts["days"] * 86400 + parts["hours"] * 3600 + parts["minutes"] * 60 + parts["seconds"]


def _is_health_extension(properties: Any) -> bool | Unknown:
    return _extension_matches(properties, "Microsoft.ManagedServices", HEALTH_EXTENSION_TYPES)


def child_health_extensions(resource: Resource, deployment: Deployment) -> list[Resource]:
    """Application Health extensions declared as child `virtualMachineScaleSets/extensions` resources."""
    return [child for child in child_extensions(resource, deployment) if _is_health_extension(child.get("properties")) is True]


def has_service_fabric(resource: Resource, deployment: Deployment) -> bool | Unknown:
    """A Service Fabric node extension, inline or as a child resource."""
    inline = has_service_fabric_extension(resource)
    if inline is True:
        return True
    for child in child_extensions(resource, deployment):
        if _extension_matches(child.get("properties"), "Microsoft.Azure.ServiceFabric", SERVICE_FABRIC_TYPES) is True:
            return True
    return inline


def inline_health_source(resource: Resource, *, accept_probe: bool = True) -> bool | Unknown:
    """Whether the create request itself carries a health source (audit §7 #4): an inline Application
    Health extension, or (when `accept_probe`) `networkProfile.healthProbe`."""
    extension = has_application_health_extension(resource)
    if extension is True:
        return True
    probe = has_health_probe(resource) if accept_probe else False
    if probe is True:
        return True
    if isinstance(extension, Unknown):
        return extension
    return probe


def patch_settings(resource: Resource, os_profile_path: str) -> list[tuple[str, tuple, Any]]:
    """(os, path of `patchSettings`, value) for the Windows and Linux configurations under `os_profile_path`."""
    found: list[tuple[str, tuple, Any]] = []
    for os_name, key in (("windows", "windowsConfiguration"), ("linux", "linuxConfiguration")):
        for path, value in resource.each(f"{os_profile_path}.{key}.patchSettings"):
            found.append((os_name, path, value))
    return found


def is_spot(priority: Any) -> bool:
    return equals_ci(priority, "Spot") or equals_ci(priority, "Low")
