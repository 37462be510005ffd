"""Shared test helpers: paths to the repo, the fixtures and the read-only ../shared material, and the
hypothesis profiles that make the suite give the same verdict on every run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SHARED = Path(os.environ.get("VMSS_SHARED") or REPO.parent / "shared")

# The suite replays the same examples on every run: a fixed seed, no example database (nothing found by an
# earlier run is replayed), and the example counts written on each test. Random exploration is
# `python benchmarks/fuzz.py`, which selects the "explore" profile; whatever it finds becomes a regression test.
# Nothing timed decides a verdict either: no deadline, and no too_slow health check (a loaded machine trips it).
settings.register_profile(
    "deterministic", derandomize=True, database=None, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "explore", derandomize=False, database=None, deadline=None, print_blob=True, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("VMSS_HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture(scope="session")
def registry():
    from vmss_lint.registry import load_registry

    return load_registry()


def in_ci() -> bool:
    """CI services (GitHub Actions, Azure Pipelines via TF_BUILD, most others) set CI=true."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes") or bool(os.environ.get("TF_BUILD"))


def shared_or_skip(relative: str) -> Path:
    """`../shared/<relative>`: skipped when it is absent on a developer's machine, a failure in CI (where a
    missing checkout would otherwise turn the corpus tests into silent skips)."""
    path = SHARED / relative
    if not path.exists():
        message = f"../shared/{relative} is not available (set VMSS_SHARED or check out the shared material next to the repo)"
        if in_ci():
            pytest.fail(message + ": required in CI", pytrace=False)
        pytest.skip(message)
    return path
