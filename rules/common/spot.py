"""Spot priority on scale sets and VMs (catalogue §2.6, GEN-055..059, and §7.C 'Spot in Azure China')."""

from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path
from vmss_lint.azure.scale_set import VP, is_spot, priority, priority_path, size_names
from vmss_lint.azure.sizes import parse_size
from vmss_lint.values import Unknown, equals_ci

_USE_SPOT = (
    "Azure Spot Virtual Machines for Virtual Machine Scale Sets (use-spot, ms.date 2025-04-01) — "
    "https://learn.microsoft.com/azure/virtual-machine-scale-sets/use-spot"
)
_SPOT_VMS = "Azure Spot Virtual Machines (spot-vms), Limitations — https://learn.microsoft.com/azure/virtual-machines/spot-vms"
_SPOT_ERRORS = (
    "Error messages for Azure Spot Virtual Machines and scale sets — "
    "https://learn.microsoft.com/azure/virtual-machines/error-codes-spot"
)



def _profile_path(resource: Resource, relative: str) -> str:
    """A Spot-related property: under the VM profile of a scale set, under `properties` of a VM."""
    return f"{VP}.{relative}" if resource.is_type(VMSS) else f"properties.{relative}"


def _sizes(resource: Resource) -> list[tuple[tuple, object]]:
    if resource.is_type(VMSS):
        return size_names(resource)
    path = "properties.hardwareProfile.vmSize"
    return [(concrete_path(resource, path), resource.get(path))]


@rule(
    id="VMSS-GEN-055",
    name="spot-unsupported-size",
    summary="Spot priority does not support B-series sizes or Promo sizes.",
    severity="error",
    types=(VMSS, VM),
    catalogue=("VMSS-GEN-055",),
    fix="Choose a size outside the B-series and without the `_Promo` suffix, or use Regular priority.",
    sources=(f"{_USE_SPOT}, Limitations", f"{_SPOT_VMS}: 'B-series; Promo versions of any size'"),
)
def spot_unsupported_size(resource: Resource, ctx: Context):
    """Azure Spot capacity is offered for most sizes, but not for the burstable B-series or for the
    Promo versions of any size ("This size does not support Azure Spot"). Applies to scale sets
    (`virtualMachineProfile.priority`) and to VMs (`properties.priority`)."""
    if not is_spot(priority(resource)):
        return
    for path, name in _sizes(resource):
        size = parse_size(name) if isinstance(name, str) else None
        if size is None:
            continue
        if size.family == "B" or size.promo:
            kind = "Promo sizes" if size.promo else "B-series sizes"
            yield Violation(path, f"{kind} do not support Spot priority ({name}): choose another size or use Regular priority")


@rule(
    id="VMSS-GEN-056",
    name="spot-terminate-notification",
    summary="Terminate notifications cannot be enabled on Spot instances.",
    severity="error",
    types=VMSS,
    catalogue=("VMSS-GEN-056",),
    fix="Remove `terminateNotificationProfile` (or set `enable: false`); Spot instances get an eviction "
    "notice through Scheduled Events instead.",
    sources=(
        "Terminate notification for scale set instances (ms.date 2026-05-19): 'Terminate notifications cannot be "
        "enabled on Spot instances' — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-terminate-notification",
    ),
)
def spot_terminate_notification(vmss: Resource, ctx: Context):
    """Spot instances are evicted at short notice and receive a Preempt scheduled event; the terminate
    notification (a configurable delay before deletion) is not available for them, and the docs say
    it cannot be enabled on Spot instances."""
    if not is_spot(priority(vmss)):
        return
    path = f"{VP}.scheduledEventsProfile.terminateNotificationProfile.enable"
    if vmss.get(path) is True:
        yield Violation(
            concrete_path(vmss, path),
            "terminate notifications cannot be enabled on Spot instances: remove terminateNotificationProfile or set enable to false",
        )


