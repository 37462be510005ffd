from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path
from vmss_lint.azure.scale_set import flexible_fault_domains, memory_preserving, size_names
from vmss_lint.azure.sizes import Support
from vmss_lint.values import Unknown

_SPG = "properties.singlePlacementGroup"


@rule(
    id="VMSS-FLEX-030",
    name="flexible-single-placement-group",
    summary="A Flexible set's `singlePlacementGroup` must match its sizes and spreading: omit it, or set true "
    "only for sizes without memory-preserving updates spread over more than one fault domain.",
    severity="error",
    types=VMSS,
    modes="flexible",
    options={"accept_live_migration_as_mpu": False},
    catalogue=("VMSS-FLEX-030", "§7.A #1", "§7.C 'Flex SPG required for specialty sizes'", "C-8"),
    fix="Remove `singlePlacementGroup` (or set it to null) and let the platform choose; if you keep it, use "
    "true only for sizes without memory-preserving updates with platformFaultDomainCount > 1, false otherwise.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': "
        "'Single placement group - this can be set to null and the platform will select the correct value'",
        "Orchestration modes (ms.date 2024-06-14), 'What has changed with Flexible orchestration mode' table: "
        "Single Placement Group 'set to false' (memory-preserving updates or FD=1) / 'set to true' "
        "(no memory-preserving updates and FD>1) — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "Azure/azure-cli#21834 (2022-03-29, Microsoft PM): 'Certain vmss flex deployments with specialty skus "
        "requires single-placement-group=true' (service error OperationNotAllowed)",
        "Flexible scale sets article (2021-10-13) troubleshooting: \"The value 'True' of parameter "
        "'singlePlacementGroup' is not allowed. Allowed values are: False.\"",
        "vmss-lint catalogue §7 audit (2026-11-28) #1: the 2022 row (any true is an error) is wrong",
    ),
)
def flexible_single_placement_group(vmss: Resource, ctx: Context):
    """Flexible orchestration picks the placement-group mode from the sizes and the spreading.

    Sizes that support memory-preserving updates (B, D, E, F…), and any set with max spreading
    (`platformFaultDomainCount: 1`), run in multiple placement groups: the service rejects
    `singlePlacementGroup: true` ("The value 'True' of parameter 'singlePlacementGroup' is not allowed.
    Allowed values are: False."). Sizes without memory-preserving updates (G, H, N and most L/M) spread
    over more than one fault domain need a single placement group: the service rejects them unless
    `singlePlacementGroup` is true ("… can only use VM Size …, if single placement group … is set to
    true", azure-cli#21834), so an explicit false is as wrong as a true elsewhere.

    The 2022 article and the catalogue's first row only forbade true; the 2026 audit (§7 #1) found
    that wrong for specialty sizes, and this rule follows the audit. Absent or null is always fine:
    the platform chooses. When the size's support for memory-preserving updates is contested (L, M,
    DC, EC families) the finding is a warning. An absent fault-domain count is the documented default 1.
    """
    spg = vmss.get(_SPG)
    if not isinstance(spg, bool):
        return
    fault_domains = flexible_fault_domains(vmss)
    if isinstance(fault_domains, Unknown):
        return
    path = concrete_path(vmss, _SPG)
    if fault_domains <= 1:
        if spg:
            yield Violation(
                path,
                "singlePlacementGroup: true is not allowed on a Flexible scale set with max spreading "
                "(platformFaultDomainCount 1): remove it or set it to false",
            )
        return
    mpu = memory_preserving(vmss, accept_live_migration=bool(ctx.option("accept_live_migration_as_mpu")))
    if isinstance(mpu, Unknown):
        return
    sizes = ", ".join(name for _, name in size_names(vmss) if isinstance(name, str))
    if spg and mpu is Support.YES:
        yield Violation(
            path,
            f"singlePlacementGroup: true is not allowed on a Flexible scale set whose size ({sizes}) supports "
            "memory-preserving updates: remove it and let the platform choose",
        )
    elif not spg and mpu is Support.NO:
        yield Violation(
            path,
            f"size {sizes} has no memory-preserving updates, so with platformFaultDomainCount "
            f"{fault_domains} a Flexible scale set needs singlePlacementGroup: true: set it to true or remove it",
        )
    elif mpu is Support.UNKNOWN:
        wanted = "true" if spg else "false"
        yield Violation(
            path,
            f"singlePlacementGroup: {wanted} is valid on a Flexible scale set with platformFaultDomainCount > 1 "
            f"only if size {sizes} {'lacks' if spg else 'supports'} memory-preserving updates, which is "
            "contested for its family: check the Resource SKUs capability MemoryPreservingMaintenanceSupported, "
            "or remove the property",
            severity=Severity.WARNING,
        )
