"""`--show-files`: what a run would lint, with the parameter files of each template, and why each
skipped file is skipped. Nothing is linted."""

from __future__ import annotations

from pathlib import Path

from .discover import Discovery, Kind
from .project import display_path

_KINDS = {
    Kind.ARM_TEMPLATE: "ARM template",
    Kind.BICEP: "Bicep file",
    Kind.ARM_PARAMETERS: "ARM parameter file",
    Kind.BICEP_PARAMETERS: "Bicep parameter file",
}


def describe(found: Discovery, root: Path | None = None) -> str:
    root = root or Path.cwd()
    lines = []
    for job in found.jobs:
        line = f"lint {job.display} ({_KINDS[job.kind]})"
        if job.parameter_files:
            line += ", parameters: " + ", ".join(display_path(file, root) for file in job.parameter_files)
        lines.append(line)
    lines += [f"skip {path}: {reason}" for path, reason in sorted(found.skipped)]
    lines += [f"missing {path}: no such file or directory" for path in found.missing]
    count = len(found.jobs)
    lines.append(f"{count} file{'s' if count != 1 else ''} to lint, {len(found.skipped)} skipped")
    return "\n".join(lines) + "\n"
