"""Benchmark vmss-lint as users run it (whole processes) and write docs/performance.md.

    python benchmarks/bench.py [--shared ../shared] [--repeat 5] [--quick]

Measures, with medians over repeated runs: cold start on one ARM template and one Bicep file; throughput
on the shared corpus; scaling on generated inputs (one template with 1 -> 10,000 resources; 1 -> 5,000
files; a copy loop at ARM's limit of 800); peak memory (max RSS of the process tree). Where `checkov` is on
PATH it runs on the same corpus in the same run and the ratio is printed. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_copy_loop, write_many_files, write_many_resources, write_registry_module_call  # noqa: E402

TARGETS = {"arm_cold": 0.25, "bicep_cold": 0.4, "avm_cold": 0.3, "corpus": 1.5, "corpus_mb": 200.0}
AVM_RELEASE = ("bicep-registry-modules", "avm-res-compute-virtual-machine-scale-set", "0.11.1")
_MEASURE = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
process = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024, "exit": process.returncode}))
"""
# As after `pip install`: the tool's bytecode is cached (a PYTHONDONTWRITEBYTECODE in the environment
# would make every run recompile every module, which no installed copy does).
_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], repeat: int) -> dict[str, float]:
    """Median wall time, median CPU time (user + system, all processes: the tool and its workers) and the
    largest peak RSS of one process over `repeat` fresh processes, after one unmeasured warm-up run."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_ENVIRONMENT)
    runs = []
    for _ in range(repeat):
        output = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True, env=_ENVIRONMENT)
        runs.append(json.loads(output.stdout))
    return {
        "seconds": statistics.median(run["seconds"] for run in runs),
        "fastest": min(run["seconds"] for run in runs),
        "cpu": statistics.median(run["cpu"] for run in runs),
        "peak_mb": max(run["peak_mb"] for run in runs),
        "exit": runs[-1]["exit"],
    }


def machine_load() -> str:
    """The 1-minute load average against the cores: a shared machine inflates wall times, not CPU times."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return "load unknown"
    return f"load average {load:.1f} on {os.cpu_count()} cores"


