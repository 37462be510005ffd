"""What a regex fast path beside the exact JSON reader buys, on this project's own files and targets.

    python benchmarks/bench_json.py [--shared ../shared] [--repeat 7] [--reader OTHER.py]

In-process: every JSON file of the shared corpus and of fixtures/ is parsed by the reader's `parse_json`
(its fast path first, when it has one), by its exact parser alone, and by the standard library's
`json.loads` (no positions, no comments: the floor any reader written in Python pays). They alternate
within each repetition; the figure is the median CPU time (time.process_time) of one pass over all files.

Whole process: `vmss-lint CORPUS --format json` (default --jobs) runs alternate between the readers; a
reader with a fast path also runs with it switched off, by monkeypatching in that child process only (the
workers are forked from it and inherit the patch). Figures are median wall and CPU times, with the load
average of the machine, which is shared. `--reader` compares another version of `linter/arm/reader.py`,
e.g. the one with the fast path: `git show 5badc64:linter/arm/reader.py > /tmp/reader_5badc64.py`.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
CORPUS_TARGET = 1.5  # seconds of wall time on 2 cores (issue 14, benchmarks/bench.py)

# Runs the command line in this process: argv[1] is a reader file to use instead of the installed one
# ("-" for none), argv[2] "exact" makes that reader's fast path give up on every file.
_RUN = r"""
import importlib.util, sys
if sys.argv[1] != "-":
    spec = importlib.util.spec_from_file_location("vmss_lint.arm.reader", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    sys.modules["vmss_lint.arm.reader"] = module
    spec.loader.exec_module(module)
    import vmss_lint.arm
    vmss_lint.arm.reader = module
import vmss_lint.arm.reader as reader
if sys.argv[2] == "exact":
    def _give_up(text):
        raise reader._Fallback
    reader._parse_fast = _give_up
from vmss_lint.command import main
sys.argv = ["vmss-lint", *sys.argv[3:]]
main()
"""
# As after `pip install`: bytecode is cached.
_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def json_texts(roots: list[Path]) -> list[str]:
    return [path.read_text(encoding="utf-8-sig", errors="replace") for root in roots for path in sorted(root.rglob("*.json"))]


def load_reader(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"reader_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def parse_pass(parse: Callable[[str], Any], texts: list[str]) -> float:
    started = time.process_time()
    for text in texts:
        try:
            parse(text)
        except ValueError:  # json.loads on ARM's comments and trailing commas
            pass
        except Exception as error:  # the readers' syntax errors are outcomes too
            if type(error).__name__ != "JsonSyntaxError":
                raise
    return time.process_time() - started


def in_process(texts: list[str], readers: dict[str, ModuleType], repeat: int) -> dict[str, float]:
    parsers: dict[str, Callable[[str], Any]] = {"json.loads (stdlib)": json.loads}
    for name, reader in readers.items():
        parsers[f"{name}: parse_json"] = reader.parse_json
        if hasattr(reader, "_parse_fast"):
            parsers[f"{name}: exact parser only"] = lambda text, reader=reader: reader._Parser(text).parse()
    times: dict[str, list[float]] = {name: [] for name in parsers}
    for _ in range(repeat):
        for name, parse in parsers.items():
            times[name].append(parse_pass(parse, texts))
    return {name: statistics.median(values) for name, values in times.items()}


def whole_run(reader_file: str, mode: str, corpus: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-c", _RUN, reader_file, mode, str(corpus), "--format", "json"]
    subprocess.run(command, stdout=subprocess.DEVNULL, env=_ENVIRONMENT, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def whole_process(corpus: Path, variants: dict[str, tuple[str, str]], repeat: int) -> dict[str, dict[str, float]]:
    for reader_file, mode in variants.values():
        whole_run(reader_file, mode, corpus)  # warm-up: bytecode and caches as after the first run
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, (reader_file, mode) in variants.items():
            runs[name].append(whole_run(reader_file, mode, corpus))
    return {
        name: {
            "wall_median": round(statistics.median(wall for wall, _ in values), 3),
            "wall_fastest": round(min(wall for wall, _ in values), 3),
            "cpu_median": round(statistics.median(cpu for _, cpu in values), 3),
        }
        for name, values in runs.items()
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    options.add_argument("--repeat", type=int, default=7)
    options.add_argument("--reader", type=Path, help="another version of linter/arm/reader.py to compare")
    arguments = options.parse_args()
    corpus = arguments.shared / "corpus"
    from vmss_lint.arm import reader

    readers = {"this tree": reader}
    variants = {"this tree": ("-", "default")}
    if hasattr(reader, "_parse_fast"):
        variants["this tree, exact parser only"] = ("-", "exact")
    if arguments.reader:
        other = load_reader(arguments.reader)
        readers[arguments.reader.name] = other
        variants[arguments.reader.name] = (str(arguments.reader.resolve()), "default")
        if hasattr(other, "_parse_fast"):
            variants[f"{arguments.reader.name}, exact parser only"] = (str(arguments.reader.resolve()), "exact")
    texts = json_texts([corpus, REPO / "fixtures"])
    load_before = os.getloadavg()
    parse = in_process(texts, readers, arguments.repeat)
    whole = whole_process(corpus, variants, arguments.repeat)
    figures = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "files": len(texts),
        "megabytes": round(sum(len(text) for text in texts) / 1e6, 2),
        "parse_cpu_seconds_median": {name: round(seconds, 3) for name, seconds in parse.items()},
        "corpus_run_seconds": whole,
        "corpus_target_seconds": CORPUS_TARGET,
        "load_average_1min_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "cores": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
