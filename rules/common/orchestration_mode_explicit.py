from vmss_lint.azure.api_versions import is_well_formed, older_than
from vmss_lint.findings import Violation
from vmss_lint.fixes.intents import Autofix, SetProperty
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import VP
from vmss_lint.values import MISSING, Unknown

MODE_API_VERSION = "2020-12-01"  # the first Compute API with orchestrationMode (VMSS-GEN-004)


@rule(
    id="VMSS-GEN-002",
    name="orchestration-mode-implicit",
    summary="A scale set should state its `orchestrationMode` instead of relying on a default.",
    severity="warning",
    types=VMSS,
    fix="Add `properties.orchestrationMode: 'Flexible'` (or 'Uniform') to the scale set.",
    sources=(
        "Azure/azure-cli#25863 and PR #27596, Azure/azure-powershell#23146 (2023-11): `az vmss create` and "
        "`New-AzVmss` default to Flexible since November 2023",
        "Azure/azure-cli#25855 (VMSS team, 2023-03): a set with no virtualMachineProfile is created as Flexible",
        "Microsoft.Compute ARM schema 2020-12-01 … 2026-03-01: `orchestrationMode` documents no default",
        "vmss-lint constraint catalogue §1 mode predicates and §3 C-22",
    ),
    catalogue=("VMSS-GEN-002",),
    autofix=Autofix("State the orchestration mode Azure would choose", True, lambda vmss, violation: _explicit_mode(vmss)),
)
def orchestration_mode_implicit(vmss: Resource, ctx: Context):
    """Without `orchestrationMode`, an ARM or Bicep deployment creates a Uniform scale set when a
    `virtualMachineProfile` is given and a Flexible one when it is not, while `az vmss create` and
    `New-AzVmss` have created Flexible sets by default since November 2023. The same intent thus gives
    different resources depending on the tool, and the mode can never be changed after creation.
    A resource without `properties` (a partial update of an existing set) is not reported."""
    properties = vmss.get("properties")
    if not isinstance(properties, dict) or not properties:
        return
    mode = vmss.get("properties.orchestrationMode")
    if mode is not MISSING and mode is not None:
        return
    profile = vmss.get(VP)
    if isinstance(profile, Unknown):
        return
    if profile is MISSING or profile is None:
        message = ("orchestrationMode is not set: Azure makes this set Flexible only because it has no "
                   "virtualMachineProfile; set `orchestrationMode: 'Flexible'` explicitly")
    else:
        message = ("orchestrationMode is not set, so this template creates a Uniform scale set while the Azure CLI "
                   "and PowerShell create Flexible ones by default: set `orchestrationMode: 'Uniform'` (or "
                   "'Flexible') explicitly")
    yield Violation(("properties",), message)


def _explicit_mode(vmss: Resource) -> SetProperty | None:
    """The mode ARM and Bicep deployments pick today, written out: the deployed set does not change.
    Not below apiVersion 2020-12-01, which does not know the property (VMSS-GEN-004)."""
    if not is_well_formed(vmss.api_version) or older_than(vmss.api_version, MODE_API_VERSION):
        return None
    profile = vmss.get(VP)
    return SetProperty(("properties", "orchestrationMode"), "Flexible" if profile is MISSING or profile is None else "Uniform")