def vmss_lint() -> list[str]:
    found = shutil.which("vmss-lint")
    return [found] if found else [sys.executable, "-m", "vmss_lint.cli"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smaller scaling inputs, 3 repeats")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "performance.md")
    parser.add_argument("--note", default="", help="a sentence added to the page, e.g. that the machine was shared")
    arguments = parser.parse_args()
    repeat = 3 if arguments.quick else arguments.repeat
    tool = vmss_lint()
    rows: list[tuple[str, str, dict[str, float], str]] = []
    loads = [machine_load()]

    def record(name: str, size: str, command: list[str], target: str = "") -> dict[str, float]:
        result = measure(command, repeat)
        rows.append((name, size, result, target))
        print(
            f"{name:<38} {size:>14} {result['seconds']:8.3f} s (fastest {result['fastest']:.3f} s) {result['cpu']:8.3f} s cpu "
            f"{result['peak_mb']:8.1f} MB {target}",
            flush=True,
        )
        return result

    arm_file = REPO / "fixtures" / "examples" / "flexible-web.json"
    bicep_candidates = sorted((REPO / "fixtures" / "examples").glob("*.bicep")) or sorted((REPO / "fixtures" / "rules").glob("*/good.bicep"))
    bicep_file = bicep_candidates[0] if bicep_candidates else None
    record("cold start, one ARM template", "1 file", [*tool, str(arm_file)], f"<= {TARGETS['arm_cold']} s")
    if bicep_file:
        subprocess.run([*tool, str(bicep_file)], capture_output=True)  # warm the grammar cache, as after install
        record("cold start, one Bicep file", "1 file", [*tool, str(bicep_file)], f"<= {TARGETS['bicep_cold']} s")
    corpus = arguments.shared / "corpus"
    compiled_module = corpus.joinpath(*AVM_RELEASE, "main.json")
    if compiled_module.is_file():  # the AVM module from Bicep's local module cache (built in a temporary folder)
        with tempfile.TemporaryDirectory() as scratch:
            caller, cache = write_registry_module_call(Path(scratch), compiled_module, AVM_RELEASE[-1])
            record(
                "cold start, Bicep file calling the AVM module", "1 file + 150 KB module",
                [*tool, "--module-cache", str(cache), str(caller)], f"<= {TARGETS['avm_cold']} s",
            )
    corpus_result = None
    if corpus.is_dir():
        files = sum(1 for _ in corpus.rglob("*.json"))
        corpus_result = record("corpus (default --jobs)", f"{files} files", [*tool, str(corpus)], f"<= {TARGETS['corpus']} s, <= {TARGETS['corpus_mb']:.0f} MB")
        record("corpus (--jobs 1)", f"{files} files", [*tool, "--jobs", "1", str(corpus)])
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        resource_counts = (1, 100, 1000, 3000) if arguments.quick else (1, 10, 100, 1000, 10_000)
        for count in resource_counts:
            path = write_many_resources(root / f"resources-{count}.json", count)
            record("one template, N resources", f"{count} resources", [*tool, str(path)])
        file_counts = (1, 100, 1000) if arguments.quick else (1, 10, 100, 1000, 5000)
        for count in file_counts:
            directory = write_many_files(root / f"files-{count}", count)
            record("N files", f"{count} files", [*tool, str(directory)])
        path = write_copy_loop(root / "copy-800.json", 800)
        record("copy loop at ARM's limit", "800 copies", [*tool, str(path)])
    loads.append(machine_load())
    checkov_line = "checkov is not installed here: no comparison in this run."
    if corpus_result and shutil.which("checkov"):
        checkov = measure(["checkov", "-d", str(corpus), "--framework", "arm", "--quiet", "--compact"], max(1, repeat // 2))
        ratio = checkov["seconds"] / corpus_result["seconds"]
        version = subprocess.run(["checkov", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[-1:] or ["?"]
        checkov_line = (
            f"checkov {version[0]} (`checkov -d corpus --framework arm`) on the same corpus in the same run: "
            f"{checkov['seconds']:.2f} s, {checkov['peak_mb']:.0f} MB: vmss-lint is {ratio:.1f}x faster."
        )
        print(checkov_line)
    write_markdown(arguments.output, rows, checkov_line, repeat, loads, arguments.note)
    return 0


def write_markdown(
    output: Path, rows: list[tuple[str, str, dict[str, float], str]], checkov_line: str, repeat: int, loads: list[str], note: str = ""
) -> None:
    lines = [
        "# Performance",
        "",
        f"Measured by `python benchmarks/bench.py` on {os.cpu_count()} cores, Python {sys.version.split()[0]}: "
        f"whole processes as pre-commit runs them (bytecode cached, as after `pip install`), median wall time and median CPU "
        f"time (user + system of the tool and its workers) of {repeat} runs, the fastest of those runs (closest to what "
        "the tool itself costs when the machine's speed varies), largest peak RSS of one process.",
        "",
        f"Machine load while measuring: {loads[0]} at the start, {loads[-1]} at the end. On a shared machine the wall "
        "times include waiting for a core; the CPU times are what the tool itself spends." + (f" {note}" if note else ""),
        "",
        "| measurement | input | median wall time | fastest run | median CPU time | peak memory | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, size, result, target in rows:
        lines.append(
            f"| {name} | {size} | {result['seconds']:.3f} s | {result['fastest']:.3f} s | {result['cpu']:.3f} s "
            f"| {result['peak_mb']:.0f} MB | {target} |"
        )
    lines += ["", checkov_line, ""]
    output.parent.mkdir(parents=True, exist_ok=True)
    server = "<!-- bench_server.py -->"  # the language-server section that bench_server.py writes stays
    kept = output.read_text(encoding="utf-8").partition(server)[1:] if output.is_file() else ("", "")
    output.write_text("\n".join(lines) + ("\n" + "".join(kept) if kept[0] else ""), encoding="utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    sys.exit(main())
