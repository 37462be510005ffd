"""The fix a finding carries: first a plan (where the value was written), then the text edits.

Kept below `findings` (it imports only `source`), so that a `Finding` can hold its fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..source import Location
from ..values import Path

FOLLOW = "follow"  # a document's answer when the value is a plain reference: edit where it came from


@dataclass(frozen=True)
class FixPlan:
    """A rule's intent located through the model's provenance, before any text is read.

    `key`: where the member at `path` is written (None when absent); `parent`: where its parent member is
    written (the resource itself for a top-level path); `declared`: the resource's declaration.
    """

    action: str  # "remove" | "set"
    path: Path
    value: Any
    key: Location | None
    parent: Location | None
    declared: Location
    # where the value at `path` was read from, decisive first (a parameter file, a default, a variable, a
    # module's params): a plain reference is fixed there
    sources: tuple[Location, ...] = ()


@dataclass(frozen=True, order=True)
class TextEdit:
    """Replace the text of `span` (1-based, end exclusive; empty to insert at its start) with `new_text`."""

    span: Location
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    safe: bool
    plan: FixPlan | None = None
    edits: tuple[TextEdit, ...] = ()
