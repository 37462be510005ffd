"""The one door from the engine to the front ends: a loaded source evaluates to a `Deployment`.

Loading (read, decode, parse) happens once per file; evaluation may run again with parameter
overrides when the engine explores a parameter's allowed values.
"""

from __future__ import annotations

from .contracts import LoadedSource, Settings
from .discover import Kind, SourceJob

__all__ = ["LoadedSource", "Settings", "load"]

def load(job: SourceJob, settings: Settings) -> LoadedSource:
    if job.kind is Kind.ARM_TEMPLATE:
        from .arm.template import load_template

        return load_template(job, settings)
    from .bicep import load_bicep

    return load_bicep(job, settings)
