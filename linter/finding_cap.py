"""At most MAX_FINDINGS_PER_FILE findings per linted file; the rest become one summary finding.

A file built to repeat one mistake a million times (a million duplicate keys) would otherwise make a
report of gigabytes that no reader and no SARIF viewer can use.
"""

from __future__ import annotations

from dataclasses import replace

from .findings import Finding

MAX_FINDINGS_PER_FILE = 1_000


def cap_findings(findings: list[Finding], limit: int = MAX_FINDINGS_PER_FILE) -> list[Finding]:
    """The first `limit` findings (in report order) and, when more were found, one LINT-005 saying how many
    were left out, at the place of the first one left out."""
    if len(findings) <= limit:
        return findings
    from . import diagnostics

    left_out = findings[limit:]
    first = left_out[0]
    code = diagnostics.CODES[diagnostics.EVALUATION_LIMIT]
    summary = replace(
        first, rule_id=code.id, rule_name=code.name, severity=max((finding.severity for finding in left_out), key=lambda s: s.rank),
        message=f"{len(left_out):,} more findings in this file are not shown (at most {limit:,} per file)",
        resource_type="", resource_name="", property_path="", related=(), undecided=False, suppressed=None, iteration="",
    ).with_fingerprint()
    return [*findings[:limit], summary]
