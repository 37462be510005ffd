"""Spot Priority Mix on Flexible scale sets (catalogue §2.6, FLEX-051..054)."""

from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path
from vmss_lint.azure.scale_set import VP, flexible_fault_domains, memory_preserving, size_names
from vmss_lint.azure.sizes import Support
from vmss_lint.values import MISSING, Unknown, equals_ci

_POLICY = "properties.priorityMixPolicy"
_SPM_DOC = (
    "Spot Priority Mix for high availability and cost savings (ms.date 2026-05-19) — "
    "https://learn.microsoft.com/azure/virtual-machine-scale-sets/spot-priority-mix"
)


def _policy(vmss: Resource) -> dict | None:
    policy = vmss.get(_POLICY)
    return policy if isinstance(policy, dict) else None


@rule(
    id="VMSS-FLEX-051",
    name="priority-mix-requires-spot",
    summary="`priorityMixPolicy` requires the VM profile's priority to be 'Spot'.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-051",),
    fix="Set `virtualMachineProfile.priority: 'Spot'` (with an evictionPolicy); the policy then decides how many "
    "instances run as Regular.",
    sources=(
        f"{_SPM_DOC}, ARM template section and Troubleshooting: 'configure the priorityMixPolicy to specify a Spot "
        "priority in the virtualMachineProfile'",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED",
    ),
)
def priority_mix_requires_spot(vmss: Resource, ctx: Context):
    """Spot Priority Mix starts from a Spot profile and turns a base count and a percentage of the
    instances into Regular ones. The policy is rejected unless `virtualMachineProfile.priority` is
    'Spot'; an absent priority means Regular."""
    if _policy(vmss) is None:
        return
    priority = vmss.get(f"{VP}.priority")
    if isinstance(priority, Unknown) or equals_ci(priority, "Spot"):
        return
    shown = "absent (Regular)" if priority is MISSING or priority is None else repr(priority)
    yield Violation(
        concrete_path(vmss, f"{VP}.priority" if priority is not MISSING else _POLICY),
        f"priorityMixPolicy requires virtualMachineProfile.priority 'Spot', but it is {shown}: set priority to 'Spot'",
    )


@rule(
    id="VMSS-FLEX-052",
    name="priority-mix-single-placement-group",
    summary="Spot Priority Mix is not supported with a single placement group.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-052",),
    fix="Remove `singlePlacementGroup: true` (or set it to false) when you use `priorityMixPolicy`.",
    sources=(
        f"{_SPM_DOC}, Limitations: 'Not supported with singlePlacementMode enabled'",
        "vmss-lint catalogue §7 audit (2026-11-28): CONFIRMED",
    ),
)
def priority_mix_single_placement_group(vmss: Resource, ctx: Context):
    """The Spot Priority Mix limitations exclude scale sets with a single placement group. Note that
    sizes without memory-preserving updates spread over several fault domains require a single
    placement group on Flexible (VMSS-FLEX-030), and they cannot mix priorities either (VMSS-FLEX-054)."""
    if _policy(vmss) is None:
        return
    if vmss.get("properties.singlePlacementGroup") is True:
        yield Violation(
            concrete_path(vmss, "properties.singlePlacementGroup"),
            "Spot Priority Mix is not supported with a single placement group: remove singlePlacementGroup: true",
        )


@rule(
    id="VMSS-FLEX-053",
    name="priority-mix-range",
    summary="`baseRegularPriorityCount` must be 0 or more and `regularPriorityPercentageAboveBase` 0 to 100.",
    severity="error",
    types=VMSS,
    modes="flexible",
    catalogue=("VMSS-FLEX-053",),
    fix="Use a base count of 0 or more and a percentage between 0 and 100.",
    sources=(
        f"{_SPM_DOC}, parameters: percentage 'Value between 0-100'",
        "Microsoft.Compute ARM schema, PriorityMixPolicy: baseRegularPriorityCount minimum 0, "
        "regularPriorityPercentageAboveBase minimum 0, maximum 100",
    ),
)
def priority_mix_range(vmss: Resource, ctx: Context):
    """The policy counts Regular instances: a negative base count or a percentage outside 0–100 is
    rejected by the schema validation of the request."""
    policy = _policy(vmss)
    if policy is None:
        return
    base_path = "properties.priorityMixPolicy.baseRegularPriorityCount"
    base = vmss.get(base_path)
    if _is_number(base) and base < 0:
        yield Violation(concrete_path(vmss, base_path), f"baseRegularPriorityCount {base} is negative: use 0 or more")
    percent_path = "properties.priorityMixPolicy.regularPriorityPercentageAboveBase"
    percent = vmss.get(percent_path)
    if _is_number(percent) and not 0 <= percent <= 100:
        yield Violation(
            concrete_path(vmss, percent_path),
            f"regularPriorityPercentageAboveBase {percent} is outside 0-100: use a percentage between 0 and 100",
        )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@rule(
    id="VMSS-FLEX-054",
    name="priority-mix-fixed-spreading",
    summary="Sizes without memory-preserving updates spread over several fault domains cannot mix Spot and "
    "Regular instances.",
    severity="error",
    types=VMSS,
    modes="flexible",
    options={"accept_live_migration_as_mpu": False},
    catalogue=("VMSS-FLEX-054", "C-7", "C-11"),
    fix="Set `platformFaultDomainCount: 1` (max spreading), choose a size with memory-preserving updates, or "
    "remove `priorityMixPolicy`.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22) and (ms.date 2024-06-14), 'What has changed "
        "with Flexible orchestration mode': 'Mix Spot and On-demand instances: No' for sizes without memory-"
        "preserving updates with platformFaultDomainCount > 1 — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "vmss-lint catalogue §4 (VM size families) and C-11: L/M/DC/EC support is contested, so those warn",
    ),
)
def priority_mix_fixed_spreading(vmss: Resource, ctx: Context):
    """Flexible sets whose sizes lack memory-preserving updates (G, H, N and most L/M) and use fixed
    spreading (`platformFaultDomainCount` > 1) run in a single placement group with tighter limits;
    the orchestration-mode article says they cannot mix Spot and on-demand instances. When the size's
    support for memory-preserving updates is contested (L, M, DC, EC) the finding is a warning."""
    if _policy(vmss) is None:
        return
    fault_domains = flexible_fault_domains(vmss)
    if isinstance(fault_domains, Unknown) or fault_domains <= 1:
        return
    mpu = memory_preserving(vmss, accept_live_migration=bool(ctx.option("accept_live_migration_as_mpu")))
    if isinstance(mpu, Unknown) or mpu is Support.YES:
        return
    sizes = ", ".join(name for _, name in size_names(vmss) if isinstance(name, str))
    if mpu is Support.NO:
        yield Violation(
            concrete_path(vmss, _POLICY),
            f"size {sizes} has no memory-preserving updates, so with platformFaultDomainCount {fault_domains} the "
            "scale set cannot mix Spot and Regular instances: use platformFaultDomainCount 1 or remove priorityMixPolicy",
        )
    else:
        yield Violation(
            concrete_path(vmss, _POLICY),
            f"whether size {sizes} supports memory-preserving updates is contested; if it does not, a set with "
            f"platformFaultDomainCount {fault_domains} cannot mix Spot and Regular instances: check the size or "
            "use platformFaultDomainCount 1",
            severity=Severity.WARNING,
        )
