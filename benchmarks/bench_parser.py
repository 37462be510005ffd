"""Cold-start cost of the Bicep parser (Lark's LALR parser, its tables in Lark's cache, parser.py's driver).

    python benchmarks/bench_parser.py [--runs 20] [FILE.bicep]

Each run is a new process that imports the parser, loads Lark's cached tables (warmed first, as after the
first run of an install) and parses FILE; the figure is the CPU time of that work (time.process_time, so
the load of other processes on the machine counts less than in wall time). Runs alternate with whole
`vmss-lint FILE` cold starts (CPU of the process), and the medians are printed. Not part of the test suite.
Figures, and the comparison with the hand-made table runtime this replaced: docs/bicep-support.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILE = REPO / "fixtures" / "rules" / "VMSS-GEN-050" / "bad.bicep"

PARSE = r"""
import sys, time
started = time.process_time()
from vmss_lint.bicep.parser import parse_text
parse_text(open(sys.argv[1], encoding="utf-8").read())
print(time.process_time() - started)
"""

def child_seconds(code: str, file: Path) -> float:
    done = subprocess.run([sys.executable, "-c", code, str(file)], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def tool_cpu(file: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "vmss_lint", str(file)], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    options = argparse.ArgumentParser()
    options.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    options.add_argument("--runs", type=int, default=20)
    arguments = options.parse_args()
    child_seconds(PARSE, arguments.file)  # warm the cache, as after the first run
    parse, tool = [], []
    for _ in range(arguments.runs):
        parse.append(child_seconds(PARSE, arguments.file))
        tool.append(tool_cpu(arguments.file))
    figures = {
        "file": str(arguments.file), "runs": arguments.runs,
        "parse_cpu_median": statistics.median(parse), "vmss_lint_cold_cpu_median": statistics.median(tool),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
