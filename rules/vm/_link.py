"""Shared facts about standalone VMs and the Flexible scale set they join (a helper module: no rules).

A VM joins a scale set through `properties.virtualMachineScaleSet.id`; that id is resolved within the
deployment. A set outside the deployment (or declared `existing`) is unknown: the rules stay quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vmss_lint.model import VM, VMSS, Deployment, Resource
from vmss_lint.references import resolve
from vmss_lint.values import MISSING, Unknown, lookup_key
from vmss_lint.values import as_bool as boolean

SCALE_SET_ID = ("properties", "virtualMachineScaleSet", "id")
PLATFORM_FAULT_DOMAIN = ("properties", "platformFaultDomain")
VM_SIZE = ("properties", "hardwareProfile", "vmSize")


@dataclass(frozen=True)
class ScaleSetLink:
    """A VM's `virtualMachineScaleSet` reference and, when it is declared here, the scale set it names."""

    reference: Any  # the id: a string or Unknown
    parent: Resource | None  # None: outside this deployment, or the id is unknown


def scale_set_link(vm: Resource, deployment: Deployment) -> ScaleSetLink | None:
    """None when the VM names no scale set (absent or null)."""
    value = vm.get("properties.virtualMachineScaleSet")
    if value is MISSING or value is None:
        return None
    reference = value
    if isinstance(value, dict):
        key = lookup_key(value, "id")
        reference = value[key] if key else MISSING
        if reference is None or reference is MISSING:
            return None
    if not isinstance(reference, str):
        return ScaleSetLink(reference, None)
    found = resolve(deployment, reference)
    if not isinstance(found, tuple):
        return ScaleSetLink(reference, None)
    target, path = found
    if path or not target.is_type(VMSS) or target.existing:
        return ScaleSetLink(reference, None)
    return ScaleSetLink(reference, target)


def attached_vms(vmss: Resource, deployment: Deployment, vm_type: str) -> list[Resource]:
    """The VMs of this deployment whose `virtualMachineScaleSet.id` resolves to `vmss`."""
    members = []
    for vm in deployment.of_type(vm_type):
        if vm.existing:
            continue
        link = scale_set_link(vm, deployment)
        if link is not None and link.parent is vmss:
            members.append(vm)
    return members



def integer(value: Any) -> int | None | Unknown:
    """An integer property (ints, or digit strings as ARM coerces them); None when absent."""
    if value is MISSING or value is None:
        return None
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return Unknown("a boolean where a number is expected")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return Unknown("not an integer")


def flexible_fault_domain_count(vmss: Resource) -> int | Unknown:
    """A Flexible set's `platformFaultDomainCount`; absent means 1 (the documented Flexible default)."""
    count = integer(vmss.get("properties.platformFaultDomainCount"))
    return 1 if count is None else count


def single_placement_group(vmss: Resource) -> bool | None | Unknown:
    """The scale set's explicit `singlePlacementGroup` (None when absent or null)."""
    return boolean(vmss.get("properties.singlePlacementGroup"))


def has_profile(vmss: Resource) -> bool | Unknown:
    profile = vmss.get("properties.virtualMachineProfile")
    if isinstance(profile, Unknown):
        return profile
    return profile is not MISSING and profile is not None


def api_before(resource: Resource, date: str) -> bool | None:
    """True when the resource's apiVersion is older than `date`; None when the version is unknown."""
    api = resource.api_version
    if not isinstance(api, str) or len(api) < 10:
        return None
    return api[:10] < date


def vm_size(vm: Resource) -> Any:
    return vm.get("properties.hardwareProfile.vmSize")


def vms_using_nic(nic: Resource, deployment: Deployment) -> list[Resource]:
    """The VMs of this deployment whose `networkProfile.networkInterfaces` name this NIC."""
    users = []
    for vm in deployment.of_type(VM):
        if vm.existing:
            continue
        for _, reference in vm.each("properties.networkProfile.networkInterfaces[*]"):
            found = resolve(deployment, reference)
            if isinstance(found, tuple) and found[0] is nic and not found[1]:
                users.append(vm)
                break
    return users
