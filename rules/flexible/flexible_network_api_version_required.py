from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path
from vmss_lint.azure.scale_set import VP
from vmss_lint.values import MISSING, Unknown

_PROFILE = f"{VP}.networkProfile"


@rule(
    id="VMSS-FLEX-041",
    name="flexible-network-api-version-required",
    summary="A Flexible scale set with network interface configurations must set `networkApiVersion`.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-041",),
    fix="Add `networkApiVersion: '2020-11-01'` (or '2022-11-01' with apiVersion 2024-11-01 or later) to "
    "`virtualMachineProfile.networkProfile`.",
    sources=(
        "Azure/azure-cli#17830 (Compute team, 2021-04): Flexible 'require[s] that the networkApiVersion is populated' "
        "when networkProfile is specified; minimum apiVersion 2021-03-01",
        "kubernetes-sigs/cloud-provider-azure#2697: error code NetworkApiVersionMustBeSpecifiedWithNetworkInterfaceConfigurations",
        "Azure/azure-rest-api-specs#27029 (VMSS team, 2023-12): platformFaultDomainCount and networkApiVersion are "
        "required when orchestrationMode is Flexible",
        "Microsoft.Compute ARM schema: networkApiVersion enum '2020-11-01' (2021-03-01), '2022-11-01' (2024-11-01)",
    ),
)
def flexible_network_api_version_required(vmss: Resource, ctx: Context):
    """A Flexible scale set creates a real network interface per VM through the Network resource
    provider, and needs to know which Network API version to use for them. Without
    `networkApiVersion` the service rejects the request with
    `NetworkApiVersionMustBeSpecifiedWithNetworkInterfaceConfigurations`. Null or an empty string
    counts as absent."""
    profile = vmss.get(_PROFILE)
    if not isinstance(profile, dict):
        return
    nics = vmss.get(f"{_PROFILE}.networkInterfaceConfigurations")
    if not isinstance(nics, list) or not nics:
        return
    version = vmss.get(f"{_PROFILE}.networkApiVersion")
    if isinstance(version, Unknown):
        return
    if version is MISSING or version is None or version == "":
        yield Violation(
            concrete_path(vmss, _PROFILE),
            "a Flexible scale set with networkInterfaceConfigurations needs networkProfile.networkApiVersion: "
            "add networkApiVersion: '2020-11-01'",
        )
