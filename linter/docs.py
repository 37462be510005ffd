"""Rule documentation pages in one fixed shape, generated from rule metadata and fixtures.

What it does · Why is this bad · Example · Use instead · Profiles · Options · References.
`tools/gen_rule_docs.py` writes them to docs/rules/; the pages ship in the wheel as `vmss_lint.ruledocs`
and back `vmss-lint rule ID` and the SARIF rule help.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import CODES, QUIET_BY_DEFAULT, UNDECIDED, DiagnosticCode
from .registry import PROFILES, Registry, RuleMeta

_MARKER = re.compile(r"\s*//\s*<-\s*[A-Z0-9-]+(?:\s*,\s*[A-Z0-9-]+)*\s*$")
_LANGUAGES = (("json", "ARM JSON"), ("bicep", "Bicep"))


def strip_markers(text: str) -> str:
    """Remove the `// <- RULE-ID` test markers from a fixture and any comma left dangling before them."""
    return "\n".join(_MARKER.sub("", line) for line in text.splitlines()).strip() + "\n"


def _fixture(directory: Path, stem: str, suffix: str) -> str | None:
    path = directory / f"{stem}.{suffix}"
    return strip_markers(path.read_text(encoding="utf-8")) if path.is_file() else None


def _examples(directory: Path, stem: str) -> list[str]:
    blocks: list[str] = []
    for suffix, label in _LANGUAGES:
        text = _fixture(directory, stem, suffix)
        before = _fixture(directory / "previous", stem, suffix)  # change-aware rules compare two versions
        if text and before:
            blocks += [f"{label}, the previous version (given by `--previous` or `--diff-base`):", "", f"```{suffix}", before.rstrip(), "```", ""]
            label = f"{label}, the new version"
        if text:
            blocks += [f"{label}:", "", f"```{suffix}", text.rstrip(), "```", ""]
    return blocks


def _modes(meta: RuleMeta) -> str:
    if meta.modes is None:
        return "any orchestration mode"
    return " and ".join(sorted(mode.value.capitalize() for mode in meta.modes)) + " orchestration"


def _autofix(meta: RuleMeta, directory: Path, registry: Registry | None) -> list[str]:
    """The `## Fix` section: what `--fix` does, shown as a diff on the failing fixtures."""
    if meta.autofix is None:
        return []
    import difflib

    from .fixes.example import fixed_fixture

    applies = "`--fix` applies it" if meta.autofix.safe else "unsafe: only `--fix --unsafe-fixes` applies it, as it can change what a working deployment does"
    lines = ["## Fix", "", f"{meta.autofix.title} ({applies}; editors offer it as a quick fix).", ""]
    for suffix, label in _LANGUAGES:
        fixture = directory / f"bad.{suffix}"
        fixed = fixed_fixture(meta.id, fixture, registry) if registry is not None and fixture.is_file() else None
        if fixed is None:
            continue
        before, after = (strip_markers(text).splitlines(keepends=True) for text in fixed)
        diff = "".join(difflib.unified_diff(before, after, f"bad.{suffix}", f"bad.{suffix} (fixed)", n=2))
        lines += [f"{label}:", "", "```diff", diff.rstrip(), "```", ""]
    return lines


def render_page(meta: RuleMeta, fixtures: Path, registry: Registry | None = None) -> str:
    """The Markdown page of one rule; `fixtures` is the repo's fixtures/rules directory."""
    directory = fixtures / meta.id
    lines = [
        f"# {meta.id}: {meta.name}",
        "",
        f"- Default severity: **{meta.severity.value}**",
        f"- Applies to: {', '.join(f'`{t}`' for t in meta.resource_types)} ({_modes(meta)})",
        f"- Catalogue rows: {', '.join(meta.catalogue)}",
        "",
        "## What it does",
        "",
        meta.summary,
        "",
        "## Why is this bad",
        "",
        meta.explanation,
        "",
        "## Example",
        "",
        *_examples(directory, "bad"),
        "## Use instead",
        "",
    ]
    if meta.fix:
        lines += [meta.fix, ""]
    lines += _examples(directory, "good")
    lines += _autofix(meta, directory, registry)
    lines += ["## Profiles", ""]
    for profile in PROFILES:
        level = meta.severity_for(profile).value
        lines.append(f"- `{profile}`: {'disabled' if level == 'off' else level}")
    lines.append("")
    if meta.options:
        lines += ["## Options", ""]
        lines += [f"- `{name}` (default `{default!r}`)" for name, default in sorted(meta.options.items())]
        lines += ["", "Set them under `[tool.vmss-lint.options]` in pyproject.toml or `options:` in .vmss-lint.yaml.", ""]
    if meta.sources:
        lines += ["## References", ""]
        lines += [f"- {source}" for source in meta.sources]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# Catalogue rows that are deliberately not rules, and why.
