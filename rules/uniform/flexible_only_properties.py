"""Properties that exist only for Flexible scale sets, written on a Uniform one (catalogue §2.5)."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.fixes.intents import remove_reported
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import DATA_DISKS, IP_CONFIGS, NICS, OS_DISK, VP
from vmss_lint.values import equals_ci, lookup_key

_NETWORK_PROFILE = f"{VP}.networkProfile"
_PUBLIC_IP = f"{IP_CONFIGS}.properties.publicIPAddressConfiguration"


def _keys_present(resource: Resource, container_path: str, key: str) -> list[tuple]:
    """Paths of `key` wherever it is present (even null) in the objects `container_path` names."""
    found = []
    for path, container in resource.each(container_path):
        if isinstance(container, dict):
            spelled = lookup_key(container, key)
            if spelled is not None:
                found.append(path + (spelled,))
    return found


@rule(
    id="VMSS-UNI-041",
    name="uniform-network-api-version",
    summary="A Uniform scale set must not carry `networkProfile.networkApiVersion`, not even as null.",
    severity="error",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-041", "§7.A #2", "§7.C 'Uniform: Flex-only keys by presence'"),
    fix="Remove the `networkApiVersion` key from the Uniform scale set's networkProfile (a conditional "
    "null is not enough: leave the key out).",
    autofix=remove_reported("Remove `networkApiVersion`"),
    sources=(
        "Azure/azure-cli#17830 (Compute team, 2021-04): networkApiVersion 'cannot be populated if VMSS "
        "Orchestration mode is not flexible'",
        "Azure/azure-powershell#15331: InvalidJson 'Could not find member 'networkApiVersion''",
        "Azure/bicep-registry-modules#2088 (2024-05, reproduced by Microsoft 2024-06): networkApiVersion: null fails "
        "with \"Could not find member 'networkApiVersion' on object of type 'VMScaleSetNetworkProfile'\"",
        "vmss-lint catalogue §7 audit (2026-11-28) #2: the key's presence, not its value, is the error",
    ),
)
def uniform_network_api_version(vmss: Resource, ctx: Context):
    """`networkApiVersion` belongs to Flexible orchestration, where the service creates each VM's NIC
    through the Network API. The Uniform request parser does not know the member at all, so the key
    fails even with a null value: "Could not find member 'networkApiVersion' on object of type
    'VMScaleSetNetworkProfile'". Templates that set it conditionally (`isFlex ? '2020-11-01' : null`)
    therefore break for Uniform; the key must be omitted. The catalogue's row said `!= null`; the
    audit (§7 #2) showed that presence is what fails, and this rule checks presence."""
    for path in _keys_present(vmss, _NETWORK_PROFILE, "networkApiVersion"):
        yield Violation(
            path,
            "networkApiVersion exists only for Flexible scale sets and Uniform rejects the key even when null: "
            "remove it",
        )


@rule(
    id="VMSS-UNI-042",
    name="uniform-public-ip-sku",
    summary="The `sku` of a per-instance public IP configuration is documented for Flexible scale sets only.",
    severity="warning",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-042", "§7.A #6"),
    fix="Remove `publicIPAddressConfiguration.sku` from the Uniform scale set, or check that your apiVersion "
    "accepts it (Uniform sets behind a load balancer take the load balancer's SKU).",
    sources=(
        "Microsoft.Compute ARM schema 2026-03-01, VirtualMachineScaleSetPublicIPAddressConfiguration.sku: 'It can only "
        "be set with OrchestrationMode as Flexible'",
        "hashicorp/terraform-provider-azurerm#14452 (API 2021-07-01): Uniform rejected it with \"Could not find member "
        "'sku' on object of type 'VMScaleSetPublicIPAddressConfiguration'\"",
        "Networking for Virtual Machine Scale Sets (ms.date 2026-05-19): the SKU of instance IPs can be set directly "
        "with the SKU section (no mode restriction)",
        "vmss-lint catalogue §7 audit (2026-11-28) #6: UNSURE, likely stale: warning",
    ),
)
def uniform_public_ip_sku(vmss: Resource, ctx: Context):
    """The schema still says the per-instance public IP `sku` "can only be set with OrchestrationMode
    as Flexible", and in 2021 Uniform rejected the key ("Could not find member 'sku' …"). Today's
    networking article describes setting the instance IP SKU without a mode restriction, and Basic
    public IPs retired on 2025-09-30, so the restriction is probably stale: a warning (audit §7 #6).
    Like the other Flexible-only members, the key is checked by presence."""
    for path in _keys_present(vmss, _PUBLIC_IP, "sku"):
        yield Violation(
            path,
            "publicIPAddressConfiguration.sku is documented for Flexible scale sets only and older Uniform API "
            "versions reject it: remove it or verify it deploys",
        )


@rule(
    id="VMSS-UNI-043",
    name="uniform-disk-delete-option",
    summary="Disk `deleteOption` is documented for Flexible scale sets only.",
    severity="warning",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-043", "§7.B VMSS-UNI-043"),
    fix="Remove `deleteOption` from the Uniform scale set's OS and data disks: Uniform always deletes them "
    "with the instance.",
    autofix=remove_reported("Remove `deleteOption`"),
    sources=(
        "Microsoft.Compute ARM schema 2026-03-01, VirtualMachineScaleSetOSDisk/DataDisk.deleteOption: 'available for "
        "VMSS with Flexible OrchestrationMode only' (apiVersion 2022-03-01 and later)",
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), Basic setup: 'Option to delete or retain VM "
        "NIC and Disks: Uniform No (always delete)'",
        "vmss-lint catalogue §7 audit (2026-11-28): UNSURE, no Uniform rejection found: warning, by key presence",
    ),
)
def uniform_disk_delete_option(vmss: Resource, ctx: Context):
    """Disk `deleteOption` (Delete/Detach) lets a Flexible scale set keep a VM's disks when the VM is
    deleted. Uniform instances always delete their disks, and the schema documents the property for
    Flexible orchestration only. No service rejection was found for Uniform, so this is a warning
    (audit §7): the setting is at best ignored. Checked by key presence, as for networkApiVersion."""
    paths = _keys_present(vmss, OS_DISK, "deleteOption") + _keys_present(vmss, DATA_DISKS, "deleteOption")
    for path in paths:
        yield Violation(
            path,
            "disk deleteOption is supported for Flexible scale sets only; Uniform always deletes disks with the "
            "instance: remove it",
        )


@rule(
    id="VMSS-UNI-044",
    name="uniform-detach-delete-option",
    summary="A Uniform scale set always deletes NICs and public IPs with the instance: 'Detach' has no effect.",
    severity="warning",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-044",),
    fix="Remove `deleteOption: 'Detach'` (or use a Flexible scale set to keep NICs and IPs after VM deletion).",
    autofix=remove_reported("Remove `deleteOption: 'Detach'`"),
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), Basic setup: 'Option to delete or retain VM "
        "NIC and Disks: Uniform No (always delete)'",
        "Orchestration modes (ms.date 2024-06-14): unchanged — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
)
def uniform_detach_delete_option(vmss: Resource, ctx: Context):
    """Uniform instances own their NICs and public IPs: they are deleted with the instance whatever
    `deleteOption` says. A template asking for 'Detach' expects the resources to survive, and they
    will not."""
    candidates = vmss.each(f"{NICS}.properties.deleteOption") + vmss.each(f"{_PUBLIC_IP}.properties.deleteOption")
    for path, value in candidates:
        if equals_ci(value, "Detach"):
            yield Violation(
                path,
                "Uniform scale sets always delete NICs and public IPs with the instance: deleteOption 'Detach' has "
                "no effect; remove it",
            )
