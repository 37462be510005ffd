from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule

_AKS_TAG_PREFIX = "aks-managed-"


@rule(
    id="VMSS-FLEX-044",
    name="flexible-aks-node-pool",
    summary="A Flexible scale set tagged as an AKS node pool: AKS node pools are not Flexible scale sets.",
    severity="note",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-044",),
    fix="Create AKS node pools through Microsoft.ContainerService/managedClusters (agentPoolProfiles), not as "
    "scale-set resources; remove the aks-managed-* tags from other scale sets.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), Basic setup: 'Azure Kubernetes Service (AKS) "
        "/ AKE: Flexible No, Uniform Yes'",
        "Orchestration modes (ms.date 2024-06-14): unchanged — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
    ),
)
def flexible_aks_node_pool(vmss: Resource, ctx: Context):
    """AKS creates and manages the scale sets of its node pools itself (tagged `aks-managed-*`), and
    those are Uniform scale sets: the orchestration-mode comparison lists AKS as unsupported for
    Flexible. A template that declares a Flexible scale set carrying AKS's management tags is either
    copying an AKS-managed set or trying to build a node pool by hand; neither gives a working node
    pool. This is advisory (a note): the tags are the only hint a template gives."""
    tags = vmss.get("tags")
    if not isinstance(tags, dict):
        return
    for key in tags:
        if isinstance(key, str) and key.casefold().startswith(_AKS_TAG_PREFIX):
            yield Violation(
                ("tags", key),
                f"tag {key!r} marks an AKS-managed node pool, but AKS does not use Flexible scale sets: create node "
                "pools through the AKS cluster instead",
            )
            return
