"""Uniform scale sets: instance-count limits and the fault-domain guarantee (catalogue §2.3, UNI-020..023).

Only the binding hard limit is reported, so one capacity gives one error: 100 with a single placement
group (UNI-020), else 600 with a managed custom image (UNI-022), else 1,000 (UNI-021). The guarantee
warning (UNI-023) stays quiet when a hard limit is already exceeded.
"""

from __future__ import annotations

import re

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import VP, capacity, effective_single_placement_group
from vmss_lint.values import Unknown, known_int

CAPACITY_PATH = ("sku", "capacity")
SINGLE_GROUP_LIMIT = 100
CUSTOM_IMAGE_LIMIT = 600
UNIFORM_LIMIT = 1000
MANAGED_IMAGE = re.compile(r"/providers/Microsoft\.Compute/images/", re.IGNORECASE)
PG_DOC = "Working with large Virtual Machine Scale Sets / placement groups (azure-compute-docs, 2026-05-19)"




def _managed_custom_image(vmss: Resource) -> bool | Unknown:
    image_id = vmss.get(f"{VP}.storageProfile.imageReference.id")
    if isinstance(image_id, Unknown):
        return image_id
    return isinstance(image_id, str) and MANAGED_IMAGE.search(image_id) is not None


def hard_limit(vmss: Resource) -> int | None:
    """The binding instance limit of a Uniform set, or None when it cannot be known."""
    single = effective_single_placement_group(vmss)
    if isinstance(single, Unknown):
        return None
    if single:
        return SINGLE_GROUP_LIMIT
    custom = _managed_custom_image(vmss)
    if isinstance(custom, Unknown):
        return None
    return CUSTOM_IMAGE_LIMIT if custom else UNIFORM_LIMIT


@rule(
    id="VMSS-UNI-020",
    name="uniform-single-placement-group-capacity",
    summary=f"A Uniform set in a single placement group holds at most {SINGLE_GROUP_LIMIT} instances.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix=f"Set `properties.singlePlacementGroup: false` to go beyond {SINGLE_GROUP_LIMIT} instances, or lower `sku.capacity`.",
    sources=(
        PG_DOC + ": 'a scale set … with a single placement group … has a range of 0-100 VMs'",
        "Microsoft.Compute ARM schema, singlePlacementGroup: 'When true this limits the scale set to a single "
        "placement group, of max size 100 virtual machines'",
        "Service error 'exceeds the total limit of '100' Virtual Machine instances' (terraform-azurerm-nomad#6, 2017)",
    ),
    catalogue=("VMSS-UNI-020",),
)
def uniform_single_placement_group_capacity(vmss: Resource, ctx: Context):
    """A placement group is a set of at most 100 VMs on one cluster. A Uniform set that keeps a single
    placement group, explicitly or by default (regional sets default to one), cannot grow past 100
    instances: the deployment fails with "…exceeds the total limit of '100' Virtual Machine instances"."""
    count = known_int(capacity(vmss))
    if count is None or count <= SINGLE_GROUP_LIMIT or hard_limit(vmss) != SINGLE_GROUP_LIMIT:
        return
    yield Violation(
        CAPACITY_PATH,
        f"sku.capacity {count} exceeds the {SINGLE_GROUP_LIMIT} instances of a single placement group: set "
        f"singlePlacementGroup to false or lower the capacity",
    )


