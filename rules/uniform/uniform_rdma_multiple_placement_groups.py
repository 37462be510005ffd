from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path
from vmss_lint.azure.scale_set import effective_single_placement_group, size_names
from vmss_lint.azure.sizes import parse_size


@rule(
    id="VMSS-UNI-045",
    name="uniform-rdma-multiple-placement-groups",
    summary="InfiniBand (RDMA) on a Uniform scale set needs a single placement group.",
    severity="error",
    types=VMSS,
    modes="uniform",
    catalogue=("VMSS-UNI-045",),
    fix="Set `singlePlacementGroup: true` (at most 100 instances, regional), or use a size without RDMA.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), Networking: 'Infiniband Networking: Uniform "
        "Yes, single placement group only'",
        "Working with large scale sets / placement groups (ms.date 2026-05-19): 'Large scale (SPG=false) does not "
        "support InfiniBand networking' — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-placement-groups",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED (doc-level)",
    ),
)
def uniform_rdma_multiple_placement_groups(vmss: Resource, ctx: Context):
    """The InfiniBand fabric spans one placement group: a Uniform set with multiple placement groups
    (`singlePlacementGroup: false`, explicit or by default for zonal sets) gives its RDMA instances no
    shared InfiniBand network. The placement-groups article says large-scale sets do not support
    InfiniBand networking."""
    rdma = [name for _, name in size_names(vmss) if _is_rdma(name)]
    if not rdma:
        return
    if effective_single_placement_group(vmss) is not False:
        return
    explicit = vmss.get("properties.singlePlacementGroup")
    path = concrete_path(vmss, "properties.singlePlacementGroup") if explicit is False else concrete_path(vmss, "sku.name")
    yield Violation(
        path,
        f"{rdma[0]} is an RDMA (InfiniBand) size, which needs a single placement group, but this scale set uses "
        "multiple placement groups: set singlePlacementGroup to true",
    )


def _is_rdma(name: object) -> bool:
    size = parse_size(name) if isinstance(name, str) else None
    return size is not None and size.rdma
