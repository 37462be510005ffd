from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import size_names
from vmss_lint.azure.sizes import parse_size


@rule(
    id="VMSS-FLEX-045",
    name="flexible-rdma-size",
    summary="InfiniBand (RDMA) networking is not available in Flexible scale sets.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-045",),
    fix="Use a Uniform scale set with a single placement group for InfiniBand workloads, or a size without "
    "the `r` (RDMA) feature if you do not need InfiniBand.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), Networking: 'Infiniband Networking: "
        "Flexible No; Uniform Yes, single placement group only'",
        "Attach or detach a VM to or from a scale set (ms.date 2025-04-23), limitations: RDMA-capable sizes cannot be "
        "attached to or detached from a Flexible scale set",
        "VM naming conventions (ms.date 2023-05-01): the feature letter 'r' marks RDMA-capable sizes",
    ),
)
def flexible_rdma_size(vmss: Resource, ctx: Context):
    """RDMA sizes (feature letter `r`: HB120rs_v3, HC44rs, ND96isr_H100_v5 …) are bought for their
    InfiniBand fabric, which only instances in one placement group share. The orchestration-mode
    comparison lists InfiniBand networking as unsupported for Flexible: the VMs deploy, but without
    the InfiniBand network between them. A warning, since the deployment itself succeeds."""
    for path, name in size_names(vmss):
        size = parse_size(name) if isinstance(name, str) else None
        if size is not None and size.rdma:
            yield Violation(
                path,
                f"{name} is an RDMA (InfiniBand) size, but Flexible scale sets do not provide InfiniBand networking: "
                "use a Uniform scale set with a single placement group",
            )