NOT_RULES = {
    "VM-FLEX-011": "documents that per-VM system-assigned identities are allowed: nothing to check",
    "AVSET-006": "update domains of scale sets have no template property (see rules/availability_set)",
}


def render_index(rules: Iterable[RuleMeta]) -> str:
    ordered = sorted(rules, key=lambda item: item.id)
    lines = [
        "# vmss-lint rules",
        "",
        "Generated by `tools/gen_rule_docs.py`. *Catalogue rows* are the row ids of the constraint catalogue the",
        "project started from: the maintainers' compilation of the Microsoft documentation, ARM schemas, REST",
        "specifications and GitHub issues that each page cites under *References* (the catalogue itself is not",
        "published; a row id names one constraint). An id that differs from its row marks a split or a merge.",
        "",
        "| id | name | severity | catalogue rows | summary |",
        "|---|---|---|---|---|",
    ]
    for meta in ordered:
        summary = meta.summary.replace("|", "\\|")
        rows = ", ".join(meta.catalogue)
        lines.append(f"| [{meta.id}]({meta.id}.md) | {meta.name} | {meta.severity.value} | {rows} | {summary} |")
    lines += ["", "## Catalogue rows that are not rules", ""]
    lines += [f"- {row}: {why}" for row, why in sorted(NOT_RULES.items())]
    lines += ["", "## The input itself (LINT)", "", "| id | name | severity | summary |", "|---|---|---|---|"]
    for code in CODES.values():
        summary = code.summary.replace("|", "\\|")
        lines.append(f"| [{code.id}]({code.id}.md) | {code.name} | {code.severity} | {summary} |")
    return "\n".join(lines) + "\n"


def render_code_page(code: DiagnosticCode) -> str:
    """The page of a LINT code: a problem with the input itself, not a rule of the catalogue."""
    if code.id == UNDECIDED:
        shown = "Shown only with `--show-unknown` (or `show-unknown = true`)."
    elif code.id in QUIET_BY_DEFAULT:
        shown = "A note shown only with `--verbose`; it never fails a run."
    else:
        shown = "Shown in every report, like a rule's finding."
    lines = [
        f"# {code.id}: {code.name}",
        "",
        f"- Default severity: **{code.severity}**",
        "- Applies to: the linted files themselves (ARM JSON, parameter files, Bicep)",
        "",
        "## What it does",
        "",
        code.summary,
        "",
        shown,
        "",
        "## What to do",
        "",
        code.fix,
        "",
        "## Configuration",
        "",
        f"Its level is set like a rule's, by id or name: `{code.name} = \"off\"` under `[tool.vmss-lint.severity]`",
        "(or `severity:` in .vmss-lint.yaml); `--select`/`--ignore` take `LINT` prefixes too.",
    ]
    return "\n".join(lines) + "\n"


def expected_pages(registry: Registry, fixtures: Path) -> dict[str, str]:
    """File name -> content for every page the docs folder must hold."""
    pages = {f"{item.id}.md": render_page(item.meta, fixtures, registry) for item in registry}
    pages.update({f"{code.id}.md": render_code_page(code) for code in CODES.values()})
    pages["README.md"] = render_index(item.meta for item in registry)
    return pages
