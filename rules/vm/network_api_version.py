from vmss_lint.findings import Violation
from vmss_lint.model import VM, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.values import MISSING, Unknown


@rule(
    id="VM-FLEX-010",
    name="vm-network-api-version-missing",
    summary="A VM that declares `networkInterfaceConfigurations` must set `networkProfile.networkApiVersion`.",
    severity="error",
    types=VM,
    fix="Add `networkApiVersion: '2020-11-01'` (or '2022-11-01') to `properties.networkProfile`.",
    sources=(
        "kubernetes-sigs/cloud-provider-azure#2697: error NetworkApiVersionMustBeSpecifiedWithNetworkInterfaceConfigurations",
        "Microsoft.Compute ARM schema 2021-03-01+: VM networkProfile.networkApiVersion ('2020-11-01', '2022-11-01' from 2024-11-01)",
        "vmss-lint constraint catalogue §7 audit (2026-11-28), row VM-FLEX-010: applies to every VM, not only scale-set members",
    ),
    catalogue=("VM-FLEX-010",),
)
def vm_network_api_version_missing(vm: Resource, ctx: Context):
    """With `networkInterfaceConfigurations` the Compute service creates the NICs itself, through the Network
    API version named in `networkApiVersion`. Without it the request fails with
    `NetworkApiVersionMustBeSpecifiedWithNetworkInterfaceConfigurations`. This holds for every VM that uses
    the NIC-less model, whether or not it is in a scale set."""
    configurations = vm.get("properties.networkProfile.networkInterfaceConfigurations")
    if not isinstance(configurations, list) or not configurations:
        return
    version = vm.get("properties.networkProfile.networkApiVersion")
    if isinstance(version, Unknown) or (version is not MISSING and version not in (None, "")):
        return
    yield Violation(
        ("properties", "networkProfile"),
        "`networkInterfaceConfigurations` needs `networkApiVersion` in the same networkProfile: add "
        "networkApiVersion: '2020-11-01'",
    )
