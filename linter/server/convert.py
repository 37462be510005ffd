"""Findings as LSP diagnostics, fixes as workspace edits, and the suppression comment as an edit."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from ..findings import Finding, Severity
from ..fixes.types import Fix, TextEdit
from ..source import Location
from ..suppress import DIRECTIVE

SOURCE = "vmss-lint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}


def to_range(location: Location) -> types.Range:
    """1-based, end-exclusive positions to LSP's 0-based range."""
    return types.Range(
        start=types.Position(line=location.line - 1, character=location.column - 1),
        end=types.Position(line=location.end_line - 1, character=max(location.end_column - 1, 0)),
    )


def to_diagnostic(finding: Finding, uri_of: Callable[[str], str]) -> types.Diagnostic:
    from ..report.rule_help import DOCS_BASE

    related = [
        types.DiagnosticRelatedInformation(location=types.Location(uri=uri_of(item.location.path), range=to_range(item.location)), message=item.message)
        for item in finding.related
    ]
    return types.Diagnostic(
        range=to_range(finding.location),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Hint),
        code=finding.rule_id,
        code_description=types.CodeDescription(href=f"{DOCS_BASE}/{finding.rule_id}.md"),
        source=SOURCE,
        related_information=related or None,
        data={"fingerprint": finding.fingerprint},
    )


def fix_edit(fix: Fix, uri_of: Callable[[str], str]) -> types.WorkspaceEdit:
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in fix.edits:
        changes.setdefault(uri_of(edit.span.path), []).append(_text_edit(edit))
    return types.WorkspaceEdit(changes=changes)


def _text_edit(edit: TextEdit) -> types.TextEdit:
    return types.TextEdit(range=to_range(edit.span), new_text=edit.new_text)


def suppression_edit(finding: Finding, line_text: str, uri: str, newline: str) -> types.WorkspaceEdit:
    """Insert `// vmss-lint-disable-next-line ID -- reason` above the finding's line, at its indentation."""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    comment = f"{indent}// {DIRECTIVE} {finding.rule_id} -- reason: explain why this is intended{newline}"
    position = types.Position(line=finding.location.line - 1, character=0)
    return types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(start=position, end=position), new_text=comment)]})
