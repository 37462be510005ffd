"""VM extensions of a scale set, inline (`extensionProfile`) or as child resources, and the ones rules
look for: Application Health and Service Fabric.
"""

from __future__ import annotations

from typing import Any

from ..model import VMSS_EXTENSION, Deployment, Resource
from ..tristate import any_unknown
from ..values import MISSING, Path, Unknown, equals_ci, lookup_key
from .scale_set import INLINE_EXTENSIONS, VP

HEALTH_EXTENSION_TYPES = ("ApplicationHealthLinux", "ApplicationHealthWindows")
SERVICE_FABRIC_TYPES = ("ServiceFabricNode", "ServiceFabricLinuxNode", "ServiceFabricMCNode")


def inline_extensions(resource: Resource) -> list[tuple[Path, Any]]:
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


def extension_matches(properties: Any, publisher: str, types: tuple[str, ...]) -> bool | Unknown:
    """Whether an extension's `properties` name this publisher and one of these types (case-insensitive)."""
    if isinstance(properties, Unknown):
        return properties
    if not isinstance(properties, dict):
        return False
    found_publisher = properties.get(lookup_key(properties, "publisher") or "publisher", MISSING)
    found_type = properties.get(lookup_key(properties, "type") or "type", MISSING)
    if any_unknown(found_publisher, found_type):
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
        matched = extension_matches(properties, publisher, types)
        if matched is True:
            return True
        if isinstance(matched, Unknown):
            unknown = matched
    return unknown if unknown is not None else False


def has_application_health_extension(resource: Resource) -> bool | Unknown:
    return has_inline_extension(resource, "Microsoft.ManagedServices", HEALTH_EXTENSION_TYPES)


def has_service_fabric_extension(resource: Resource) -> bool | Unknown:
    return has_inline_extension(resource, "Microsoft.Azure.ServiceFabric", SERVICE_FABRIC_TYPES)


def is_service_fabric_extension(properties: Any) -> bool | Unknown:
    return extension_matches(properties, "Microsoft.Azure.ServiceFabric", SERVICE_FABRIC_TYPES)


def _is_health_extension(properties: Any) -> bool | Unknown:
    return extension_matches(properties, "Microsoft.ManagedServices", HEALTH_EXTENSION_TYPES)


def child_health_extensions(resource: Resource, deployment: Deployment) -> list[Resource]:
    """Application Health extensions declared as child `virtualMachineScaleSets/extensions` resources."""
    return [child for child in child_extensions(resource, deployment) if _is_health_extension(child.get("properties")) is True]


def has_service_fabric(resource: Resource, deployment: Deployment) -> bool | Unknown:
    """A Service Fabric node extension, inline or as a child resource."""
    inline = has_service_fabric_extension(resource)
    if inline is True:
        return True
    for child in child_extensions(resource, deployment):
        if extension_matches(child.get("properties"), "Microsoft.Azure.ServiceFabric", SERVICE_FABRIC_TYPES) is True:
            return True
    return inline
