from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import Unknown, lookup_key


@rule(
    id="VMSS-GEN-015",
    name="zonal-fault-domain-align-mode",
    summary="`zonalPlatformFaultDomainAlignMode` is a newer setting: check it is what you want.",
    severity="note",
    types=VMSS,
    fix="Keep it if you need compute and storage fault domains aligned (or explicitly unaligned) in zones; "
    "otherwise remove it.",
    sources=(
        "Microsoft.Compute ARM schema 2024-07-01 … 2026-03-01, zonalPlatformFaultDomainAlignMode: 'Specifies the "
        "align mode between Virtual Machine Scale Set compute and storage Fault Domain count' (Aligned, "
        "Unaligned from 2024-07-01; BestEffortAligned from 2025-11-01)",
        "vmss-lint constraint catalogue §2.2 (info) and §7.B (VMSS-UNI-011: no evidence that it widens the allowed "
        "fault-domain counts)",
    ),
    catalogue=("VMSS-GEN-015",),
)
def zonal_fault_domain_align_mode(vmss: Resource, ctx: Context):
    """This property, added in Compute API 2024-07-01, says whether a zonal set's compute fault domains
    must line up with the storage (managed disk) fault domains. It does not change which
    `platformFaultDomainCount` values are allowed. This is advice only; using it with too old an
    apiVersion (before 2024-07-01, or `BestEffortAligned` before 2025-11-01) is reported by
    VMSS-GEN-005."""
    properties = vmss.get("properties")
    key = lookup_key(properties, "zonalPlatformFaultDomainAlignMode") if isinstance(properties, dict) else None
    if key is None or properties[key] is None or isinstance(properties[key], Unknown):
        return
    yield Violation(
        ("properties", key),
        f"zonalPlatformFaultDomainAlignMode '{properties[key]}' aligns compute with storage fault domains in zones; "
        "it needs apiVersion 2024-07-01 or later and does not change the allowed platformFaultDomainCount",
    )
