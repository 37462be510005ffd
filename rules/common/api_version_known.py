from vmss_lint.azure.api_versions import is_known_version, is_well_formed, known_versions, newest_version, older_than
from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule


@rule(
    id="VMSS-UNI-001",
    name="api-version-unknown",
    summary="A scale set's apiVersion must be one the Compute resource provider has.",
    severity="error",
    types=VMSS,
    fix="Use a published Microsoft.Compute apiVersion, e.g. 2024-07-01 (see the list in the message).",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Basic setup': minimum API version "
        "for Uniform 2015-06-15",
        "Microsoft.Compute ARM schemas 2015-06-15 … 2026-03-01, `apiVersion` enum of virtualMachineScaleSets "
        "(Azure/azure-resource-manager-schemas @a1454431, 2026-08-16)",
        "Service error NoRegisteredProviderFound listing the supported versions, incl. 2016-08-30 "
        "(MicrosoftDocs/azure-docs PR #62621, 2020-09-14)",
    ),
    catalogue=("VMSS-UNI-001",),
)
def api_version_unknown(vmss: Resource, ctx: Context):
    """Every apiVersion the Compute provider has ever published for scale sets (2015-06-15 onwards) can
    create a Uniform set, so the only wrong value is one that does not exist. Azure rejects it before
    anything is created: "No registered resource provider found for location '…' and API version '…' for
    type 'virtualMachineScaleSets'. The supported api-versions are '…'".

    The catalogue files this row under Uniform; an unknown version fails in either mode, so the rule
    applies to every scale set. A well-formed version newer than vmss-lint's data may be a new release:
    it is only mentioned with --show-unknown (re-run tools/derive_api_versions.py to refresh the data)."""
    api = vmss.api_version
    if not isinstance(api, str):
        return
    path = ("apiVersion",)
    if not is_well_formed(api):
        yield Violation(path, f"apiVersion {api!r} is not of the form yyyy-mm-dd[-preview]: use a published version such as {newest_version(VMSS)}")
        return
    if is_known_version(VMSS, api):
        return
    newest = newest_version(VMSS)
    if newest is not None and not older_than(api, newest):
        yield Violation(path, f"apiVersion {api} is newer than the versions vmss-lint knows (up to {newest})", undecided=True)
        return
    nearby = _neighbours(api)
    yield Violation(path, f"apiVersion {api} does not exist for Microsoft.Compute/virtualMachineScaleSets: use a published version ({nearby})")


def _neighbours(api: str) -> str:
    """The published versions just before and after `api`, to suggest a fix."""
    versions = known_versions(VMSS)
    before = [version for version in versions if older_than(version, api)]
    after = [version for version in versions if older_than(api, version)]
    picks = ([before[-1]] if before else []) + ([after[0]] if after else [])
    return " or ".join(picks)
