"""Shared test helpers: paths to the repo, the fixtures and the read-only ../shared material."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SHARED = Path(os.environ.get("VMSS_SHARED") or REPO.parent / "shared")


@pytest.fixture(scope="session")
def registry():
    from vmss_lint.registry import load_registry

    return load_registry()


def shared_or_skip(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not available on this machine")
    return path
