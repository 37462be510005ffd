"""Bounded fuzzing in the test suite: expressions, functions, mutated ARM and Bicep files, reporters.

`benchmarks/fuzz.py` runs the same targets much longer and records how many inputs were tried in
docs/reliability.md. The only allowed outcomes are values, Unknown, findings and diagnostics.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing
from conftest import SHARED

EXAMPLES = int(os.environ.get("VMSS_FUZZ_EXAMPLES", "150"))  # benchmarks/fuzz.py raises it
QUICK = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
_SHARED = SHARED if SHARED.is_dir() else None
ARM_SEEDS = fuzzing.seeds("*.json", _SHARED, limit=60)
BICEP_SEEDS = fuzzing.seeds("*.bicep")


@QUICK
@given(st.sampled_from(fuzzing.function_names()), fuzzing.ARGUMENTS)
def test_functions_return_values_or_evaluation_errors(name: str, args: list) -> None:
    fuzzing.check_function(name, args)


@QUICK
@given(fuzzing.EXPRESSIONS)
def test_expressions_evaluate_to_values_unknown_or_diagnostics(expression: str) -> None:
    fuzzing.check_expression(expression)


@QUICK
@given(st.sampled_from(ARM_SEEDS), st.lists(st.integers(0, 2**20), min_size=1, max_size=6))
def test_mutated_arm_templates_never_crash(seed: Path, choices: list[int]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        fuzzing.check_file(seed, fuzzing.mutate(seed.read_text(encoding="utf-8", errors="replace"), choices), Path(directory))


@QUICK
@given(st.sampled_from(BICEP_SEEDS), st.lists(st.integers(0, 2**20), min_size=1, max_size=6))
def test_mutated_bicep_files_never_crash(seed: Path, choices: list[int]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        fuzzing.check_file(seed, fuzzing.mutate(seed.read_text(encoding="utf-8", errors="replace"), choices), Path(directory))


@settings(max_examples=max(15, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(fuzzing.findings())
def test_reporters_serialise_any_findings(found: list) -> None:
    fuzzing.check_reporters(found, _SHARED)


@QUICK
@given(fuzzing.module_graphs())
def test_module_graphs_end_in_bounded_time(files: dict) -> None:
    with tempfile.TemporaryDirectory() as directory:
        fuzzing.check_module_graph(files, Path(directory))


@QUICK
@given(fuzzing.configurations())
def test_configurations_load_or_give_a_config_error(configuration: tuple) -> None:
    with tempfile.TemporaryDirectory() as directory:
        fuzzing.check_configuration(*configuration, Path(directory))
