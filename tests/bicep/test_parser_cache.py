"""Lark keeps the Bicep parse tables in the user cache; a cache that cannot be written only costs time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CODE = "from vmss_lint.bicep.parser import parse_text; print(parse_text(\"param a string = 'x'\\n\").data)"


def run_with_cache(directory: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "VMSS_LINT_CACHE": directory}
    return subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=environment, timeout=120)


def test_the_tables_are_cached_and_read_back(tmp_path: Path) -> None:
    first, second = run_with_cache(str(tmp_path)), run_with_cache(str(tmp_path))
    assert (first.stdout.strip(), second.stdout.strip()) == ("start", "start")
    assert (tmp_path / "bicep-parser.lark-cache").is_file()
    assert first.stderr == second.stderr == ""


def test_a_cache_that_cannot_be_created_still_parses(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    run = run_with_cache(str(blocker / "cache"))
    assert run.stdout.strip() == "start"
    assert run.stderr == ""


def test_a_truncated_cache_is_rebuilt(tmp_path: Path) -> None:
    run_with_cache(str(tmp_path))
    cache = tmp_path / "bicep-parser.lark-cache"
    cache.write_bytes(cache.read_bytes()[:3000])  # as a concurrent run could find it half written
    run = run_with_cache(str(tmp_path))
    assert (run.stdout.strip(), run.stderr) == ("start", "")
    assert cache.stat().st_size > 3000
