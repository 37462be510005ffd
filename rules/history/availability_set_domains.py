from vmss_lint.findings import Violation
from vmss_lint.model import AVAILABILITY_SET, Resource
from vmss_lint.registry import Context, rule

from ..vm._link import integer
from ._previous import previous_name

_UPDATE_DOMAIN_DEFAULT = 5


@rule(
    id="AVSET-003",
    name="availability-set-domains-changed",
    summary="An availability set's fault- and update-domain counts cannot change after creation.",
    severity="error",
    types=AVAILABILITY_SET,
    fix="Keep the previous counts, or create a new availability set (VMs must be recreated to move).",
    sources=(
        "Availability sets overview (azure-compute-docs, 2024-10-10): 'You can't change these configurations "
        "after you create the availability set'",
        "Service error PropertyChangeNotAllowed: \"Changing property 'platformFaultDomainCount' is not allowed.\"",
        "https://learn.microsoft.com/azure/virtual-machines/availability-set-overview",
    ),
    catalogue=("AVSET-003",),
    tags=("change-aware",),
)
def availability_set_domains_changed(avset: Resource, ctx: Context):
    """The fault- and update-domain counts of an availability set are fixed at creation; Azure answers a
    change with `PropertyChangeNotAllowed`. Compared with the previous version of the file. An absent
    update-domain count means the default 5; an absent fault-domain count is compared only when both
    versions set it (its default depends on the region)."""
    before = ctx.previous_of(avset)
    if before is None:
        return
    for key, default in (("platformFaultDomainCount", None), ("platformUpdateDomainCount", _UPDATE_DOMAIN_DEFAULT)):
        now, then = integer(avset.get(f"properties.{key}")), integer(before.get(f"properties.{key}"))
        now = default if now is None else now
        then = default if then is None else then
        if isinstance(now, int) and isinstance(then, int) and now != then:
            path = ("properties", key) if avset.has(f"properties.{key}") else ("properties",)
            yield Violation(path, f"{key} cannot change after the availability set is created: it is {then} in {previous_name(ctx)}; keep {then}")
