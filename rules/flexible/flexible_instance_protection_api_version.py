from vmss_lint.findings import Violation
from vmss_lint.model import VMSS_VM, Resource
from vmss_lint.azure.properties import concrete_path, is_set
from vmss_lint.registry import Context, rule

from ..common.api_minimums import INSTANCE_PROTECTION

_POLICY = INSTANCE_PROTECTION.path
_MINIMUM = INSTANCE_PROTECTION.minimum


@rule(
    id="VMSS-FLEX-037",
    name="flexible-instance-protection-api-version",
    summary="Instance protection on a Flexible scale set's instances needs apiVersion 2023-09-01 or later.",
    severity="error",
    types=VMSS_VM,
    modes="flexible",
    catalogue=("VMSS-FLEX-037", "C-4", "C-20"),
    fix="Use apiVersion 2023-09-01 or later for the virtualMachineScaleSets/virtualMachines resource "
    "(under `seed-2022`: remove protectionPolicy and use a resource lock, Microsoft.Authorization/locks).",
    sources=(
        "Instance protection for scale set instances (ms.date 2026-05-19), NOTE: 'With Flexible orchestration mode, "
        "instance protection is only supported with API version 2023-09-01 and above' — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-instance-protection",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': 'Virtual Machine "
        "Scale Set Instance Protection'; table 'Instance Protection: No, use Azure resource lock'",
        "Orchestration modes (ms.date 2024-06-14): 'Instance Protection: Yes'",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED",
    ),
)
def flexible_instance_protection_api_version(instance: Resource, ctx: Context):
    """Instance protection (`protectionPolicy` on a scale-set instance) arrived for Flexible
    orchestration with API version 2023-09-01; older versions reject it for Flexible instances, while
    Uniform has accepted it since 2019-03-01. The 2022 article lists instance protection as
    unsupported on Flexible and recommends a resource lock instead, so under `seed-2022` any use is an
    error. The instance gets its parent's mode when the parent scale set is declared in the same
    deployment; otherwise the rule cannot tell and stays silent."""
    if not is_set(instance.get(_POLICY)):
        return
    path = concrete_path(instance, _POLICY)
    if ctx.profile == "seed-2022":
        yield Violation(
            path,
            "the 2022 Flexible orchestration rules do not support instance protection: remove protectionPolicy "
            "and protect the VM with a resource lock (Microsoft.Authorization/locks)",
        )
        return
    api = instance.api_version
    if isinstance(api, str) and api[:10] < _MINIMUM:
        yield Violation(
            path,
            f"instance protection on a Flexible scale set needs apiVersion {_MINIMUM} or later "
            f"(this resource uses {instance.api_version}): raise the apiVersion",
        )
