"""Hostile inputs get a clear diagnostic within bounded time and memory, never a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vmss_lint.config import Config
from vmss_lint.engine import lint

ARM_HEAD = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": '


def _codes(report) -> list[str]:
    return [finding.rule_id for finding in report.findings]


def test_file_over_the_size_cap_is_refused_with_a_diagnostic(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.write(ARM_HEAD.encode() + b"[")
        handle.seek(100 * 1024 * 1024)
        handle.write(b"]}")
    config = Config()
    started = time.perf_counter()
    report = lint([big], config)
    assert time.perf_counter() - started < 5
    assert _codes(report) == ["LINT-003"]
    assert "limit" in report.findings[0].message


def test_ten_thousand_deep_nesting_is_a_syntax_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(ARM_HEAD + "[" * 10_000 + "]" * 10_000 + "}")
    report = lint([deep])
    assert _codes(report) == ["LINT-001"]
    assert "nesting deeper" in report.findings[0].message


def test_invalid_utf8_is_reported_not_crashed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(ARM_HEAD.encode() + b'[{"type": "\xff\xfe\xfa"}]}')
    report = lint([bad])
    assert _codes(report) == ["LINT-003"]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    wide = tmp_path / "wide.json"
    wide.write_bytes((ARM_HEAD + "[]}").encode("utf-16"))
    report = lint([wide])
    assert report.findings == [] and len(report.files) == 1


def test_very_long_line_and_string(tmp_path: Path) -> None:
    long = tmp_path / "long.json"
    long.write_text(ARM_HEAD + '[{"type": "Microsoft.Compute/virtualMachineScaleSets", "name": "' + "x" * 2_000_000 + '", "properties": {}}]}')
    started = time.perf_counter()
    report = lint([long])
    assert time.perf_counter() - started < 10
    assert "LINT-014" not in _codes(report)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_in_directories_terminates(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "t.json").write_text(ARM_HEAD + "[]}")
    report = lint([tmp_path])
    assert [result.path for result in report.files].count(next(r.path for r in report.files)) == 1


def test_device_file_named_like_a_template_is_skipped(tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    report = lint([tmp_path])
    assert report.findings == []
    assert any("outside the linted tree" in reason for _, reason in report.skipped)


def test_missing_path_is_an_error_finding(tmp_path: Path) -> None:
    report = lint([tmp_path / "nope.json"])
    assert _codes(report) == ["LINT-003"]
