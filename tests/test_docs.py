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


def test_every_sarif_help_uri_names_a_page_in_the_repository(registry) -> None:
    """Rules and LINT codes alike: the helpUri of each SARIF rule descriptor is a docs page that exists."""
    from vmss_lint.config import Config
    from vmss_lint.diagnostics import CODES
    from vmss_lint.report.rule_help import DOCS_BASE
    from vmss_lint.report.sarif import _rule_descriptor

    descriptors = [_rule_descriptor(item.meta, item.id, "current") for item in registry]
    descriptors += [_rule_descriptor(None, code, Config().profile) for code in CODES]
    for descriptor in descriptors:
        assert descriptor.help_uri.startswith(DOCS_BASE + "/"), descriptor.help_uri
        page = REPO / "docs" / "rules" / descriptor.help_uri[len(DOCS_BASE) + 1 :]
        assert page.is_file(), f"{descriptor.id}: {descriptor.help_uri} does not exist"
    assert DOCS_BASE.endswith("/blob/main/docs/rules")


def test_pages_cite_no_file_outside_the_repository(registry) -> None:
    """The constraint catalogue is not published: pages name its row ids and the sources, not its path."""
    for page in (REPO / "docs" / "rules").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "vmss-constraints.md" not in text and "facts/" not in text, page.name


def test_lint_codes_have_pages_and_the_rule_command_shows_them() -> None:
    from click.testing import CliRunner

    from vmss_lint.cli import main
    from vmss_lint.diagnostics import CODES

    for code in CODES.values():
        assert (REPO / "docs" / "rules" / f"{code.id}.md").is_file() and code.fix, code.id
    shown = CliRunner().invoke(main, ["rule", "LINT-012"]).output
    assert shown.startswith("# LINT-012: suppression-without-reason") and "## What to do" in shown
