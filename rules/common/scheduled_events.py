"""Terminate and OS-image notification timeouts (scheduled events profile)."""

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.azure.properties import duration_seconds
from vmss_lint.azure.scale_set import VP
from vmss_lint.values import is_written, parse_path

from .api_minimums import TERMINATE_NOTIFICATION

TERMINATE = parse_path(f"{VP}.scheduledEventsProfile.terminateNotificationProfile")
OS_IMAGE = parse_path(f"{VP}.scheduledEventsProfile.osImageNotificationProfile")


@rule(
    id="VMSS-GEN-072",
    name="terminate-notification-timeout",
    summary="`terminateNotificationProfile.notBeforeTimeout` must be from PT5M to PT15M, and the profile "
    "needs apiVersion 2019-03-01 or later.",
    severity="error",
    types=VMSS,
    fix="Set `notBeforeTimeout` to a duration between 'PT5M' and 'PT15M' (default 'PT5M').",
    sources=(
        "Terminate notification (virtual-machine-scale-sets-terminate-notification.md, ms.date 05/19/2026): "
        "'any value between 5 and 15 minutes'; API version 2019-03-01",
        "Microsoft.Compute ARM schemas: terminateNotificationProfile first in 2019-03-01",
    ),
)
def terminate_notification_timeout(vmss: Resource, ctx: Context):
    """Terminate notifications delay the deletion of an instance so the workload can drain. Azure accepts
    a delay of 5 to 15 minutes as an ISO 8601 duration; the profile is unknown to API versions before
    2019-03-01 ("Could not find member 'scheduledEventsProfile'")."""
    profile = vmss.get(TERMINATE)
    if not is_written(profile):
        return
    if api_before(vmss, TERMINATE_NOTIFICATION.minimum) is True:
        yield Violation(TERMINATE, f"terminateNotificationProfile needs apiVersion {TERMINATE_NOTIFICATION.minimum} or later (found {vmss.api_version})")
    timeout = vmss.get(TERMINATE + ("notBeforeTimeout",))
    if not is_written(timeout):
        return
    seconds = duration_seconds(timeout)
    if seconds is None or not 300 <= seconds <= 900:
        yield Violation(TERMINATE + ("notBeforeTimeout",),
                        f"notBeforeTimeout {timeout!r} must be a duration from 'PT5M' to 'PT15M'")


@rule(
    id="VMSS-GEN-073",
    name="os-image-notification-timeout",
    summary="`osImageNotificationProfile.notBeforeTimeout` must be PT15M.",
    severity="error",
    types=VMSS,
    fix="Set `osImageNotificationProfile.notBeforeTimeout` to 'PT15M' or omit it.",
    sources=(
        "Microsoft.Compute ARM schema OSImageNotificationProfile.notBeforeTimeout (2022-11-01 … 2026-03-01): "
        "'Length of time a Virtual Machine being reimaged or having its OS upgraded will have to potentially approve "
        "the OS Image Scheduled Event before the event is auto approved (timed out). The configuration is specified in "
        "ISO 8601 format, and the value must be 15 minutes (PT15M)'",
    ),
)
def os_image_notification_timeout(vmss: Resource, ctx: Context):
    """OS image scheduled events have a fixed approval window: the API documents that the value must be
    15 minutes (PT15M); any other value is rejected."""
    timeout = vmss.get(OS_IMAGE + ("notBeforeTimeout",))
    if not is_written(timeout):
        return
    if duration_seconds(timeout) != 900:
        yield Violation(OS_IMAGE + ("notBeforeTimeout",), f"notBeforeTimeout {timeout!r} must be 'PT15M'")
