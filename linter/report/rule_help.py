"""Rule help for reporters and `vmss-lint rule ID`: the generated docs page when it ships, else metadata."""

from __future__ import annotations

from importlib import resources

from ..registry import RuleMeta

DOCS_BASE = "https://github.com/vmss-lint/vmss-lint/blob/main/docs/rules"


def help_uri(meta: RuleMeta) -> str:
    return page_uri(meta.id)


def page_uri(rule_id: str) -> str:
    """The docs page of a rule or LINT code (tests/test_docs.py checks that each one exists)."""
    return f"{DOCS_BASE}/{rule_id}.md"


def shipped_page(rule_id: str) -> str | None:
    """The generated docs page packaged with vmss-lint (package `vmss_lint.ruledocs`), if present."""
    try:
        page = resources.files("vmss_lint.ruledocs").joinpath(f"{rule_id}.md")
        return page.read_text(encoding="utf-8") if page.is_file() else None
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def help_markdown(meta: RuleMeta) -> str:
    page = shipped_page(meta.id)
    if page:
        return page
    lines = [f"# {meta.id} {meta.name}", "", meta.summary, "", meta.explanation]
    if meta.fix:
        lines += ["", f"**Fix:** {meta.fix}"]
    if meta.sources:
        lines += ["", "## References", *[f"- {source}" for source in meta.sources]]
    return "\n".join(lines)


def help_text(meta: RuleMeta) -> str:
    text = f"{meta.summary}\n\n{meta.explanation}"
    if meta.fix:
        text += f"\n\nFix: {meta.fix}"
    return text
