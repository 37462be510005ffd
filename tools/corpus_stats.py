"""Report how well the ARM evaluator resolves the scale sets of a corpus of templates.

    python tools/corpus_stats.py [DIR]   (default: ../shared/corpus, or $VMSS_SHARED/corpus)

For every VMSS resource: is the orchestration mode known (scale_set.mode), and are the values the rules
read (sku, properties, identity, zones) free of Unknown? Also counts internal errors and evaluation notes.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from vmss_lint.azure import scale_set
from vmss_lint.discover import Kind, discover
from vmss_lint.frontend import Settings, load
from vmss_lint.model import VMSS
from vmss_lint.values import MISSING, contains_unknown

RULE_INPUTS = ("sku", "properties", "identity", "zones")


@dataclass
class Stats:
    templates: int = 0
    errors: list[str] = field(default_factory=list)
    scale_sets: int = 0
    mode_known: int = 0
    fully_resolved: int = 0
    per_input: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        def share(count: int) -> str:
            return f"{count}/{self.scale_sets} ({100 * count / max(self.scale_sets, 1):.0f}%)"

        lines = [
            f"templates evaluated: {self.templates} in {self.seconds:.2f}s, internal errors: {len(self.errors)}",
            f"VMSS resources: {self.scale_sets}",
            f"  orchestration mode resolved: {share(self.mode_known)}",
            f"  sku, properties, identity and zones fully resolved: {share(self.fully_resolved)}",
        ]
        lines += [f"  {name} resolved (or absent): {share(self.per_input[name])}" for name in RULE_INPUTS]
        lines += [f"notes {code}: {count}" for code, count in sorted(self.notes.items())]
        return lines + [f"ERROR {error}" for error in self.errors]


def measure(root: Path) -> Stats:
    stats = Stats()
    found = discover([root])
    started = time.perf_counter()
    for job in found.jobs:
        if job.kind is not Kind.ARM_TEMPLATE:
            continue
        stats.templates += 1
        try:
            deployment = load(job, Settings(root=str(root))).evaluate()
        except Exception as error:  # the point of the report: count them
            stats.errors.append(f"{job.display}: {type(error).__name__}: {error}")
            continue
        for note in deployment.notes + deployment.diagnostics:
            stats.notes[note.code] += 1
        for resource in deployment.of_type(VMSS):
            if resource.existing:
                continue
            stats.scale_sets += 1
            mode = scale_set.mode(resource)
            stats.mode_known += mode is not None and not contains_unknown(mode)
            resolved = 0
            for name in RULE_INPUTS:
                value = resource.get(name)
                if value is MISSING or not contains_unknown(value):
                    stats.per_input[name] += 1
                    resolved += 1
            stats.fully_resolved += resolved == len(RULE_INPUTS)
    stats.seconds = time.perf_counter() - started
    return stats


def default_corpus() -> Path:
    shared = Path(os.environ.get("VMSS_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared")
    return shared / "corpus"


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else default_corpus()
    print("\n".join(measure(root).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
