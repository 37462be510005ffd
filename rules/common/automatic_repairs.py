"""Automatic instance repairs: grace period, repair action, Service Fabric."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.azure.extensions import has_service_fabric
from vmss_lint.azure.properties import duration_seconds
from vmss_lint.values import is_written, parse_path

from .api_minimums import AUTOMATIC_REPAIRS

POLICY = parse_path("properties.automaticRepairsPolicy")
GRACE_PERIOD = POLICY + ("gracePeriod",)
REPAIR_ACTION = POLICY + ("repairAction",)
ENABLED = POLICY + ("enabled",)
REPAIR_ACTIONS = ("Replace", "Reimage", "Restart")

REPAIRS_DOC = ("Automatic instance repairs (azure-compute-docs virtual-machine-scale-sets-automatic-instance-repairs.md, "
               "ms.date 05/19/2026)")


@rule(
    id="VMSS-GEN-063",
    name="repair-grace-period-range",
    summary="`automaticRepairsPolicy.gracePeriod` must be an ISO 8601 duration from PT10M to PT90M.",
    severity="error",
    types=VMSS,
    fix="Set `gracePeriod` to a duration between 'PT10M' and 'PT90M' (default 'PT10M'), or omit it.",
    sources=(
        REPAIRS_DOC + ", 'Grace period'",
        "Microsoft.Compute ARM schema AutomaticRepairsPolicy.gracePeriod (2018-10-01 … 2026-03-01): 'The minimum allowed "
        "grace period is 10 minutes (PT10M) … The maximum allowed grace period is 90 minutes (PT90M).'",
    ),
)
def repair_grace_period_range(vmss: Resource, ctx: Context):
    """The grace period is how long repairs wait after a state change before acting on an unhealthy
    instance. Azure accepts ISO 8601 durations from 10 to 90 minutes and rejects anything else."""
    value = vmss.get(GRACE_PERIOD)
    if not is_written(value):
        return
    seconds = duration_seconds(value)
    if seconds is None:
        yield Violation(GRACE_PERIOD, f"gracePeriod {value!r} is not an ISO 8601 duration: use e.g. 'PT30M' (10 to 90 minutes)")
    elif not 600 <= seconds <= 5400:
        yield Violation(GRACE_PERIOD, f"gracePeriod {value!r} is outside 'PT10M' to 'PT90M'")


@rule(
    id="VMSS-GEN-064",
    name="repair-action-supported",
    summary="`automaticRepairsPolicy` needs apiVersion 2018-10-01 or later, `repairAction` 2021-11-01 or "
    "later, and `repairAction` must be Replace, Reimage or Restart.",
    severity="error",
    types=VMSS,
    fix="Raise the scale set's apiVersion, or use `repairAction` 'Replace', 'Reimage' or 'Restart'.",
    sources=(
        REPAIRS_DOC + ", 'API version' (2018-10-01; repair actions 2021-11-01)",
        "Microsoft.Compute ARM schemas: automaticRepairsPolicy first in 2018-10-01, repairAction (Replace, Reimage, "
        "Restart) first in 2021-11-01",
    ),
)
def repair_action_supported(vmss: Resource, ctx: Context):
    """Older API versions do not know the properties: the request fails with "Could not find member
    'automaticRepairsPolicy'" (or 'repairAction'). The repair action is an enum of three values; the
    default is Replace."""
    policy = vmss.get(POLICY)
    if not is_written(policy):
        return
    if api_before(vmss, AUTOMATIC_REPAIRS.minimum) is True:
        yield Violation(POLICY, f"automaticRepairsPolicy needs apiVersion {AUTOMATIC_REPAIRS.minimum} or later (found {vmss.api_version})")
        return
    action = vmss.get(REPAIR_ACTION)
    if not is_written(action):
        return
    if api_before(vmss, "2021-11-01") is True:
        yield Violation(REPAIR_ACTION, f"repairAction needs apiVersion 2021-11-01 or later (found {vmss.api_version})")
    if not isinstance(action, str) or action.casefold() not in {name.casefold() for name in REPAIR_ACTIONS}:
        yield Violation(REPAIR_ACTION, f"repairAction {action!r} is not valid: use 'Replace', 'Reimage' or 'Restart'")


@rule(
    id="VMSS-GEN-065",
    name="no-repairs-with-service-fabric",
    summary="Automatic instance repairs are not supported on Service Fabric scale sets.",
    severity="error",
    types=VMSS,
    fix="Disable `automaticRepairsPolicy` on scale sets that run Service Fabric nodes.",
    sources=(REPAIRS_DOC + ", 'Restriction for service fabric scale sets': not supported for Service Fabric scale sets",),
)
def no_repairs_with_service_fabric(vmss: Resource, ctx: Context):
    """Service Fabric manages its nodes' health and repairs itself; the repairs article states that
    automatic instance repairs are not supported for Service Fabric scale sets (those with a Service Fabric
    node extension)."""
    if vmss.get(ENABLED) is True and has_service_fabric(vmss, ctx.deployment) is True:
        yield Violation(ENABLED, "automatic repairs are not supported on a Service Fabric scale set: disable automaticRepairsPolicy")
