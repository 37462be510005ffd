"""A longer fuzzing run than the test suite's, recorded in docs/reliability.md.

    python benchmarks/fuzz.py [--examples 2000] [--shared ../shared] [--targets "module graphs" ...] [--output FILE]

Runs the targets of tests/reliability/test_fuzz.py (expressions, functions, mutated ARM templates and Bicep
files seeded from fixtures/ and the corpus, reporters, Bicep module graphs, configuration files) with many more examples and random exploration
(the "explore" hypothesis profile of tests/conftest.py: a new seed each run, no example database), and
writes how many inputs each target tried and whether any failed. A failure prints hypothesis's minimal
example: commit it as a regression test (tests/reliability/test_hostile_*.py) with its fix. Not part of the test
suite, which replays the same strategies derandomized.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests" / "reliability"), str(REPO / "tests")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="examples per target (the reporters get a tenth)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "reliability.md")
    parser.add_argument("--seconds", type=float, default=0, help="stop running a target's inputs after this long (module graphs, configurations)")
    parser.add_argument("--targets", nargs="*", default=None, help="only these targets (the other rows of the table are kept)")
    arguments = parser.parse_args()
    os.environ.setdefault("VMSS_SHARED", str(arguments.shared))
    os.environ["VMSS_FUZZ_EXAMPLES"] = str(arguments.examples)
    os.environ["VMSS_HYPOTHESIS_PROFILE"] = "explore"  # read by tests/conftest.py, imported by test_fuzz

    import fuzzing
    import test_fuzz

    targets = {
        "functions": test_fuzz.test_functions_return_values_or_evaluation_errors,
        "expressions": test_fuzz.test_expressions_evaluate_to_values_unknown_or_diagnostics,
        "ARM files": test_fuzz.test_mutated_arm_templates_never_crash,
        "bicep files": test_fuzz.test_mutated_bicep_files_never_crash,
        "reports": test_fuzz.test_reporters_serialise_any_findings,
        "module graphs": test_fuzz.test_module_graphs_end_in_bounded_time,
        "configurations": test_fuzz.test_configurations_load_or_give_a_config_error,
    }
    if arguments.targets:
        targets = {name: test for name, test in targets.items() if name in arguments.targets}
    rows = []
    failed = False
    for name, test in targets.items():
        started = time.perf_counter()
        if arguments.seconds:  # each target stops running inputs after this long (the table says how many ran)
            os.environ["VMSS_FUZZ_DEADLINE"] = str(time.time() + arguments.seconds)
        outcome = "no failure"
        try:
            test()
        except Exception as error:  # a failing example: print it, record it, go on with the next target
            failed = True
            outcome = f"FAILED: {type(error).__name__}: {str(error).splitlines()[0][:200]}"
            traceback.print_exc()
        seconds = time.perf_counter() - started
        rows.append((name, fuzzing.TRIED[name], seconds, outcome))
        print(f"{name:<12} {fuzzing.TRIED[name]:>7} inputs {seconds:7.1f} s  {outcome}", flush=True)
    write_markdown(arguments.output, rows, len(test_fuzz.ARM_SEEDS), len(test_fuzz.BICEP_SEEDS))
    return 1 if failed else 0


def write_markdown(output: Path, rows: list[tuple[str, int, float, str]], arm_seeds: int, bicep_seeds: int) -> None:
    text = output.read_text(encoding="utf-8") if output.exists() else ""
    marker = "<!-- fuzz results: written by benchmarks/fuzz.py -->"
    head = text.split(marker)[0].rstrip() if marker in text else text.rstrip()
    earlier = [line for line in (text.split(marker)[1].splitlines() if marker in text else []) if line.startswith("| ") and not line.startswith("| target")]
    run = {name for name, *_ in rows}
    kept = [line for line in earlier if line.split("|")[1].strip() not in run]  # targets not run this time
    lines = [
        marker,
        "",
        f"Last run of `python benchmarks/fuzz.py` ({time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}): "
        f"mutations seeded from {arm_seeds} ARM templates and {bicep_seeds} Bicep files.",
        "",
        "| target | inputs tried | time | outcome |",
        "|---|---|---|---|",
    ]
    lines += kept + [f"| {name} | {count:,} | {seconds:.0f} s | {outcome} ({time.strftime('%Y-%m-%d')}) |" for name, count, seconds, outcome in rows]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text((head + "\n\n" if head else "") + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    sys.exit(main())
