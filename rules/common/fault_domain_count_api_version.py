from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule

from .api_minimums import PLATFORM_FAULT_DOMAIN_COUNT, property_too_early

MINIMUM = PLATFORM_FAULT_DOMAIN_COUNT.minimum


@rule(
    id="VMSS-GEN-010",
    name="fault-domain-count-api-version",
    summary=f"A scale set's `platformFaultDomainCount` needs apiVersion {MINIMUM} or later.",
    severity="error",
    types=VMSS,
    fix=f"Raise the scale set's apiVersion to {MINIMUM} or later, or remove `platformFaultDomainCount`.",
    sources=(
        "Microsoft.Compute ARM schemas: VirtualMachineScaleSetProperties.platformFaultDomainCount first appears "
        "in 2017-12-01 (Azure/azure-resource-manager-schemas @a1454431, 2026-08-16)",
        "vmss-lint constraint catalogue §5.1 and §7.B (VMSS-GEN-010 CONFIRMED)",
    ),
    catalogue=("VMSS-GEN-010",),
)
def fault_domain_count_api_version(vmss: Resource, ctx: Context):
    """Scale sets gained a configurable fault-domain count in Compute API 2017-12-01. An older apiVersion
    does not know the member, so the deployment fails ("Could not find member 'platformFaultDomainCount'")
    instead of spreading the instances as asked. VMSS-GEN-005 leaves this property to this rule."""
    yield from property_too_early(vmss, PLATFORM_FAULT_DOMAIN_COUNT)
