from vmss_lint.fixes.intents import Autofix, SetProperty
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule

from .api_minimums import ORCHESTRATION_MODE, property_too_early

MINIMUM = ORCHESTRATION_MODE.minimum


@rule(
    id="VMSS-GEN-004",
    name="orchestration-mode-api-version",
    summary=f"`orchestrationMode` needs apiVersion {MINIMUM} or later.",
    severity="error",
    types=VMSS,
    fix=f"Raise the scale set's apiVersion to {MINIMUM} or later (2021-03-01 or later for Flexible sets with a "
    "virtualMachineProfile).",
    sources=(
        "Microsoft.Compute ARM schemas: `orchestrationMode` is absent from 2019-12-01 and 2020-06-01 and first "
        "appears in 2020-12-01 (Azure/azure-resource-manager-schemas @a1454431, 2026-08-16)",
        "Azure/azure-cli#27806 (CLI team, 2023-11): 'The earliest version of --orchestration-mode Flexible is 2020-12-01'",
        "vmss-lint constraint catalogue §5.1 and §7.B (VMSS-GEN-004 CONFIRMED)",
    ),
    catalogue=("VMSS-GEN-004",),
    # unsafe: a newer apiVersion may change the defaults of properties the template leaves out
    autofix=Autofix("Raise the apiVersion", False, lambda vmss, violation: SetProperty(("apiVersion",), _needed(vmss))),
)
def orchestration_mode_api_version(vmss: Resource, ctx: Context):
    """The orchestration mode was added to the Compute API in 2020-12-01. An older apiVersion does not
    know the member: the request fails with "Could not find member 'orchestrationMode' on object of type
    'properties'" rather than creating the mode the template asks for. The key itself is the problem,
    so a present key is reported whatever its value. VMSS-GEN-005 leaves this property to this rule."""
    yield from property_too_early(vmss, ORCHESTRATION_MODE)


def _needed(vmss: Resource) -> str:
    """2020-12-01, or 2021-03-01 for a Flexible set with a model (VMSS-FLEX-001 asks for that)."""
    mode = vmss.get("properties.orchestrationMode")
    profile = vmss.get("properties.virtualMachineProfile")
    flexible_with_model = isinstance(mode, str) and mode.casefold() == "flexible" and isinstance(profile, dict)
    return "2021-03-01" if flexible_with_model else MINIMUM
