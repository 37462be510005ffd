"""The Bicep front end: parse Bicep with exact positions and evaluate it into the resource model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Deployment, Diagnostic
from ..source import SourceFile

if TYPE_CHECKING:
    from ..discover import SourceJob
    from ..frontend import Settings


@dataclass
class _NotYetSupported:
    source: SourceFile | None
    path: str

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment:
        from .. import diagnostics
        from ..source import Location

        location = Location(self.path, 1, 1, 1, 2)
        return Deployment(self.path, notes=[Diagnostic(diagnostics.UNRESOLVED_MODULE, "Bicep support is not built yet", location)])


def load_bicep(job: SourceJob, settings: Settings) -> _NotYetSupported:
    return _NotYetSupported(None, job.display)
