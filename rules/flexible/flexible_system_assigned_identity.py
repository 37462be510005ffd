from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path

_TYPE = "identity.type"


@rule(
    id="VMSS-FLEX-040",
    name="flexible-system-assigned-identity",
    summary="A Flexible scale set supports user-assigned managed identities only.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-040",),
    fix="Set `identity.type` to 'UserAssigned' and list the identities in `userAssignedIdentities` "
    "(or give individual VMs a system-assigned identity).",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': 'System assigned "
        "Managed Identity - Use User assigned Managed Identity instead'; Basic setup 'User Assigned Identity only'",
        "Azure/terraform-azurerm-avm-res-compute-virtualmachinescaleset PR #158 (Microsoft, 2026-03-19): 'Azure REST "
        "API returns an error when attempting to set SystemAssigned identity on a Flexible orchestration mode VMSS'",
        "azure-compute-docs PR #507 (2026-08-26): 'Flexible Orchestration VMSS supports User-Assigned Managed "
        "Identities at the scale set level'",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED (still true in 2026)",
    ),
)
def flexible_system_assigned_identity(vmss: Resource, ctx: Context):
    """A Flexible scale set can carry only user-assigned identities; the REST API rejects
    `SystemAssigned` (alone or as 'SystemAssigned, UserAssigned') on the scale set. Individual VMs of a
    Flexible set may still have their own system-assigned identity."""
    kind = vmss.get(_TYPE)
    if not isinstance(kind, str):
        return
    parts = [part.strip().casefold() for part in kind.split(",")]
    if "systemassigned" in parts:
        yield Violation(
            concrete_path(vmss, _TYPE),
            f"Flexible scale sets support only user-assigned identities, not {kind!r}: use 'UserAssigned'",
        )
