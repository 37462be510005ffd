"""SARIF 2.1.0 for GitHub code scanning, built with sarif-om.

sarif-om gives the typed constructors (attrs classes generated from the SARIF schema, each field naming
its schema property) and no serialiser of its own. The serialiser meant to go with it (jschema-to-python,
not a dependency) leaves out every member equal to its schema default, so `"level": "warning"` vanishes
and GitHub then rates the result by its rule's level instead. `to_plain` below is therefore our
serialiser, through attrs' public API (a declared dependency): it writes every member we set, drops the
other defaults as the schema allows, and always keeps `level`. Its output is validated against both
SARIF schemas in ../shared/sarif (tests/ecosystem/test_eco_formats.py).
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any

import attrs
import sarif_om as sarif

from .. import __version__
from ..diagnostics import CODES
from ..engine import Report
from ..fixes.serialize import sarif_fix
from ..findings import Finding, Severity
from ..project import is_outside
from ..registry import RuleMeta
from .rule_help import help_markdown, help_text, help_uri, page_uri, shipped_page

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/vmss-lint/vmss-lint"
FINGERPRINT_KEY = "vmssLint/v1"
SRCROOT = "%SRCROOT%"  # the project root (project.py), given in run.originalUriBaseIds
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note", Severity.OFF: "none"}
_SECURITY_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "recommendation"}
_ALWAYS_KEEP = frozenset({"level"})
# GitHub code scanning's limits for one SARIF run (docs: "SARIF support for code scanning", upload limits)
MAX_RESULTS = 25_000
MAX_RULES = 25_000
MAX_LOCATIONS = 1_000  # locations and relatedLocations per result


def _rule_descriptor(meta: RuleMeta | None, rule_id: str, profile: str) -> sarif.ReportingDescriptor:
    if meta is None:
        code = CODES[rule_id]
        level = Severity.parse(code.severity)
        text = code.summary
        return sarif.ReportingDescriptor(
            id=rule_id,
            name=code.name,
            short_description=sarif.MultiformatMessageString(text=text),
            full_description=sarif.MultiformatMessageString(text=text),
            help=sarif.MultiformatMessageString(text=f"{text}\n\n{code.fix}".strip(), markdown=shipped_page(rule_id) or f"**{code.name}**: {text}"),
            help_uri=page_uri(rule_id),
            default_configuration=sarif.ReportingConfiguration(level=_LEVELS[level]),
            properties={"tags": ["vmss-lint", "input"], "precision": "very-high", "problem.severity": _SECURITY_SEVERITY[level]},
        )
    level = meta.severity_for(profile)
    return sarif.ReportingDescriptor(
        id=meta.id,
        name=meta.name,
        short_description=sarif.MultiformatMessageString(text=meta.summary),
        full_description=sarif.MultiformatMessageString(text=meta.explanation.split("\n\n")[0] or meta.summary),
        help=sarif.MultiformatMessageString(text=help_text(meta), markdown=help_markdown(meta)),
        help_uri=help_uri(meta),
        default_configuration=sarif.ReportingConfiguration(level=_LEVELS.get(level, "none")),
        properties={
            "tags": ["vmss-lint", "azure", *meta.tags],
            "precision": "high",
            "problem.severity": _SECURITY_SEVERITY.get(level, "recommendation"),
        },
    )


def _location(finding: Finding) -> sarif.Location:
    loc = finding.location
    return sarif.Location(
        physical_location=sarif.PhysicalLocation(
            artifact_location=_artifact(loc.path),
            region=sarif.Region(start_line=loc.line, start_column=loc.column, end_line=loc.end_line, end_column=loc.end_column),
        )
    )


def _artifact(path: str) -> sarif.ArtifactLocation:
    """Below the project root: relative to %SRCROOT%; outside it (an absolute display path): a file:// URI."""
    if is_outside(path):
        return sarif.ArtifactLocation(uri=PurePath(path).as_uri())
    return sarif.ArtifactLocation(uri=_uri(path), uri_base_id=SRCROOT)


def _root_uri(report: Report) -> str:
    """The project root as an absolute file:// URI ending in '/', as SARIF wants a base URI."""
    uri = Path(report.config.project_root or ".").resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _suppressions(finding: Finding) -> list[sarif.Suppression] | None:
    """`inSource` with the reason for a suppression comment or metadata; `external` for the baseline."""
    if not finding.suppressed:
        return None
    return [sarif.Suppression(kind="external" if finding.baselined else "inSource", justification=finding.suppressed)]


