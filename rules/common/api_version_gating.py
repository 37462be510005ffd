from vmss_lint.azure.api_versions import find_too_early, is_well_formed
from vmss_lint.findings import Severity, Violation
from vmss_lint.fixes.intents import Autofix, SetProperty
from vmss_lint.model import AVAILABILITY_SET, VM, VMSS, VMSS_VM, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import format_path

from .api_minimums import owned_keys


@rule(
    id="VMSS-GEN-005",
    name="api-version-too-old-for-property",
    summary="Properties and enum values need an apiVersion at least as new as the one that introduced them.",
    severity="error",
    types=(VMSS, VM, AVAILABILITY_SET, VMSS_VM),
    fix="Raise the resource's apiVersion to the version named in the message (or later), or remove the property.",
    sources=(
        "Microsoft.Compute ARM schemas 2015-06-15 … 2026-03-01 (Azure/azure-resource-manager-schemas @a1454431, "
        "2026-08-16), walked into schemas/api-firstseen.json by tools/derive_api_versions.py",
        "Automatic instance repairs, scale-in policy and terminate notification docs (azure-compute-docs, "
        "2026-05-19), troubleshooting: 'Could not find member … on object of type …' means too old an apiVersion",
        "vmss-lint constraint catalogue §5 and §7.B (VMSS-GEN-005 CONFIRMED with the C-17 caveat)",
    ),
    catalogue=("VMSS-GEN-005",),
    # unsafe: a newer apiVersion may change the defaults of properties the template leaves out
    autofix=Autofix("Raise the apiVersion", False, lambda resource, violation: _raise_api_version(resource, violation)),
)
def api_version_too_old_for_property(resource: Resource, ctx: Context):
    """Each Compute apiVersion has a fixed request model. A property, or an enum value, added in a later
    version is not part of an older one: the service answers "Could not find member 'X' on object of type
    'Y'" (or rejects the value) and the deployment fails, although the template looks right.

    The rule compares every property the resource sets, and every literal enum value, with the first
    apiVersion whose ARM schema has it. A property too new is an error. An enum value too new is a
    warning: most Compute enums are extensible strings in the REST specification (`modelAsString`), and
    real templates deploy newer values with older versions (the corpus quickstart `vmss-win-iis-app-ssl`
    sends `StandardSSD_LRS` with 2016-04-30-preview), so rejection is likely but not certain. It reports the outermost property only (not each of its members),
    compares names case-insensitively as ARM does, skips values that are not known before deployment, and
    stays silent on properties the schema data does not list. Properties that a more specific rule checks
    against its own threshold are left to that rule: `orchestrationMode` (VMSS-GEN-004),
    `platformFaultDomainCount` (VMSS-GEN-010), `resiliencyPolicy` (VMSS-GEN-110/111, whose documented
    minimum is older than the schema's), `automaticRepairsPolicy` (GEN-064), `scaleInPolicy` (GEN-074),
    `terminateNotificationProfile` (GEN-072), `patchSettings` (GEN-083), `skuProfile` (FLEX-104), a VM's
    `virtualMachineScaleSet` and `platformFaultDomain` (VM-FLEX-003/004) and a scale-set VM's
    `protectionPolicy` (FLEX-037)."""
    api = resource.api_version
    if not is_well_formed(api):
        return
    for found in find_too_early(resource.type, api, resource.get(()), skip=owned_keys(resource)):
        where = format_path(found.path)
        if found.value is None:
            message = (f"`{where}` first appears in apiVersion {found.first}; this resource uses {api}, which "
                       f"rejects it: raise the apiVersion to {found.first} or later, or remove the property")
            yield Violation(found.path, message)
        else:
            # Most Compute enums are extensible strings (x-ms-enum modelAsString): older apiVersions may
            # pass a newer value through, so a value that is only newer than the schema is a warning.
            message = (f"{where} = '{found.value}' first appears in apiVersion {found.first}; this resource uses "
                       f"{api}, which may reject it: raise the apiVersion or use a value that {api} has")
            yield Violation(found.path, message, severity=Severity.WARNING)


def _raise_api_version(resource: Resource, violation: Violation) -> SetProperty | None:
    """The first apiVersion that has every property this resource sets (one edit for all its findings);
    none for an enum value, which a newer version may not need."""
    if violation.severity is Severity.WARNING or not is_well_formed(resource.api_version):
        return None
    too_early = find_too_early(resource.type, resource.api_version, resource.get(()), skip=owned_keys(resource))
    needed = [found.first for found in too_early if found.value is None]
    return SetProperty(("apiVersion",), max(needed)) if needed else None
