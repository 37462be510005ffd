"""Issue 15, reading: a hostile tree cannot make vmss-lint read or print anything outside it, nor hang it
on a device or FIFO. Each test runs the CLI in a bounded child process (see bounded.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bounded import run_lint

SECRET = "leaked-secret-value-3141"  # bounded.run_lint puts it in the child's environment

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")


def _no_secret(done) -> None:
    assert SECRET not in done.stdout + done.stderr


def test_symlinked_template_to_the_environment_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "x.bicep").symlink_to("/proc/self/environ")
    for arguments in (["."], ["x.bicep"], ["--format", "json", "."], ["--format", "sarif", "x.bicep"]):
        done = run_lint([*arguments, "-v"], tmp_path)
        _no_secret(done)
        assert done.returncode == 0
    assert "outside the linted tree" in run_lint([".", "-v"], tmp_path).stdout


def test_symlink_to_a_password_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "s.bicep").symlink_to("/etc/passwd")
    done = run_lint([".", "-v"], tmp_path)
    secret_lines = [line for line in Path("/etc/passwd").read_text().splitlines() if line.strip()]
    assert not any(line in done.stdout for line in secret_lines)  # no line of the password file
    assert "s.bicep: a symbolic link to a file outside the linted tree" in done.stdout


def test_bicepparam_using_the_environment_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "p.bicepparam").write_text("using '/proc/self/environ'\nparam a = 1\n")
    (tmp_path / "q.bicepparam").write_text("using '../../../../../../proc/self/environ'\nparam a = 1\n")
    done = run_lint(["p.bicepparam", "q.bicepparam", "--format", "json"], tmp_path)
    _no_secret(done)
    assert done.returncode == 0


def test_configured_parameters_outside_the_tree_are_refused(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    (tmp_path / ".vmss-lint.yaml").write_text('parameters:\n  "*.bicep": /proc/self/environ\n')
    done = run_lint(["."], tmp_path)
    _no_secret(done)
    assert "LINT-011" in done.stdout and "outside the linted tree" in done.stdout


def test_symlinked_directory_out_of_the_tree_is_not_walked(tmp_path: Path) -> None:
    (tmp_path / "etc").symlink_to("/etc")
    done = run_lint([".", "-v"], tmp_path)
    assert "skipped etc: a symbolic link to a directory outside the linted tree" in done.stdout
    assert "passwd" not in done.stdout


def test_symlinked_directory_inside_the_tree_is_walked(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "main.bicep").write_text("param a int = 1\n")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    done = run_lint(["."], tmp_path)
    assert done.returncode == 0 and "in 1 file" in done.stdout


def test_module_and_linked_template_paths_out_of_the_tree_are_refused(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("module m '../../../../../../proc/self/environ' = { name: 'm' }\n")
    (tmp_path / "inner.bicep").symlink_to("/proc/self/environ")
    (tmp_path / "other.bicep").write_text("module m 'inner.bicep' = { name: 'm' }\nvar t = loadTextContent('inner.bicep')\n")
    done = run_lint([".", "--format", "json"], tmp_path)
    _no_secret(done)
    assert "outside the linted" in done.stdout


def test_devices_and_fifos_are_refused_everywhere(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.json")
    for arguments in (["--baseline", "zero.json"], ["--baseline", "fifo.json"]):
        done = run_lint([".", *arguments], tmp_path, timeout=30)
        assert done.returncode == 2 and "not a regular file" in done.stderr
    for arguments in (["--parameters", "zero.json"], ["--parameters", "fifo.json"]):
        done = run_lint([".", *arguments], tmp_path, timeout=30)
        assert "LINT-011" in done.stdout and "not a regular file" in done.stdout
    done = run_lint(["main.bicep", "--previous", "fifo.json"], tmp_path, timeout=30)
    assert done.returncode in (0, 2)


def test_configuration_file_linked_out_of_its_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    (tmp_path / ".vmss-lint.yaml").symlink_to("/proc/self/environ")
    done = run_lint(["."], tmp_path)
    _no_secret(done)
    assert done.returncode == 2 and "outside the linted tree" in done.stderr


def test_huge_suppression_scan_and_excerpt_read_only_what_was_read(tmp_path: Path) -> None:
    big = tmp_path / "big.bicep"
    with big.open("wb") as handle:
        handle.write(b"param a int = \n")
        handle.seek(1024 * 1024 * 1024)
        handle.write(b"\n")
    done = run_lint(["."], tmp_path, timeout=30, memory=512 * 1024 * 1024)
    assert "LINT-003" in done.stdout and "more than the limit" in done.stdout


def test_config_dev_null_means_no_configuration(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    done = run_lint([".", "--config", os.devnull], tmp_path)
    assert done.returncode == 0, done.stderr
