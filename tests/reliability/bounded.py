"""Run vmss-lint in a child process with a wall-clock timeout and an address-space limit.

A regression on a hostile input then fails the test (killed, MemoryError, timeout) instead of hanging CI
or taking the machine's memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

MEMORY_BYTES = 1536 * 1024 * 1024  # the interpreter, the rules and one file's model fit well below this
TIMEOUT_SECONDS = 60.0


def _limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_lint(
    arguments: Sequence[str], cwd: Path, *, timeout: float = TIMEOUT_SECONDS, memory: int = MEMORY_BYTES
) -> subprocess.CompletedProcess[str]:
    """`vmss-lint ARGUMENTS` in `cwd`, bounded; fails the test when a bound is hit."""
    if sys.platform == "win32":  # pragma: no cover - resource limits are POSIX
        pytest.skip("address-space limits need POSIX")
    command = [sys.executable, "-c", "from vmss_lint.command import main; main()", *arguments, "--color", "never"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("VMSS_LINT")}
    env["SECRET_FOR_THE_TEST"] = "leaked-secret-value-3141"
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, errors="replace", timeout=timeout,
            preexec_fn=lambda: _limit_memory(memory),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"vmss-lint {' '.join(arguments)} ran longer than {timeout} s")
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "MemoryError" not in output, output[-3000:]
    assert done.returncode >= 0, f"killed by signal {-done.returncode}: {output[-3000:]}"
    return done
