"""Same input, same bytes: across --jobs, file order and runs; nothing written but the requested output;
nothing from the linted files executed."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, REPO, shared_or_skip
from vmss_lint.cli import main

FORMATS = ("text", "json", "sarif")


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["--jobs", "1", *args] if "--jobs" not in args else list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _templates(root: Path, limit: int | None = None) -> list[str]:
    files = sorted(str(path) for pattern in ("*.json", "*.bicep") for path in root.rglob(pattern) if "parameters" not in path.name)
    return files[:limit] if limit else files


def test_jobs_do_not_change_the_output() -> None:
    """SARIF carries every field of every finding; text and JSON are rendered from the same report."""
    rules = str(FIXTURES / "rules")
    serial = _run("--jobs", "1", "--format", "sarif", rules)
    parallel = _run("--jobs", "2", "--format", "sarif", rules)
    assert serial == parallel
    assert len(serial) > 1000


def test_jobs_do_not_change_the_output_on_the_corpus() -> None:
    corpus = str(shared_or_skip("corpus"))
    assert _run("--jobs", "1", "--format", "sarif", corpus) == _run("--jobs", "2", "--format", "sarif", corpus)


@pytest.mark.parametrize("format_name", FORMATS)
def test_file_order_does_not_change_the_output(format_name: str) -> None:
    files = _templates(FIXTURES / "rules", 60)
    shuffled = list(files)
    random.Random(8).shuffle(shuffled)
    assert _run("--format", format_name, *files) == _run("--format", format_name, *shuffled) == _run("--format", format_name, *reversed(files))


def _separate_process(hash_seed: str, jobs: str, *args: str) -> str:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    command = [sys.executable, "-c", "from vmss_lint.command import main; main()", "lint", "--no-config", "--jobs", jobs, *args]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=REPO, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("format_name", FORMATS)
def test_two_processes_with_different_hash_seeds_and_jobs_give_the_same_bytes(format_name: str) -> None:
    """Separate interpreters, so set and dict ordering that depends on string hashing cannot hide."""
    files = _templates(FIXTURES, 120)
    first = _separate_process("1", "1", "--format", format_name, "--show-unknown", "-v", *files)
    second = _separate_process("4242", "2", "--format", format_name, "--show-unknown", "-v", *files)
    assert first == second
    assert len(first) > 1000


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns) for path in sorted(root.rglob("*"))}


def test_nothing_is_written_but_the_requested_output(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "rules" / "VMSS-FLEX-001", tree / "a")
    shutil.copytree(FIXTURES / "examples", tree / "b")
    before = _snapshot(tree)
    listing = sorted(os.listdir(tmp_path))
    output = tmp_path / "report.sarif"
    _run("--format", "sarif", "--output", str(output), str(tree))
    assert _snapshot(tree) == before
    assert sorted(os.listdir(tmp_path)) == sorted([*listing, "report.sarif"])
    assert output.read_text().startswith("{")


def test_no_code_in_a_linted_file_is_executed(tmp_path: Path) -> None:
    """Expressions, Bicep and loaded files that look like code are data: the canary file never appears."""
    canary = tmp_path / "canary"
    payload = f"__import__('os').system('touch {canary}')"
    (tmp_path / "t.json").write_text(
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",'
        f' "variables": {{"x": "[{payload}]", "y": "[json(\'{{\\"a\\": 1}}\')]"}},'
        ' "resources": [{"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "[variables(\'x\')]",'
        ' "properties": {"orchestrationMode": "[variables(\'x\')]"}}]}'
    )
    (tmp_path / "evil.py").write_text(f"open({str(canary)!r}, 'w').write('pwned')\n")
    (tmp_path / "conftest.py").write_text(f"open({str(canary)!r}, 'w').write('pwned')\n")
    (tmp_path / "main.bicep").write_text(
        f"var a = {payload!r}\nvar b = loadTextContent('evil.py')\nvar c = loadYamlContent('evil.yaml')\n"
        "resource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: a\n  properties: {\n    x: b\n  }\n}\n"
    )
    (tmp_path / "evil.yaml").write_text(f"!!python/object/apply:os.system ['touch {canary}']\n")
    for format_name in FORMATS:
        _run("--format", format_name, str(tmp_path))
    assert not canary.exists()
