"""What the stages hand each other: the front ends' settings, a loaded source, a file's result.

A leaf module (it imports only the model below it), so the dispatcher, the front ends, the engine and
the filtering stages (baseline, parallel runs) share these types without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .findings import Finding
from .model import Deployment
from .source import SourceFile


@dataclass(frozen=True)
class Settings:
    """Limits and switches the front ends honour."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_resources: int = 20_000  # total resources after every expansion
    max_call_depth: int = 64  # user functions, nested deployments, modules
    root: str = "."  # linked templates and modules must stay below this directory
    display_root: str = "."  # the project root: the paths of the files read are shown relative to it
    module_cache: str | None = None  # Bicep's module cache root (--module-cache); None: as Bicep finds it
    trusted: tuple[str, ...] = ()  # resolved files the user named (--parameters): read wherever they are
    parsed: Any = None  # parsed files kept between runs by a long-lived process (server/store.py), or None


class LoadedSource(Protocol):
    """A file read and parsed once; evaluation may run again with parameter overrides."""

    @property
    def source(self) -> SourceFile | None: ...

    def sources(self) -> list[SourceFile]:
        """Every file this source read (the template, parameter files, modules): excerpts and suppressions
        come from these texts, never from a second read."""
        ...

    def json_trees(self) -> Mapping[str, object]:
        """The parsed JSON of the JSON files among them, by display path: the fixes edit these trees."""
        ...

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment: ...


@dataclass
class FileResult:
    """The findings of one linted file (and its verbose-only notes)."""

    path: str
    findings: list[Finding]
    notes: list[Finding] = field(default_factory=list)  # verbose-only information
    excerpts: dict[tuple[str, int], str] = field(default_factory=dict)  # (path, line) -> text, from the read files
