from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.values import is_written, parse_path

RESILIENCY = parse_path("properties.resiliencyPolicy")
POLICIES = ("resilientVMCreationPolicy", "resilientVMDeletionPolicy")
DOC_MINIMUM = "2023-07-01"
SCHEMA_MINIMUM = "2023-09-01"


@rule(
    id="VMSS-GEN-110",
    name="resilient-vm-policy-api-version",
    summary="Resilient VM create/delete policies need apiVersion 2023-07-01 (documented) and appear in the "
    "API schema from 2023-09-01.",
    severity="error",
    types=VMSS,
    fix="Use apiVersion 2023-09-01 or later for `resiliencyPolicy`.",
    sources=(
        "Resilient create and delete (resilient-vm-create-delete.md, ms.date 01/06/2026), FAQ: 'Use API version 2023-07-01'",
        "Microsoft.Compute ARM schemas: resiliencyPolicy first in 2023-09-01",
        "vmss-lint catalogue §3 C-17: error below the documented version, warning between it and the schema version",
    ),
)
def resilient_vm_policy_api_version(vmss: Resource, ctx: Context):
    """Resilient VM creation and deletion retry failed creates and deletes. The feature article says to use
    API 2023-07-01, while the published schema first has `resiliencyPolicy` in 2023-09-01 (Swagger often
    lags the service). Below 2023-07-01 the property is unknown and rejected (error); between the two
    versions it may work but is undocumented in the schema (warning)."""
    for key in POLICIES:
        path = RESILIENCY + (key,)
        value = vmss.get(path)
        if not is_written(value):
            continue
        if api_before(vmss, DOC_MINIMUM) is True:
            yield Violation(path, f"{key} needs apiVersion {DOC_MINIMUM} or later (found {vmss.api_version}); use {SCHEMA_MINIMUM}")
        elif api_before(vmss, SCHEMA_MINIMUM) is True:
            yield Violation(path, f"{key} is in the API schema only from {SCHEMA_MINIMUM} (found {vmss.api_version}): "
                                  f"use {SCHEMA_MINIMUM} or later", severity=Severity.WARNING)
