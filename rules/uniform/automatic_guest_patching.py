from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import VP, patch_settings
from vmss_lint.values import equals_ci


@rule(
    id="VMSS-UNI-080",
    name="uniform-automatic-guest-patching",
    summary="Automatic VM guest patching (patchMode AutomaticByPlatform) is documented for Flexible scale "
    "sets only; on Uniform use automatic OS image upgrade.",
    severity="warning",
    types=VMSS,
    modes="uniform",
    profiles={"seed-2022": "error"},
    fix="Remove `patchMode: AutomaticByPlatform` and use `automaticOSUpgradePolicy`, or move to Flexible orchestration.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), table: 'In Guest Security Patching: Uniform No'; "
        "unchanged in the 06/14/2024 version",
        "Automatic VM guest patching (automatic-vm-guest-patching.md, ms.date 07/31/2024): 'Applies to' lists Flexible "
        "scale sets only",
        "vmss-lint catalogue §3 C-2: warning by default, error in profile seed-2022",
    ),
    catalogue=("VMSS-UNI-080",),
)
def uniform_automatic_guest_patching(vmss: Resource, ctx: Context):
    """Automatic VM guest patching is documented for virtual machines and Flexible scale sets; the
    orchestration-mode comparison lists in-guest security patching as unsupported on Uniform. The API
    accepts `patchSettings` on any scale set, so the setting may be ignored rather than rejected:
    a warning by default, an error under the 2022 article (profile seed-2022). Uniform sets keep their OS
    patched with automatic OS image upgrades."""
    for _, path, settings in patch_settings(vmss, f"{VP}.osProfile"):
        if isinstance(settings, dict) and equals_ci(vmss.get(path + ("patchMode",)), "AutomaticByPlatform"):
            yield Violation(path + ("patchMode",), "automatic VM guest patching (AutomaticByPlatform) is not supported "
                                                   "on Uniform scale sets: use automatic OS image upgrade instead")
