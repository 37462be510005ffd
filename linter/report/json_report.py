"""The JSON report; its format is `schemas/report.schema.json`."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..engine import Report
from ..findings import Finding
from ..fixes.serialize import fix_to_dict

FORMAT_VERSION = 1


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "ruleId": finding.rule_id,
        "ruleName": finding.rule_name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "endLine": location.end_line,
        "endColumn": location.end_column,
        "resourceType": finding.resource_type,
        "resourceName": finding.resource_name,
        "propertyPath": finding.property_path,
        "fingerprint": finding.fingerprint,
        "related": [
            {"path": item.location.path, "line": item.location.line, "column": item.location.column, "message": item.message}
            for item in finding.related
        ],
        **({"suppressed": finding.suppressed} if finding.suppressed is not None else {}),
        **({"fix": fix_to_dict(finding.fix)} if finding.fix is not None and finding.fix.edits else {}),
    }


def render(report: Report, *, show_suppressed: bool = False, **_: object) -> str:
    """The JSON report; suppressed findings (with their `suppressed` reason) only with show_suppressed."""
    counts = report.counts()
    suppressed, baselined = report.suppressed_counts()
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "vmss-lint", "version": __version__},
        "profile": report.config.profile,
        "files": [result.path for result in report.files],
        "findings": [finding_to_dict(finding) for finding in (report.findings if show_suppressed else report.active_findings)],
        "summary": {**{severity.value: count for severity, count in counts.items()}, "suppressed": suppressed, "baselined": baselined,
                    "modulesNotChecked": report.modules_not_checked()},
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
