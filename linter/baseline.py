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
from .guarded_read import FileTooLarge, read_text

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


def read(file: Path | str, max_bytes: int = 20 * 1024 * 1024) -> Counter[str]:
    """The recorded fingerprints of a baseline file, with how often each was recorded. The file must be a
    regular file of at most `max_bytes` (a committed link to /dev/zero or a FIFO is refused, not read)."""
    try:
        document = json.loads(read_text(file, root=None, max_bytes=max_bytes))
    except FileTooLarge as error:
        raise BaselineError(f"{file}: cannot read the baseline: {error}") from None
    except OSError as error:
        raise BaselineError(f"{file}: cannot read the baseline: {error.strerror or error}") from None
    except ValueError as error:
        raise BaselineError(f"{file}: the baseline is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION or not isinstance(document.get("findings"), list):
        raise BaselineError(f"{file}: not a vmss-lint baseline of version {FORMAT_VERSION} (write one with --write-baseline)")
    entries = document["findings"]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str) or not entry["fingerprint"]:
            raise BaselineError(f"{file}: entry {index + 1} of `findings` is not an object with a `fingerprint` string")
    fingerprints = [entry["fingerprint"] for entry in entries]
    return Counter(fingerprints)


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
