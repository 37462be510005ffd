from collections.abc import Iterator

from vmss_lint.findings import Severity, Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.api_versions import api_before
from vmss_lint.azure.extensions import child_health_extensions
from vmss_lint.azure.health import inline_health_source
from vmss_lint.azure.scale_set import zone_count
from vmss_lint.values import equals_ci, is_written, parse_path

POLICY = parse_path("properties.resiliencyPolicy.automaticZoneRebalancingPolicy")
ENABLED = POLICY + ("enabled",)
AZB_DOC = ("Automatic zone balance (auto-zone-balance-overview.md, ms.date 04/18/2025; auto-zone-balance-enable.md, "
           "ms.date 12/10/2025), Prerequisites")


@rule(
    id="VMSS-GEN-111",
    name="automatic-zone-rebalancing-prerequisites",
    summary="Automatic zone rebalancing needs at least two zones, a health source, apiVersion 2024-07-01+ "
    "(2024-11-01 in the schema), strategy Recreate and behavior CreateBeforeDelete.",
    severity="error",
    types=VMSS,
    fix="Meet the prerequisite named in the message, or disable `automaticZoneRebalancingPolicy`.",
    sources=(
        AZB_DOC + ": at least two zones, application health monitoring (Application Health extension or load balancer "
        "probe), API 2024-07-01 or higher; 'operates under best-effort balancing (zoneBalance = false)'",
        "Microsoft.Compute ARM schemas: automaticZoneRebalancingPolicy first in 2024-11-01; rebalanceStrategy enum "
        "Recreate, rebalanceBehavior enum CreateBeforeDelete",
        "vmss-lint catalogue §3 C-17 and §7.B VMSS-GEN-111 (2026-11-28 audit): zoneBalance true is a warning",
    ),
)
def automatic_zone_rebalancing_prerequisites(vmss: Resource, ctx: Context):
    """Automatic zone balance moves instances between zones by creating a replacement before deleting the
    old one, using instance health to decide; it therefore needs a zone-spanning set, a health source,
    and the only strategy and behavior the API defines (Recreate, CreateBeforeDelete). The feature
    article says API 2024-07-01 while the schema has the policy from 2024-11-01: error below the first,
    warning between them. The article describes the feature as best-effort balancing (`zoneBalance`
    false); `zoneBalance: true` is not documented as rejected, so it is a warning. The AFEC registration
    (`Microsoft.Compute/AutomaticZoneRebalancing`) cannot be seen in a template."""
    if vmss.get(ENABLED) is not True:
        return
    yield from _prerequisites(vmss, ctx)


def _prerequisites(vmss: Resource, ctx: Context) -> Iterator[Violation]:
    zones = zone_count(vmss)
    if isinstance(zones, int) and zones < 2:
        path = ("zones",) if vmss.has("zones") else ENABLED
        yield Violation(path, f"automatic zone rebalancing needs a scale set across at least 2 zones ({zones} set)")
    source = inline_health_source(vmss, accept_probe=True)
    if source is False and not child_health_extensions(vmss, ctx.deployment):
        yield Violation(ENABLED, "automatic zone rebalancing needs a health source: the Application Health extension or a "
                                 "load-balancer health probe")
    if vmss.get("properties.zoneBalance") is True:
        yield Violation(("properties", "zoneBalance"), "automatic zone rebalancing is documented with best-effort "
                                                       "balancing (zoneBalance false); zoneBalance true may conflict",
                        severity=Severity.WARNING)
    if api_before(vmss, "2024-07-01") is True:
        yield Violation(ENABLED, f"automatic zone rebalancing needs apiVersion 2024-07-01 or later (found {vmss.api_version})")
    elif api_before(vmss, "2024-11-01") is True:
        yield Violation(ENABLED, f"automaticZoneRebalancingPolicy is in the API schema only from 2024-11-01 "
                                 f"(found {vmss.api_version}): use 2024-11-01 or later", severity=Severity.WARNING)
    for key, expected in (("rebalanceStrategy", "Recreate"), ("rebalanceBehavior", "CreateBeforeDelete")):
        value = vmss.get(POLICY + (key,))
        if not is_written(value):
            continue
        if not equals_ci(value, expected):
            yield Violation(POLICY + (key,), f"{key} {value!r} is not supported: use '{expected}'")
