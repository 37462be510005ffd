from vmss_lint.azure.api_versions import is_well_formed, older_than
from vmss_lint.findings import Severity, Violation
from vmss_lint.fixes.intents import set_reported
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import VP
from vmss_lint.values import MISSING, Unknown

MINIMUM = "2021-03-01"
PROFILELESS_MINIMUM = "2020-12-01"


@rule(
    id="VMSS-FLEX-001",
    name="flexible-minimum-api-version",
    summary=f"A Flexible scale set with a virtualMachineProfile needs apiVersion {MINIMUM} or later.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix=f"Raise the scale set's apiVersion to {MINIMUM} or later.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Basic setup': 'Minimum API Version "
        "Required 2021-03-01'; the same in the current article (azure-compute-docs, ms.date 2024-06-14)",
        "Azure/azure-cli#17830 (Compute team, 2021-04): Flexible with a network profile needs networkApiVersion, "
        "minimum API 2021-03-01",
        "Azure/azure-cli#27806 (CLI team, 2023-11): 'The earliest version of --orchestration-mode Flexible is "
        "2020-12-01'; quickstart 201-vm-vmss-flexible-orchestration-mode uses 2020-12-01 without a profile",
        "vmss-lint constraint catalogue §7.A #10 (audit 2026-11-28: TOO STRICT for profile-less sets)",
    ),
    catalogue=("VMSS-FLEX-001",),
    # unsafe: a newer apiVersion may change the defaults of properties the template leaves out
    autofix=set_reported(f"Raise the apiVersion to {MINIMUM}", MINIMUM, safe=False),
)
def flexible_minimum_api_version(vmss: Resource, ctx: Context):
    """Flexible orchestration with a scale-set model (`virtualMachineProfile`) became generally available
    with Compute API 2021-03-01: that version added what the model needs, such as
    `networkProfile.networkApiVersion`. Older versions cannot create such a set.

    The audit of the catalogue (§7 #10) found the row too strict for sets without a profile: those
    existed from 2020-12-01 (the CLI team and the official quickstart use it), so a profile-less Flexible
    set at 2020-12-01 is only a warning under the `current` profile (an error under `seed-2022`, which
    follows the 2022 article's single minimum). Below 2020-12-01 the mode itself is unknown to the API:
    VMSS-GEN-004 reports an explicit `orchestrationMode` there, and a set without mode and profile at such
    a version is a partial update of an existing set, not a new Flexible set."""
    api = vmss.api_version
    if not is_well_formed(api) or not older_than(api, MINIMUM) or older_than(api, PROFILELESS_MINIMUM):
        return
    profile = vmss.get(VP)
    if isinstance(profile, Unknown):
        return
    if profile is not MISSING and profile is not None:
        yield Violation(
            ("apiVersion",),
            f"a Flexible scale set with a virtualMachineProfile needs apiVersion {MINIMUM} or later; this one uses "
            f"{api}: raise the apiVersion",
        )
        return
    severity = None if ctx.profile == "seed-2022" else Severity.WARNING
    yield Violation(
        ("apiVersion",),
        f"{MINIMUM} is the documented minimum apiVersion for Flexible scale sets; {api} only creates a Flexible "
        f"set without a virtualMachineProfile: raise the apiVersion to {MINIMUM} or later",
        severity=severity,
    )
