"""Benchmark the language server's re-lint of an open document after an edit; update docs/performance.md.

    python benchmarks/bench_server.py [--edits 30]

What `vmss-lint server` does once the debounce has passed: lint the editor's text of a 1,000-line document
(ARM JSON with a parameter file, and Bicep with a .bicepparam), in one long-lived process that keeps the
rules and the configuration loaded. Each edit changes one value, as typing does. The median and the slowest
re-lint are reported, in wall and CPU time. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import scale_set, template  # noqa: E402

TARGET_SECONDS = 0.100
MARKER = "<!-- bench_server.py -->"


def arm_document(lines: int) -> str:
    resources: list[dict] = []
    text = ""
    while len(text.splitlines()) < lines:
        resources.append(scale_set(len(resources)))
        text = json.dumps(template(resources, {"capacity": {"type": "int", "defaultValue": 2}}), indent=2)
    return text


def bicep_document(lines: int) -> str:
    blocks = ["param location string = 'westeurope'", "param capacity int = 2", ""]
    index = 0
    while sum(block.count("\n") + 1 for block in blocks) < lines:
        mode = "Flexible" if index % 2 == 0 else "Uniform"
        blocks.append(
            f"resource vmss{index} 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {{\n"
            f"  name: 'vmss-{index}'\n  location: location\n  sku: {{\n    name: 'Standard_D2s_v5'\n    capacity: capacity\n  }}\n"
            f"  properties: {{\n    orchestrationMode: '{mode}'\n    platformFaultDomainCount: 1\n    singlePlacementGroup: false\n"
            f"    virtualMachineProfile: {{\n      osProfile: {{\n        computerNamePrefix: 'vm{index}'\n        adminUsername: 'azureuser'\n"
            f"      }}\n      storageProfile: {{\n        imageReference: {{\n          publisher: 'Canonical'\n          offer: 'ubuntu-24_04-lts'\n"
            f"          sku: 'server'\n          version: 'latest'\n        }}\n      }}\n    }}\n  }}\n}}\n"
        )
        index += 1
    return "\n".join(blocks)


def measure(path: Path, text: str, edits: int) -> dict[str, float]:
    from vmss_lint.server.linting import DocumentLinter

    linter = DocumentLinter()
    linter.roots = [path.parent]
    linter.lint(path, text)  # the document is opened: its first lint loads what stays loaded
    walls, cpus = [], []
    for edit in range(edits):
        changed = text.replace("computerNamePrefix", "computerNamePrefix", 1)
        needle = '"vm0"' if path.suffix == ".json" else "'vm0'"
        changed = changed.replace(needle, needle.replace("vm0", f"vm0e{edit}"), 1)  # one keystroke's worth
        started, cpu_started = time.perf_counter(), time.process_time()
        linter.lint(path, changed)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    return {"median": statistics.median(walls), "slowest": max(walls), "cpu": statistics.median(cpus)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "performance.md")
    arguments = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        arm = root / "main.json"
        arm.write_text(arm_document(arguments.lines), encoding="utf-8")
        (root / "main.parameters.json").write_text(json.dumps({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
            "contentVersion": "1.0.0.0", "parameters": {"capacity": {"value": 3}},
        }), encoding="utf-8")
        bicep = root / "main.bicep"
        bicep.write_text(bicep_document(arguments.lines), encoding="utf-8")
        (root / "main.bicepparam").write_text("using 'main.bicep'\nparam capacity = 3\n", encoding="utf-8")
        for label, path in (("ARM JSON + parameter file", arm), ("Bicep + .bicepparam", bicep)):
            text = path.read_text(encoding="utf-8")
            result = measure(path, text, arguments.edits)
            rows.append((label, len(text.splitlines()), result))
            print(f"{label:<28} {len(text.splitlines()):>5} lines  median {result['median'] * 1000:6.1f} ms  "
                  f"slowest {result['slowest'] * 1000:6.1f} ms  cpu {result['cpu'] * 1000:6.1f} ms", flush=True)
    load = os.getloadavg()[0]
    lines = [
        MARKER,
        "## Language server: re-lint after an edit",
        "",
        f"Measured by `python benchmarks/bench_server.py` on {os.cpu_count()} cores (load average {load:.1f}), Python "
        f"{sys.version.split()[0]}: the time `vmss-lint server` takes to lint an open document's text again after a one-value "
        f"edit ({arguments.edits} edits; the {int(1000 * 0.15)} ms debounce and the JSON-RPC transport excluded). Target: "
        f"<= {TARGET_SECONDS * 1000:.0f} ms for a 1,000-line template.",
        "",
        "| document | lines | median | slowest | median CPU |",
        "|---|---|---|---|---|",
        *[f"| {label} | {count} | {result['median'] * 1000:.1f} ms | {result['slowest'] * 1000:.1f} ms | {result['cpu'] * 1000:.1f} ms |"
          for label, count, result in rows],
        "",
    ]
    page = arguments.output.read_text(encoding="utf-8") if arguments.output.is_file() else "# Performance\n"
    page = page.split(MARKER)[0].rstrip("\n") + "\n\n" + "\n".join(lines)
    arguments.output.write_text(page, encoding="utf-8")
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
