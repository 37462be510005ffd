"""The one door to the front ends: a registry keyed by file kind, each entry a loader named by module.

Loading (read, decode, parse) happens once per file; evaluation may run again with parameter
overrides when the engine explores a parameter's allowed values. A loader is imported on first use
only, so an ARM-only run never imports the Bicep front end (and the other way round), and a front end
that loads another kind of file (a Bicep module that calls an ARM template) goes through `load` rather
than importing the other front end.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .contracts import LoadedSource, Settings
from .discover import Kind, SourceJob

__all__ = ["LOADERS", "LoadedSource", "Loader", "Settings", "load", "loader_for"]

Loader = Callable[[SourceJob, Settings], LoadedSource]

# kind -> "module:function", the module relative to this package
LOADERS: dict[Kind, str] = {
    Kind.ARM_TEMPLATE: ".arm.template:load_template",
    Kind.BICEP: ".bicep:load_bicep",
}


def loader_for(kind: Kind) -> Loader:
    """The loader registered for `kind`, imported now (a parameter file is never loaded on its own:
    discovery pairs it with its template)."""
    target = LOADERS.get(kind)
    if target is None:
        raise LookupError(f"no front end loads {kind.value} files")
    module_name, _, function_name = target.partition(":")
    loader: Loader = getattr(importlib.import_module(module_name, __package__), function_name)
    return loader


def load(job: SourceJob, settings: Settings) -> LoadedSource:
    return loader_for(job.kind)(job, settings)
