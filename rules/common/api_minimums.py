"""Which rule reports the apiVersion a property needs: one table, one row per (resource type, property).

VMSS-GEN-005 compares every property with the first apiVersion of its ARM schema. A property in this table is
left to the rule its row names, which knows more than the schema: a documented minimum older than the schema's
(resiliencyPolicy, C-17), a minimum that depends on the orchestration mode (protectionPolicy), or members with
thresholds of their own (patchSettings). Reporting such a property twice would give two findings for one edit,
or contradicting ones. A row with a `minimum` is that whole property's threshold, which its owner reads from
the row (`property_too_early` is the whole check of the owners that need no more); a row without one is
checked by its owner member by member.
(A helper module: it declares no rule. tests/unit/test_api_minimums.py holds the rows to registered owners.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vmss_lint.azure.api_versions import is_well_formed, older_than
from vmss_lint.findings import Violation
from vmss_lint.model import VM, VMSS, VMSS_VM, Resource
from vmss_lint.values import lookup_key, parse_path


@dataclass(frozen=True)
class OwnedProperty:
    """A property whose apiVersion `owner` (a rule id) checks instead of VMSS-GEN-005."""

    owner: str
    resource_type: str
    path: str  # as the ARM schema spells it, e.g. 'properties.orchestrationMode'
    minimum: str | None = None  # the whole property's threshold, when it has one
    advice: str = ": raise the apiVersion"  # the end of the owner's message (after "this … uses <api>")


ORCHESTRATION_MODE = OwnedProperty(
    "VMSS-GEN-004", VMSS, "properties.orchestrationMode", "2020-12-01", ", which rejects the property: raise the apiVersion"
)
PLATFORM_FAULT_DOMAIN_COUNT = OwnedProperty(
    "VMSS-GEN-010", VMSS, "properties.platformFaultDomainCount", "2017-12-01", ": raise the apiVersion or remove the property"
)
INSTANCE_PROTECTION = OwnedProperty("VMSS-FLEX-037", VMSS_VM, "properties.protectionPolicy", "2023-09-01")

_VP = "properties.virtualMachineProfile"
AUTOMATIC_REPAIRS = OwnedProperty("VMSS-GEN-064", VMSS, "properties.automaticRepairsPolicy", "2018-10-01")
SCALE_IN_POLICY = OwnedProperty("VMSS-GEN-074", VMSS, "properties.scaleInPolicy", "2019-03-01")
TERMINATE_NOTIFICATION = OwnedProperty(
    "VMSS-GEN-072", VMSS, f"{_VP}.scheduledEventsProfile.terminateNotificationProfile", "2019-03-01"
)
INSTANCE_MIX = OwnedProperty("VMSS-FLEX-104", VMSS, "properties.skuProfile", "2024-07-01")
VM_SCALE_SET = OwnedProperty("VM-FLEX-003", VM, "properties.virtualMachineScaleSet", "2019-03-01")
VM_FAULT_DOMAIN = OwnedProperty("VM-FLEX-004", VM, "properties.platformFaultDomain", "2020-12-01")

TABLE: tuple[OwnedProperty, ...] = (
    ORCHESTRATION_MODE,
    PLATFORM_FAULT_DOMAIN_COUNT,
    OwnedProperty("VMSS-GEN-110", VMSS, "properties.resiliencyPolicy"),
    OwnedProperty("VMSS-GEN-111", VMSS, "properties.resiliencyPolicy"),
    AUTOMATIC_REPAIRS,
    SCALE_IN_POLICY,
    TERMINATE_NOTIFICATION,
    OwnedProperty("VMSS-GEN-083", VMSS, f"{_VP}.osProfile.windowsConfiguration.patchSettings"),
    OwnedProperty("VMSS-GEN-083", VMSS, f"{_VP}.osProfile.linuxConfiguration.patchSettings"),
    INSTANCE_MIX,
    VM_SCALE_SET,
    VM_FAULT_DOMAIN,
    OwnedProperty("VMSS-GEN-083", VM, "properties.osProfile.windowsConfiguration.patchSettings"),
    OwnedProperty("VMSS-GEN-083", VM, "properties.osProfile.linuxConfiguration.patchSettings"),
    INSTANCE_PROTECTION,
)


def owned_keys(resource: Resource) -> tuple[str, ...]:
    """The first-seen data keys (case-folded paths) of the resource's properties that other rules own."""
    return tuple(row.path.casefold() for row in TABLE if resource.is_type(row.resource_type))


def property_too_early(resource: Resource, row: OwnedProperty) -> Iterator[Violation]:
    """The owner's check of a row with a `minimum`: the property is present and the apiVersion is older."""
    assert row.minimum is not None, f"{row.path} has no single minimum"
    api = resource.api_version
    if not is_well_formed(api) or not older_than(api, row.minimum):
        return
    *parents, name = parse_path(row.path)
    parent = resource.get(tuple(parents))
    if not isinstance(parent, dict):
        return
    key = lookup_key(parent, str(name))
    if key is None:
        return
    yield Violation(
        (*parents, key),
        f"{name} needs apiVersion {row.minimum} or later; this scale set uses {api}{row.advice}",
    )
