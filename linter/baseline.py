"""Baselines: record today's findings, then report only new ones.

A baseline file (format: schemas/baseline.schema.json) lists findings by `Finding.fingerprint` — rule,
file path, resource type and name, property path — never by line, so editing a template above a recorded
finding does not bring it back. A fingerprint recorded N times absorbs at most N findings; the rest are
new. Matched findings stay in the report marked suppressed ("in the baseline"), so they never fail a
run and are listed with --show-suppressed.

    {"version": 1, "tool": "vmss-lint", "findings": [
        {"fingerprint": "…", "ruleId": "VMSS-FLEX-032", "path": "infra/web.json",
         "resourceType": "Microsoft.Compute/virtualMachineScaleSets", "resourceName": "web",
         "propertyPath": "properties.overprovision", "message": "…"}]}
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .contracts import FileResult
from .findings import Finding

FORMAT_VERSION = 1
REASON = "in the baseline"


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a vmss-lint baseline."""


def to_document(findings: Iterable[Finding]) -> dict[str, Any]:
    """The baseline document of `findings` (sorted, so the file is stable under version control)."""
    entries = [
        {
            "fingerprint": finding.fingerprint,
            "ruleId": finding.rule_id,
            "path": finding.location.path,
            "resourceType": finding.resource_type,
            "resourceName": finding.resource_name,
            "propertyPath": finding.property_path,
            "message": finding.message,
        }
        for finding in findings
        if not finding.suppressed
    ]
    entries.sort(key=lambda entry: (entry["path"], entry["ruleId"], entry["resourceName"], entry["propertyPath"], entry["fingerprint"]))
    return {"version": FORMAT_VERSION, "tool": "vmss-lint", "findings": entries}


def write(file: Path, findings: Iterable[Finding]) -> int:
    """Write the baseline of `findings` to `file`; return how many findings it records."""
    document = to_document(findings)
    file.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return len(document["findings"])


def read(file: Path | str) -> Counter[str]:
    """The recorded fingerprints of a baseline file, with how often each was recorded."""
    try:
        document = json.loads(Path(file).read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{file}: cannot read the baseline: {error.strerror or error}") from None
    except ValueError as error:
        raise BaselineError(f"{file}: the baseline is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION or not isinstance(document.get("findings"), list):
        raise BaselineError(f"{file}: not a vmss-lint baseline of version {FORMAT_VERSION} (write one with --write-baseline)")
    fingerprints = [entry.get("fingerprint") for entry in document["findings"] if isinstance(entry, dict)]
    checked = [item for item in fingerprints if isinstance(item, str) and item]
    if len(checked) != len(fingerprints):
        raise BaselineError(f"{file}: every baseline entry needs a `fingerprint` string")
    return Counter(checked)


def filter_findings(results: list[FileResult], recorded: Counter[str]) -> None:
    """Mark the findings recorded in the baseline as suppressed, in place."""
    remaining = Counter(recorded)
    for result in results:
        marked = []
        for finding in result.findings:
            if not finding.suppressed and remaining[finding.fingerprint] > 0:
                remaining[finding.fingerprint] -= 1
                finding = replace(finding, suppressed=REASON, baselined=True)
            marked.append(finding)
        result.findings = marked