@rule(
    id="VMSS-UNI-021",
    name="uniform-capacity-limit",
    summary=f"A Uniform scale set holds at most {UNIFORM_LIMIT} instances.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix=f"Lower `sku.capacity` to {UNIFORM_LIMIT} or fewer, or split the workload over several scale sets.",
    sources=(
        PG_DOC + ": 'range of 0-1,000 VMs'",
        "Standby pools FAQ (azure-compute-docs): 'maximum number of VMs in a scale set is 1,000'",
        "vmss-lint constraint catalogue §3 C-1 (3000 in the 2022 FAQ is not a deployable capacity)",
    ),
    catalogue=("VMSS-UNI-021",),
)
def uniform_capacity_limit(vmss: Resource, ctx: Context):
    """Even with multiple placement groups a Uniform scale set holds at most 1,000 VMs (the 2022 article's
    FAQ mentions 3,000, which no current source supports as a capacity). Larger sets fail to deploy."""
    count = known_int(capacity(vmss))
    if count is None or count <= UNIFORM_LIMIT or hard_limit(vmss) != UNIFORM_LIMIT:
        return
    yield Violation(
        CAPACITY_PATH,
        f"sku.capacity {count} exceeds the {UNIFORM_LIMIT}-instance limit of a scale set: use {UNIFORM_LIMIT} or "
        f"fewer, or several scale sets",
    )


@rule(
    id="VMSS-UNI-022",
    name="uniform-custom-image-capacity",
    summary=f"A Uniform set built from a managed custom image holds at most {CUSTOM_IMAGE_LIMIT} instances.",
    severity="error",
    types=VMSS,
    modes="uniform",
    fix=f"Lower `sku.capacity` to {CUSTOM_IMAGE_LIMIT} or fewer, or publish the image to an Azure Compute Gallery (up to 1,000).",
    sources=(
        PG_DOC + ": 'custom images (VM images you create and upload yourself) can currently scale up to 600 VMs'",
        "Flexible scale sets (MicrosoftDocs/azure-docs, 2021-10-13): 'managed image … limit is 600'",
    ),
    catalogue=("VMSS-UNI-022",),
)
def uniform_custom_image_capacity(vmss: Resource, ctx: Context):
    """A scale set created from a managed image (`Microsoft.Compute/images`) scales to at most 600 VMs;
    Marketplace and Azure Compute Gallery images go to 1,000. With a single placement group the 100
    limit binds first (VMSS-UNI-020)."""
    count = known_int(capacity(vmss))
    if count is None or count <= CUSTOM_IMAGE_LIMIT or hard_limit(vmss) != CUSTOM_IMAGE_LIMIT:
        return
    yield Violation(
        CAPACITY_PATH,
        f"sku.capacity {count} exceeds the {CUSTOM_IMAGE_LIMIT} instances a managed custom image supports: lower "
        f"the capacity or use an Azure Compute Gallery image",
    )


@rule(
    id="VMSS-UNI-023",
    name="uniform-fault-domain-guarantee",
    summary="Above about 100 instances a Uniform set loses its fault-domain availability guarantee.",
    severity="warning",
    types=VMSS,
    modes="uniform",
    options={"uniform_fd_guarantee_limit": 100},
    fix="Keep `sku.capacity` at or below the guarantee limit, use several scale sets, or raise the option "
    "`uniform_fd_guarantee_limit` if you rely on a different figure.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22): Uniform intro ('fewer than 100 "
        "instances'), 'Basic setup' ('Maximum Instance Count (with FD guarantees)' 100) and FAQ (100; 3000 "
        "elsewhere in the same FAQ); unchanged in the current article (ms.date 2024-06-14)",
        "vmss-lint constraint catalogue §3 C-1",
    ),
    catalogue=("VMSS-UNI-023",),
)
def uniform_fault_domain_guarantee(vmss: Resource, ctx: Context):
    """The orchestration-modes article guarantees fault-domain availability for Uniform sets only up to
    100 instances: beyond that, instances of a placement group may share fault domains in ways the
    platform does not promise to keep apart. The deployment succeeds; the guarantee is lost. The limit is
    the option `uniform_fd_guarantee_limit` (default 100; the same article's FAQ also says 3000)."""
    count = known_int(capacity(vmss))
    limit = ctx.option("uniform_fd_guarantee_limit")
    if count is None or not isinstance(limit, int) or count <= limit:
        return
    hard = hard_limit(vmss)
    if hard is not None and count > hard:
        return
    yield Violation(
        CAPACITY_PATH,
        f"sku.capacity {count} is above {limit}, the instance count up to which Uniform sets guarantee fault-domain "
        f"availability: use several smaller scale sets if you rely on it",
    )
