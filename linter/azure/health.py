"""Where a scale set's instance health comes from: an Application Health extension or a load balancer
health probe (audit §7 #4).
"""

from __future__ import annotations

from ..model import Resource
from ..tristate import Tri, any_true
from ..values import MISSING, Unknown, lookup_key
from .extensions import has_application_health_extension
from .scale_set import VP


def has_health_probe(resource: Resource) -> bool | Unknown:
    probe = resource.get(f"{VP}.networkProfile.healthProbe")
    if isinstance(probe, Unknown):
        return probe
    if probe is MISSING or probe is None:
        return False
    probe_id = probe.get(lookup_key(probe, "id") or "id") if isinstance(probe, dict) else probe
    if isinstance(probe_id, Unknown):
        return probe_id
    return bool(probe_id)


def inline_health_source(resource: Resource, *, accept_probe: bool = True) -> Tri:
    """Whether the create request itself carries a health source (audit §7 #4): an inline Application
    Health extension, or (when `accept_probe`) `networkProfile.healthProbe`."""
    sources = (has_application_health_extension, has_health_probe) if accept_probe else (has_application_health_extension,)
    return any_true(source(resource) for source in sources)
