from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path, is_set

_POLICY = "properties.upgradePolicy"


@rule(
    id="VMSS-FLEX-035",
    name="flexible-upgrade-policy",
    summary="Under the 2022 article, a Flexible scale set's `upgradePolicy` must be null or empty.",
    severity="error",
    types=VMSS,
    modes="flexible",
    profiles={"current": "off", "seed-2022": "error"},
    catalogue=("VMSS-FLEX-035", "C-3"),
    fix="Remove `upgradePolicy` (or set it to null) when you target the 2022 behaviour; under today's platform "
    "Automatic, Rolling and Manual are allowed.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': "
        "'Virtual Machine Scale Set upgrade policy - must be null or empty'",
        "Upgrade policy for Virtual Machine Scale Sets (ms.date 2026-05-19): Automatic, Rolling and Manual for "
        "Flexible and Uniform — https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-upgrade-policy",
        "Azure/azure-cli#28439 (2024-02): upgrade policies on VMSS Flex in public preview",
        "vmss-lint catalogue §3 C-3: profile `current` allows it, profile `seed-2022` makes it an error",
    ),
)
def flexible_upgrade_policy(vmss: Resource, ctx: Context):
    """In 2022 Flexible orchestration had no upgrade policy: the article says it "must be null or
    empty" during create, and the Azure CLI sent null for Flexible sets. Upgrade policies for Flexible
    sets went to public preview in 2024 and today's docs list Automatic, Rolling and Manual for both
    modes. The rule is therefore off under the `current` profile and an error under `seed-2022`
    (catalogue C-3), for teams that target older regions or clouds."""
    policy = vmss.get(_POLICY)
    if is_set(policy):
        yield Violation(
            concrete_path(vmss, _POLICY),
            "the 2022 Flexible orchestration rules require upgradePolicy to be null or empty: remove it",
        )
