"""What the regex fast path of the JSON reader buys, on this project's own files and targets.

    python benchmarks/bench_json.py [--shared ../shared] [--repeat 7]

In-process: every JSON file of the shared corpus and of fixtures/ is parsed by `parse_json` (the fast path
first, when the reader has one), by the exact parser alone, and by the standard library's `json.loads` (no
positions, no comments: the floor any reader in Python pays). The three alternate within each repetition;
the figure is the median CPU time (time.process_time) of one pass over all files.

Whole process: `vmss-lint CORPUS --format json` (default --jobs) alternates with the same run in which the
fast path is switched off by monkeypatching the reader in that child process only (the workers are forked
from it, so they inherit the patch); the figures are median wall and CPU times over the runs, with the
load average of the machine, which is shared. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS_TARGET = 1.5  # seconds of wall time on 2 cores (issue 14, benchmarks/bench.py)

# Runs the command line in this process; with "exact" the reader's fast path gives up on every file.
_RUN = r"""
import sys
import vmss_lint.arm.reader as reader
if sys.argv[1] == "exact" and hasattr(reader, "_parse_fast"):
    def _give_up(text):
        raise reader._Fallback
    reader._parse_fast = _give_up
from vmss_lint.command import main
sys.argv = ["vmss-lint", *sys.argv[2:]]
main()
"""
# As after `pip install`: bytecode is cached.
_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def json_texts(roots: list[Path]) -> list[str]:
    return [path.read_text(encoding="utf-8-sig", errors="replace") for root in roots for path in sorted(root.rglob("*.json"))]


def parse_pass(parse, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    started = time.process_time()
    for text in texts:
        try:
            parse(text)
        except ValueError:  # json.loads on ARM's comments and trailing commas
            pass
        except Exception as error:  # noqa: BLE001 - the reader's syntax errors are outcomes too
            if type(error).__name__ != "JsonSyntaxError":
                raise
    return time.process_time() - started


def in_process(texts: list[str], repeat: int) -> dict[str, float]:
    from vmss_lint.arm import reader

    parsers = {"parse_json": reader.parse_json, "json.loads (stdlib)": json.loads}
    if hasattr(reader, "_parse_fast"):
        parsers["exact parser only"] = lambda text: reader._Parser(text).parse()
    times: dict[str, list[float]] = {name: [] for name in parsers}
    for _ in range(repeat):
        for name, parse in parsers.items():
            times[name].append(parse_pass(parse, texts))
    return {name: statistics.median(values) for name, values in times.items()}


def whole_run(mode: str, corpus: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _RUN, mode, str(corpus), "--format", "json"], stdout=subprocess.DEVNULL, env=_ENVIRONMENT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def whole_process(corpus: Path, repeat: int, modes: list[str]) -> dict[str, dict[str, float]]:
    for mode in modes:
        whole_run(mode, corpus)  # warm-up: bytecode and caches as after the first run
    runs: dict[str, list[tuple[float, float]]] = {mode: [] for mode in modes}
    for _ in range(repeat):
        for mode in modes:
            runs[mode].append(whole_run(mode, corpus))
    return {
        mode: {
            "wall_median": statistics.median(wall for wall, _ in values),
            "wall_fastest": min(wall for wall, _ in values),
            "cpu_median": statistics.median(cpu for _, cpu in values),
        }
        for mode, values in runs.items()
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    options.add_argument("--repeat", type=int, default=7)
    arguments = options.parse_args()
    corpus = arguments.shared / "corpus"
    sys.path.insert(0, str(REPO))
    from vmss_lint.arm import reader

    texts = json_texts([corpus, REPO / "fixtures"])
    load_before = os.getloadavg()
    parse = in_process(texts, arguments.repeat)
    modes = ["default", "exact"] if hasattr(reader, "_parse_fast") else ["default"]
    whole = whole_process(corpus, arguments.repeat, modes)
    figures = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "files": len(texts),
        "megabytes": round(sum(len(text) for text in texts) / 1e6, 2),
        "parse_cpu_seconds_median": parse,
        "corpus_run": whole,
        "corpus_target_seconds": CORPUS_TARGET,
        "load_average_1min_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "cores": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
