"""A front end's diagnostic (invalid JSON, an evaluation limit, an internal error...) as a finding, at the
level the configuration gives its LINT code. Shared by the engine and the parallel runner, which reports a
worker that died."""

from __future__ import annotations

from . import diagnostics
from .config import Config
from .findings import Finding, Severity
from .model import Diagnostic


def diagnostic_finding(diagnostic: Diagnostic, config: Config, level: Severity | None = None) -> Finding:
    """LINT codes are selected like rules, except the two that say the file was not checked at all."""
    code = diagnostics.CODES[diagnostic.code]
    severity = level or config.severities.get(code.id, Severity.parse(code.severity))
    if not config.is_selected(code.id) and code.id not in (diagnostics.INTERNAL_ERROR, diagnostics.INVALID_JSON):
        severity = Severity.OFF
    return Finding(
        rule_id=code.id,
        rule_name=code.name,
        severity=severity,
        message=diagnostic.message,
        location=diagnostic.location,
        related=diagnostic.related,
    ).with_fingerprint()