def _baseline_state(finding: Finding, report: Report) -> str | None:
    if report.config.baseline is None:
        return None
    return "unchanged" if finding.baselined else "new"


def _uri(path: str) -> str:
    from urllib.parse import quote

    # surrogateescape: a file name that is not UTF-8 keeps its original bytes in the URI
    return quote(path.replace("\\", "/").lstrip("/"), safe="/", errors="surrogateescape")


def build_log(report: Report, category: str | None = None, include_suppressed: bool = False) -> sarif.SarifLog:
    """One run for GitHub code scanning, GitHub's size limits respected. Suppressed and baselined findings
    are left out unless `include_suppressed`: then they carry `suppressions` (see the README for what
    GitHub does with them). With a baseline in use, every result has its `baselineState`."""
    notes: list[str] = []
    findings = report.findings if include_suppressed else report.active_findings
    if len(findings) > MAX_RESULTS:
        notes.append(f"{len(findings) - MAX_RESULTS} of {len(findings)} results were left out: GitHub code scanning accepts {MAX_RESULTS} per run")
        # keep the findings that count, the most severe first
        findings = sorted(findings, key=lambda finding: (finding.suppressed is not None, -finding.severity.rank))[:MAX_RESULTS]
    used = {finding.rule_id for finding in findings}
    rule_ids = sorted(used) + sorted({item.id for item in report.registry} - used)
    if len(rule_ids) > MAX_RULES:
        notes.append(f"{len(rule_ids) - MAX_RULES} rule descriptions were left out: GitHub code scanning accepts {MAX_RULES} per run")
        rule_ids = rule_ids[:MAX_RULES]
    rule_ids.sort()
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    rules = [_rule_descriptor(report.registry.meta(rule_id) if rule_id not in CODES else None, rule_id, report.config.profile) for rule_id in rule_ids]
    results = []
    for finding in findings:
        related = [
            sarif.Location(
                id=position,
                physical_location=sarif.PhysicalLocation(
                    artifact_location=_artifact(item.location.path),
                    region=sarif.Region(
                        start_line=item.location.line,
                        start_column=item.location.column,
                        end_line=item.location.end_line,
                        end_column=item.location.end_column,
                    ),
                ),
                message=sarif.Message(text=item.message),
            )
            for position, item in enumerate(finding.related[:MAX_LOCATIONS])
        ]
        results.append(
            sarif.Result(
                rule_id=finding.rule_id,
                rule_index=index[finding.rule_id],
                level=_LEVELS[finding.severity],
                message=sarif.Message(text=finding.message),
                locations=[_location(finding)],
                related_locations=related or None,
                partial_fingerprints={FINGERPRINT_KEY: finding.fingerprint},
                suppressions=_suppressions(finding),
                baseline_state=_baseline_state(finding, report),
                fixes=[sarif_fix(finding.fix, _uri)] if finding.fix is not None and finding.fix.edits else None,
            )
        )
    invocations = None
    if notes:
        invocations = [
            sarif.Invocation(
                execution_successful=True,
                tool_execution_notifications=[sarif.Notification(message=sarif.Message(text=note), level="warning") for note in notes],
            )
        ]
    run = sarif.Run(
        tool=sarif.Tool(
            driver=sarif.ToolComponent(
                name="vmss-lint",
                semantic_version=__version__,
                version=__version__,
                information_uri=INFORMATION_URI,
                rules=rules,
            )
        ),
        results=results,
        invocations=invocations,
        original_uri_base_ids={SRCROOT: sarif.ArtifactLocation(uri=_root_uri(report))},
        column_kind="unicodeCodePoints",
        automation_details=sarif.RunAutomationDetails(id=category if category.endswith("/") else f"{category}/") if category else None,
    )
    return sarif.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


def to_plain(value: Any) -> Any:
    """Serialise sarif-om objects: every member we set, `level` even when it equals the default."""
    if attrs.has(type(value)):
        document: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            member = getattr(value, field.name)
            if member is None:
                continue
            if field.name not in _ALWAYS_KEEP and field.default is not attrs.NOTHING and member == field.default:
                continue
            document[field.metadata.get("schema_property_name", field.name)] = to_plain(member)
        return document
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def render(report: Report, *, sarif_category: str | None = None, show_suppressed: bool = False, **_: object) -> str:
    return json.dumps(to_plain(build_log(report, sarif_category, show_suppressed)), indent=2) + "\n"
