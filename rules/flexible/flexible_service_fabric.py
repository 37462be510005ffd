from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, VMSS_EXTENSION, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.extensions import inline_extensions, is_service_fabric_extension
from vmss_lint.values import lookup_key


@rule(
    id="VMSS-FLEX-043",
    name="flexible-service-fabric",
    summary="Service Fabric node types need Uniform orchestration, not Flexible.",
    severity="error",
    types=(VMSS, VMSS_EXTENSION),
    modes="flexible",
    catalogue=("VMSS-FLEX-043",),
    fix="Use `orchestrationMode: 'Uniform'` for Service Fabric node-type scale sets.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), Basic setup: 'Service Fabric: Flexible No, "
        "Uniform Yes'",
        "Orchestration modes (ms.date 2024-06-14): unchanged — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED (doc)",
    ),
)
def flexible_service_fabric(resource: Resource, ctx: Context):
    """Service Fabric clusters run their node types on Uniform scale sets: the Service Fabric node
    extension (ServiceFabricNode, ServiceFabricLinuxNode, ServiceFabricMCNode) relies on the Uniform
    instance model, and the orchestration-mode comparison lists Service Fabric as unsupported for
    Flexible. The extension is found inline in the extension profile or as a child
    `virtualMachineScaleSets/extensions` resource."""
    if resource.is_type(VMSS_EXTENSION):
        candidates = [((), resource.get(()))]
    else:
        candidates = inline_extensions(resource)
    for path, extension in candidates:
        if not isinstance(extension, dict):
            continue
        key = lookup_key(extension, "properties")
        if key is None or is_service_fabric_extension(extension[key]) is not True:
            continue
        properties = extension[key]
        type_key = lookup_key(properties, "type") or "type"
        yield Violation(
            path + (key, type_key),
            "Service Fabric node types are not supported on Flexible scale sets: use orchestrationMode 'Uniform'",
        )
