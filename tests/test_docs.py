"""Every rule has a generated docs page, and the pages are not stale."""

from __future__ import annotations

from conftest import FIXTURES, REPO
from vmss_lint.docs import expected_pages


def test_docs_pages_are_generated_and_current(registry) -> None:
    pages = expected_pages(registry, FIXTURES / "rules")
    docs = REPO / "docs" / "rules"
    stale = [name for name, text in pages.items() if not (docs / name).is_file() or (docs / name).read_text(encoding="utf-8") != text]
    extra = sorted(path.name for path in docs.glob("*.md") if path.name not in pages)
    assert not stale and not extra, (
        f"docs/rules is stale ({stale[:5]}…, extra {extra[:5]}): run `python tools/gen_rule_docs.py`"
    )


def test_every_page_has_the_fixed_shape(registry) -> None:
    pages = expected_pages(registry, FIXTURES / "rules")
    for item in registry:
        page = pages[f"{item.id}.md"]
        for heading in ("## What it does", "## Why is this bad", "## Example", "## Use instead", "## Profiles", "## References"):
            assert heading in page, f"{item.id}: missing {heading}"
        assert "```json" in page and "```bicep" in page, f"{item.id}: examples in both formats"
