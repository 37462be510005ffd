"""VMs of the deployment that reference an availability set (a helper module: it declares no rule)."""

from __future__ import annotations

from vmss_lint.model import AVAILABILITY_SET, VM, Deployment, Resource
from vmss_lint.references import resolve
from vmss_lint.values import MISSING, Unknown, is_written


def availability_set_of(vm: Resource, deployment: Deployment) -> Resource | None:
    """The availability set a VM names, when it is declared (not `existing`) in this deployment."""
    reference = vm.get("properties.availabilitySet")
    if not is_written(reference):
        return None
    found = resolve(deployment, reference)
    if not isinstance(found, tuple) or found[1] or not found[0].is_type(AVAILABILITY_SET) or found[0].existing:
        return None
    return found[0]


def members(avset: Resource, deployment: Deployment) -> list[Resource]:
    return [vm for vm in deployment.of_type(VM) if not vm.existing and availability_set_of(vm, deployment) is avset]


def in_availability_set(vm: Resource) -> bool:
    """The VM names an availability set (wherever it is)."""
    reference = vm.get("properties.availabilitySet")
    return is_written(reference)


def unmanaged_disk_path(vm: Resource) -> tuple | None | Unknown:
    """The path of the first unmanaged (`vhd`) disk; None when every disk is managed; Unknown when unsure."""
    storage = vm.get("properties.storageProfile")
    if isinstance(storage, Unknown):
        return storage
    if not isinstance(storage, dict):
        return Unknown("no storageProfile")
    os_disk = vm.get("properties.storageProfile.osDisk")
    if isinstance(os_disk, Unknown):
        return os_disk
    candidates = [(("properties", "storageProfile", "osDisk", "vhd"), vm.get("properties.storageProfile.osDisk.vhd"))]
    candidates += vm.each("properties.storageProfile.dataDisks[*].vhd")
    data = vm.get("properties.storageProfile.dataDisks")
    if isinstance(data, Unknown):
        return data
    for path, value in candidates:
        if isinstance(value, Unknown):
            return value
        if value is not MISSING and value is not None:
            return path
    return None