@rule(
    id="VMSS-GEN-057",
    name="spot-billing-and-eviction",
    summary="Spot `maxPrice` must be -1 or greater than 0, and eviction and billing settings belong to Spot "
    "priority only.",
    severity="error",
    types=(VMSS, VM),
    catalogue=("VMSS-GEN-057",),
    fix="Use maxPrice -1 (pay up to the on-demand price) or a positive price in USD; set evictionPolicy "
    "'Deallocate' or 'Delete' and billingProfile only together with priority 'Spot'.",
    sources=(
        f"{_SPOT_ERRORS}: MaxPriceValueInvalid 'The only supported values for max price are -1 or a decimal greater "
        "than zero'; EvictionPolicyCanBeSetOnlyOnAzureSpotVirtualMachines 'Eviction policy can be set only on Azure "
        "Spot Virtual Machines'",
        "Microsoft.Compute ARM schema, BillingProfile.maxPrice: 'Any decimal value greater than zero … -1 – indicates "
        "default price to be up-to on-demand'; evictionPolicy enum Deallocate, Delete",
        f"{_USE_SPOT}, Pricing: prices in USD with up to five decimal places",
    ),
)
def spot_billing_and_eviction(resource: Resource, ctx: Context):
    """Three checks on the Spot settings of a scale set's VM profile or a VM.

    `billingProfile.maxPrice` accepts -1 (never evict for price) or a decimal greater than zero; the
    service rejects anything else with MaxPriceValueInvalid (error). More than five decimal places
    exceeds the documented price precision (warning). `evictionPolicy` must be Deallocate or Delete
    (error), and the service rejects it on a non-Spot VM with
    EvictionPolicyCanBeSetOnlyOnAzureSpotVirtualMachines — the catalogue had this as a warning; the
    Spot error-code page shows it is an error. A `billingProfile` without Spot priority has no effect
    and no documented error (warning). The legacy priority 'Low' counts as Spot.
    """
    prio = priority(resource)
    if isinstance(prio, Unknown):
        return
    spot = is_spot(prio)
    price_path = _profile_path(resource, "billingProfile.maxPrice")
    price = resource.get(price_path)
    if isinstance(price, (int, float)) and not isinstance(price, bool):
        if price != -1 and price <= 0:
            yield Violation(
                concrete_path(resource, price_path),
                f"maxPrice {price} is invalid: use -1 (up to the on-demand price) or a price greater than 0",
            )
        elif price > 0 and _decimals(price) > 5:
            yield Violation(
                concrete_path(resource, price_path),
                f"maxPrice {price} has more than five decimal places: round it to five",
                severity=Severity.WARNING,
            )
    eviction_path = _profile_path(resource, "evictionPolicy")
    eviction = resource.get(eviction_path)
    if isinstance(eviction, str):
        if not (equals_ci(eviction, "Deallocate") or equals_ci(eviction, "Delete")):
            yield Violation(
                concrete_path(resource, eviction_path),
                f"evictionPolicy {eviction!r} is not valid: use 'Deallocate' or 'Delete'",
            )
        elif not spot:
            yield Violation(
                concrete_path(resource, eviction_path),
                "evictionPolicy can be set only on Spot VMs (EvictionPolicyCanBeSetOnlyOnAzureSpotVirtualMachines): "
                "remove it or set priority to 'Spot'",
            )
    billing_path = _profile_path(resource, "billingProfile")
    billing = resource.get(billing_path)
    if isinstance(billing, dict) and billing and not spot:
        yield Violation(
            concrete_path(resource, billing_path),
            "billingProfile applies only to Spot priority and has no effect here: remove it or set priority to 'Spot'",
            severity=Severity.WARNING,
        )


