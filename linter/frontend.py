"""The one door from the engine to the front ends: a loaded source evaluates to a `Deployment`.

Loading (read, decode, parse) happens once per file; evaluation may run again with parameter
overrides when the engine explores a parameter's allowed values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from .discover import Kind, SourceJob
from .model import Deployment
from .records import record
from .source import SourceFile


@record(frozen=True)
class Settings:
    """Limits and switches the front ends honour."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_copy_count: int = 800  # ARM's documented limit for a copy loop
    max_resources: int = 20_000  # total resources after every expansion
    max_call_depth: int = 64  # user functions, nested deployments, modules
    root: str = "."  # linked templates and modules must stay below this directory
    trusted: tuple[str, ...] = ()  # resolved files the user named (--parameters): read wherever they are


class LoadedSource(Protocol):
    source: SourceFile | None

    def sources(self) -> list[SourceFile]: ...

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment: ...


def load(job: SourceJob, settings: Settings) -> LoadedSource:
    if job.kind is Kind.ARM_TEMPLATE:
        from .arm.template import load_template

        return load_template(job, settings)
    from .bicep import load_bicep

    return load_bicep(job, settings)
