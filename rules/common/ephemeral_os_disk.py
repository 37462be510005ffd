"""Ephemeral OS disks: Spot eviction and caching."""

from vmss_lint.findings import Violation
from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import VP, is_spot
from vmss_lint.values import MISSING, Path, equals_ci, lookup_key, parse_path

EPHEMERAL_DOC = "Ephemeral OS disks (ephemeral-os-disks.md, ms.date 09/08/2026)"


def _root(resource: Resource) -> str:
    return VP if resource.is_type(VMSS) else "properties"


def _ephemeral(resource: Resource) -> bool:
    settings = resource.get(f"{_root(resource)}.storageProfile.osDisk.diffDiskSettings")
    return isinstance(settings, dict) and equals_ci(settings.get(lookup_key(settings, "option") or "option"), "Local")


@rule(
    id="VMSS-GEN-162",
    name="ephemeral-os-disk-spot-deallocate",
    summary="Spot instances with an ephemeral OS disk cannot be stop-deallocated: use eviction policy Delete.",
    severity="warning",
    types=(VMSS, VM),
    fix="Set `evictionPolicy` to 'Delete', or use a managed OS disk.",
    sources=(
        EPHEMERAL_DOC + ": 'Stop-deallocated state: Not Supported' for ephemeral OS disks",
        "Use Azure Spot Virtual Machines (use-spot.md, ms.date 04/01/2025): eviction policy Deallocate (default) or Delete",
        "vmss-lint catalogue §7.C 'Ephemeral OS disk + Spot Deallocate' (2026-11-28 audit)",
    ),
    catalogue=("VMSS-GEN-162", "§7.C ephemeral OS disk + Spot Deallocate"),
)
def ephemeral_os_disk_spot_deallocate(resource: Resource, ctx: Context):
    """An ephemeral OS disk lives on the host's local storage and is lost when the VM leaves the host,
    so ephemeral VMs cannot be stop-deallocated. Spot's default eviction policy is Deallocate, which
    would stop-deallocate evicted instances. Warning: the exact service response is not documented."""
    if not _ephemeral(resource):
        return
    root = _root(resource)
    priority = resource.get(f"{root}.priority")
    if not is_spot(priority):
        return
    eviction_path: Path = parse_path(f"{root}.evictionPolicy")
    eviction = resource.get(eviction_path)
    if equals_ci(eviction, "Delete") or not (eviction is MISSING or eviction is None or isinstance(eviction, str)):
        return
    path = eviction_path if eviction is not MISSING else parse_path(f"{root}.priority")
    shown = repr(eviction) if isinstance(eviction, str) else "Deallocate (the default)"
    yield Violation(path, f"Spot eviction policy {shown} stop-deallocates instances, which an ephemeral OS disk "
                          "does not support: set evictionPolicy to 'Delete'")


@rule(
    id="VMSS-GEN-163",
    name="ephemeral-os-disk-caching",
    summary="An ephemeral OS disk should use caching ReadOnly.",
    severity="warning",
    types=(VMSS, VM),
    fix="Set the OS disk's `caching` to 'ReadOnly'.",
    sources=(
        "Microsoft.Compute ARM schema DiffDiskSettings and OSDisk.caching; " + EPHEMERAL_DOC + " (samples use ReadOnly)",
        "vmss-lint catalogue §7.C 'Ephemeral OS disk caching' (2026-11-28 audit): warning until the exact error is confirmed",
    ),
    catalogue=("VMSS-GEN-163", "§7.C ephemeral OS disk caching"),
)
def ephemeral_os_disk_caching(resource: Resource, ctx: Context):
    """Ephemeral OS disks are served from the host's cache or temp disk and support only read-only host
    caching; every documented sample sets `caching: ReadOnly`. Another explicit mode is expected to be
    rejected (the error text is not confirmed), so this is a warning."""
    if not _ephemeral(resource):
        return
    path = parse_path(f"{_root(resource)}.storageProfile.osDisk.caching")
    caching = resource.get(path)
    if isinstance(caching, str) and not equals_ci(caching, "ReadOnly"):
        yield Violation(path, f"an ephemeral OS disk supports caching 'ReadOnly', not {caching!r}")
