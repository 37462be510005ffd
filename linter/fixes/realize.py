"""Plans to text edits: each file a fix touches is parsed once per call."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from ..arm.reader import JsonNode
from ..findings import Finding
from .text import Text
from .types import FOLLOW, Fix

ReadText = Callable[[str], "str | None"]


def read_from_disk(display: str, root: str | None = None) -> str | None:
    """The text of a file by its display path (relative to the project root `root`, or absolute)."""
    from ..project import on_disk
    from ..source import DecodeError, decode

    try:
        return decode(on_disk(display, root).read_bytes())
    except (OSError, DecodeError):
        return None


def realize(findings: Iterable[Finding], read: ReadText = read_from_disk, trees: Mapping[str, object] | None = None) -> list[Finding]:
    """The findings with their planned fixes turned into text edits; a fix the text does not allow is dropped.
    `trees`: the parsed JSON of files the evaluation read, by display path (their text is what `read` gives)."""
    documents: dict[str, object | None] = {}
    read_tree = trees or {}
    result = []
    for finding in findings:
        fix = finding.fix
        if fix is not None and fix.plan is not None and not fix.edits:
            fix = _edits(fix, documents, read, read_tree)
            finding = replace(finding, fix=fix)
        result.append(finding)
    return result


def _edits(fix: Fix, documents: dict[str, object | None], read: ReadText, trees: Mapping[str, object]) -> Fix | None:
    plan = fix.plan
    assert plan is not None
    document = _cached((plan.key or plan.declared).path, documents, read, trees)
    if document is None:
        return None
    try:
        spans = document.spans(plan)  # type: ignore[attr-defined]
        if spans == FOLLOW:  # a plain reference: edit the literal where the value was given
            document = _cached(plan.sources[0].path, documents, read, trees) if plan.sources else None
            spans = document.set_source(plan.sources[0], plan.value) if document is not None else None  # type: ignore[attr-defined]
            # other resources may read the same parameter or variable: never a safe fix
            fix = replace(fix, title=f"{fix.title} (where the value is set, in {Path(plan.sources[0].path).name})", safe=False)
    except Exception:  # a text the parser rejects now (the file changed since) gets no fix
        return None
    if not spans:
        return None
    text: Text = document.text  # type: ignore[attr-defined]
    return replace(fix, plan=None, edits=tuple(text.edit(span) for span in spans))


def _cached(path: str, documents: dict[str, object | None], read: ReadText, trees: Mapping[str, object]) -> object | None:
    if path not in documents:
        documents[path] = _document(path, read, trees.get(path))
    return documents[path]


def _document(path: str, read: ReadText, tree: object | None) -> object | None:
    content = read(path)
    if content is None:
        return None
    text = Text(path, content)
    try:
        if path.lower().endswith((".bicep", ".bicepparam")):
            from .bicep import BicepDocument

            return BicepDocument(text)
        from .arm import ArmDocument

        return ArmDocument(text, tree if isinstance(tree, JsonNode) else None)
    except Exception:  # unparsable now: no fix
        return None
