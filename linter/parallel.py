"""Lint many files on several cores with output identical to a serial run.

Workers are forked after the rule registry is loaded, so they inherit it instead of re-importing the
rules; results come back per file and are sorted by path, so `--jobs 1` and `--jobs N` print the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config
    from .contracts import FileResult
    from .discover import SourceJob
    from .registry import Registry

# Below this many files, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 8

_worker_state: dict[str, Any] = {}  # set once per worker process by _initialise


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _preload(jobs: Sequence[SourceJob]) -> None:
    """Import the front ends the jobs need before forking, so that every worker inherits them instead of
    importing them again."""
    from .discover import Kind

    kinds = {job.kind for job in jobs}
    if Kind.ARM_TEMPLATE in kinds:
        from .arm import evaluator  # noqa: F401
        from .functions import registry as functions

        functions()
    if kinds - {Kind.ARM_TEMPLATE}:
        from . import bicep  # noqa: F401
        from .bicep import lowered  # noqa: F401


def _size(job: SourceJob) -> int:
    try:
        return os.stat(job.path).st_size
    except OSError:
        return 0


def _initialise(lint_one: Callable[..., FileResult], config: Config, registry: Registry) -> None:
    _worker_state.update(lint_one=lint_one, config=config, registry=registry)


def _run(job: SourceJob) -> FileResult:
    result: FileResult = _worker_state["lint_one"](job, _worker_state["config"], _worker_state["registry"])
    return result


def run_jobs(
    jobs: Sequence[SourceJob],
    lint_one: Callable[[SourceJob, Config, Registry], FileResult],
    config: Config,
    registry: Registry,
    workers: int,
    on_done: Callable[[], None] | None = None,
) -> list[FileResult]:
    workers = min(workers, max(1, len(jobs) // MIN_FILES_PER_WORKER))
    if workers > 1:  # imported here: process pools cost ~30 ms of start-up that one file never needs
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        if "fork" not in multiprocessing.get_all_start_methods():
            workers = 1
    results: list[FileResult] = []
    if workers <= 1:
        for job in jobs:
            results.append(lint_one(job, config, registry))
            if on_done:
                on_done()
        return results
    context = multiprocessing.get_context("fork")
    _preload(jobs)
    # Largest files first, in small chunks: no worker is left with a big file at the end while the others
    # idle. The caller sorts the results by path, so the order here never shows.
    ordered = sorted(jobs, key=_size, reverse=True)
    unfinished: list[SourceJob] = []
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_initialise, initargs=(lint_one, config, registry)) as pool:
        futures = [pool.submit(_run, job) for job in ordered]
        for job, future in zip(ordered, futures):
            try:
                results.append(future.result())
            except BrokenProcessPool:  # a worker died (killed for memory): its files are run again alone
                unfinished.append(job)
                continue
            if on_done:
                on_done()
    for job in unfinished:
        results.append(_run_alone(job, lint_one, config, registry, context))
        if on_done:
            on_done()
    return results


def _run_alone(job: SourceJob, lint_one: Callable[..., FileResult], config: Config, registry: Registry, context: Any) -> FileResult:
    """One file in a process of its own, so that a file that kills its worker costs only its own result."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(1, mp_context=context, initializer=_initialise, initargs=(lint_one, config, registry)) as pool:
        try:
            return pool.submit(_run, job).result()
        except BrokenProcessPool:
            return _killed(job, config)


def _killed(job: SourceJob, config: Config) -> FileResult:
    from . import diagnostics
    from .diagnostic_findings import diagnostic_finding
    from .model import Diagnostic
    from .source import Location

    message = "internal error: the process linting this file was killed (out of memory?); the other files are still checked"
    diagnostic = Diagnostic(diagnostics.INTERNAL_ERROR, message, Location(job.display, 1, 1, 1, 2))
    return FileResult(job.display, [diagnostic_finding(diagnostic, config)])
