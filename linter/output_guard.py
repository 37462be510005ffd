"""`-o FILE` must not be one of the files the run reads: the report would replace a template.

Paths are compared after resolving (symlinks, `..`), with every input: the paths named, the parameter
files, baseline and configuration, and any template below a linted directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def output_clash(output: Path, inputs: Iterable[Path | str], linted: Iterable[Path]) -> str | None:
    """Why writing the report to `output` would overwrite an input, or None when it would not."""
    target = os.path.realpath(output)
    for given in inputs:
        if os.path.realpath(given) == target:
            return f"-o {output} is also an input of this run: the report would replace it"
    if not os.path.isfile(target):
        return None
    from .discover import classify

    for directory in linted:
        if os.path.isdir(directory) and Path(target).is_relative_to(os.path.realpath(directory)) and classify(Path(target))[0] is not None:
            return f"-o {output} is a template below the linted directory {directory}: the report would replace it"
    return None
