"""The engine's RuleContext gives rules everything the `Context` protocol declares, and rules reach
nothing else (so a rule never needs `getattr` on its context)."""

from __future__ import annotations

import inspect

from vmss_lint.engine import RuleContext
from vmss_lint.model import VMSS, Deployment, Resource
from vmss_lint.registry import Context
from vmss_lint.source import Location

HERE = Location("t.json", 1, 1, 1, 2)


def _declared() -> set[str]:
    return {name for name in vars(Context) if not name.startswith("_")} | set(Context.__annotations__)


def test_rule_context_has_every_member_of_the_protocol() -> None:
    context = RuleContext(Deployment("t.json"), "current", {})
    for name in _declared():
        assert hasattr(context, name), f"RuleContext lacks {name}"
        declared = vars(Context).get(name)
        if inspect.isfunction(declared):
            assert list(inspect.signature(getattr(RuleContext, name)).parameters) == list(inspect.signature(declared).parameters)


def test_previous_of_finds_the_same_resource_in_the_earlier_version() -> None:
    before = Resource(VMSS, "2024-07-01", "Web", {}, HERE)
    earlier = Deployment("old.json", resources=[before])
    now = Resource(VMSS, "2024-07-01", "web", {}, HERE)
    assert RuleContext(Deployment("t.json"), "current", {}, earlier).previous_of(now) is before
    assert RuleContext(Deployment("t.json"), "current", {}).previous_of(now) is None
