"""Tests that need ../shared skip on a developer's machine without it, and fail in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest


def test_missing_shared_material_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TF_BUILD", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest.shared_or_skip("corpus")


def test_missing_shared_material_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        conftest.shared_or_skip("corpus")


def test_present_shared_material_is_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "corpus").mkdir()
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.setenv("CI", "true")
    assert conftest.shared_or_skip("corpus") == tmp_path / "corpus"
