"""The filter stage, between the checks and the reporters: what a user asked not to see.

Per file (in the worker that checked it): severities turned off, undecided findings unless
--show-unknown, and the suppressions written in the files read (with the LINT-012/LINT-013 problems they
raise). Per run (once every file is back): the findings recorded in a baseline. Filtering marks or drops
findings; it never reads a file the front end has not read, and it knows the stages around it only
through the contracts (`FileResult`, `SourceFile`, `Resource`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from . import baseline, suppress
from .config import Config
from .contracts import FileResult
from .diagnostic_findings import diagnostic_finding
from .findings import Finding, Severity
from .model import Resource
from .registry import Registry
from .source import SourceFile


def filter_file(
    findings: Sequence[Finding],
    *,
    display: str,
    sources: Mapping[str, SourceFile],
    resources: Iterable[Resource],
    registry: Registry,
    config: Config,
) -> list[Finding]:
    """The findings of one checked file as the user asked to see them: suppressed ones marked, with the
    suppressions' own problems added, sorted."""
    visible = [finding for finding in findings if finding.severity is not Severity.OFF]
    visible = [finding for finding in visible if not finding.undecided or config.show_unknown]
    visible, problems = suppress.filter_findings(
        visible, display=display, sources=sources, resources=resources, registry=registry, config=config,
    )
    visible += [finding for finding in (diagnostic_finding(problem, config) for problem in problems) if finding.severity is not Severity.OFF]
    visible.sort(key=Finding.sort_key)
    return visible


def recorded_baseline(config: Config) -> Counter[str] | None:
    """The baseline of the run, read before any work so a bad one fails first (`baseline.BaselineError`)."""
    return baseline.read(config.baseline, config.max_file_bytes) if config.baseline else None


def filter_run(results: list[FileResult], recorded: Counter[str] | None) -> None:
    """Mark the findings the baseline records as suppressed, in place, in the order of `results`."""
    if recorded is not None:
        baseline.filter_findings(results, recorded)
