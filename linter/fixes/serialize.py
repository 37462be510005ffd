"""A finding's fix in the JSON report and in SARIF (`result.fixes`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .types import Fix


def fix_to_dict(fix: Fix) -> dict[str, Any]:
    """The `fix` member of a JSON report finding (schemas/report.schema.json `$defs/fix`)."""
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            {
                "path": edit.span.path, "line": edit.span.line, "column": edit.span.column,
                "endLine": edit.span.end_line, "endColumn": edit.span.end_column, "newText": edit.new_text,
            }
            for edit in fix.edits
        ],
    }


def sarif_fix(fix: Fix, uri: Callable[[str], str]) -> Any:
    """A SARIF `fix`: one artifactChange per file, a replacement per edit (an insertion deletes an empty region)."""
    import sarif_om as sarif

    by_file: dict[str, list[Any]] = {}
    for edit in fix.edits:
        span = edit.span
        by_file.setdefault(span.path, []).append(
            sarif.Replacement(
                deleted_region=sarif.Region(start_line=span.line, start_column=span.column, end_line=span.end_line, end_column=span.end_column),
                inserted_content=sarif.ArtifactContent(text=edit.new_text) if edit.new_text else None,
            )
        )
    changes = [
        sarif.ArtifactChange(artifact_location=sarif.ArtifactLocation(uri=uri(path), uri_base_id="%SRCROOT%"), replacements=replacements)
        for path, replacements in by_file.items()
    ]
    label = "" if fix.safe else " (unsafe: changes behaviour)"
    return sarif.Fix(description=sarif.Message(text=fix.title + label), artifact_changes=changes)