def _decimals(value: float) -> int:
    from decimal import Decimal, InvalidOperation  # only for a maxPrice: off the start-up path

    try:
        exponent = Decimal(repr(value)).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@rule(
    id="VMSS-GEN-058",
    name="spot-restore-policy",
    summary="`spotRestorePolicy` belongs under `properties` (not the VM profile) and only helps Spot scale sets.",
    severity="error",
    types=VMSS,
    catalogue=("VMSS-GEN-058", "C-18"),
    fix="Move `spotRestorePolicy` from `virtualMachineProfile` to `properties` (apiVersion 2021-04-01 or later), "
    "and enable it only with priority 'Spot'.",
    sources=(
        "Microsoft.Compute ARM schema 2021-04-01 and later: VirtualMachineScaleSetProperties.spotRestorePolicy",
        f"{_USE_SPOT}, 'Try & restore': its ARM example nests spotRestorePolicy inside virtualMachineProfile "
        "(a documentation slip, catalogue C-18)",
    ),
)
def spot_restore_policy(vmss: Resource, ctx: Context):
    """Try & restore re-creates evicted Spot instances when capacity returns. The property is
    `properties.spotRestorePolicy` in the schema (API 2021-04-01 on); the use-spot article's ARM
    example nests it in `virtualMachineProfile`, where it is not a member of the VM profile and is
    never applied (error). Enabled on a scale set whose priority is not Spot it has nothing to restore
    (warning)."""
    nested = f"{VP}.spotRestorePolicy"
    if vmss.has(nested) and not isinstance(vmss.get(VP), Unknown) and vmss.get(nested) is not None:
        yield Violation(
            concrete_path(vmss, nested),
            "spotRestorePolicy is not a virtualMachineProfile property: move it to properties.spotRestorePolicy",
        )
    enabled_path = "properties.spotRestorePolicy.enabled"
    prio = priority(vmss)
    if vmss.get(enabled_path) is True and not isinstance(prio, Unknown) and not is_spot(prio):
        yield Violation(
            concrete_path(vmss, enabled_path),
            "spotRestorePolicy only restores evicted Spot instances, but this scale set is not Spot: remove it or "
            "set virtualMachineProfile.priority to 'Spot'",
            severity=Severity.WARNING,
        )


@rule(
    id="VMSS-GEN-059",
    name="spot-no-availability-guarantee",
    summary="Spot scale sets have no high-availability guarantee.",
    severity="note",
    types=VMSS,
    catalogue=("VMSS-GEN-059",),
    fix="Keep Regular instances for capacity you must keep (Spot Priority Mix on Flexible), or accept that "
    "Spot instances can all be evicted.",
    sources=(f"{_USE_SPOT}: 'Spot scale sets are deployed in a single fault domain and offer no high availability guarantees'",),
)
def spot_no_availability_guarantee(vmss: Resource, ctx: Context):
    """Spot instances can be evicted whenever Azure needs the capacity back, and Spot scale sets are
    placed in a single fault domain with no high-availability guarantee. An advisory note, skipped
    when a Spot Priority Mix policy keeps part of the capacity Regular."""
    if is_spot(priority(vmss)) and not isinstance(vmss.get("properties.priorityMixPolicy"), dict):
        yield Violation(
            priority_path(vmss),
            "Spot instances can be evicted at any time and Spot scale sets have no high-availability guarantee",
        )


@rule(
    id="VMSS-GEN-159",
    name="spot-azure-china",
    summary="Azure Spot is not offered in Azure operated by 21Vianet (China regions).",
    severity="warning",
    types=(VMSS, VM),
    catalogue=("§7.C 'Spot in Azure China'",),
    fix="Use Regular priority for deployments to China regions.",
    sources=(
        f"{_SPOT_VMS}: Spot is available in all Azure regions 'except Microsoft Azure operated by 21Vianet'",
        f"{_USE_SPOT}: same exception",
        "vmss-lint catalogue §7.C (2026-11-28): proposed rule without an id; vmss-lint gives it VMSS-GEN-159",
    ),
)
def spot_azure_china(resource: Resource, ctx: Context):
    """Azure Spot Virtual Machines are available in every Azure region except those of Microsoft Azure
    operated by 21Vianet (chinanorth*, chinaeast*). The catalogue's audit (§7.C) proposed this check
    without an id; vmss-lint files it as VMSS-GEN-159 in the Spot family. Only a literal China
    location is checked (a location from `resourceGroup().location` is unknown). A warning, since the
    exception is documented without a service error text."""
    if not is_spot(priority(resource)):
        return
    location = resource.get("location")
    if isinstance(location, str) and location.replace(" ", "").casefold().startswith("china"):
        yield Violation(
            concrete_path(resource, "location"),
            f"Spot priority is not available in {location} (Azure operated by 21Vianet): use Regular priority",
        )
