"""The suite's property tests replay the same examples on every run (tests/conftest.py)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import test_fuzz
import test_fuzz_reader


@pytest.mark.skipif(os.environ.get("VMSS_HYPOTHESIS_PROFILE", "deterministic") != "deterministic", reason="another profile chosen")
def test_property_tests_are_derandomized_without_an_example_database() -> None:
    assert settings.default.derandomize and settings.default.database is None
    tests = [getattr(module, name) for module in (test_fuzz, test_fuzz_reader) for name in dir(module) if name.startswith("test_")]
    given = [test for test in tests if hasattr(test, "hypothesis")]
    assert len(given) >= 5
    for test in given:
        chosen = test._hypothesis_internal_use_settings
        assert chosen.derandomize and chosen.database is None, test.__name__
