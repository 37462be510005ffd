"""Regenerate docs/rules/*.md from rule metadata and fixtures: `python tools/gen_rule_docs.py`.

`--check` exits 1 when a page is stale or missing (tests/test_docs.py runs the same comparison).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vmss_lint.docs import expected_pages
from vmss_lint.registry import load_registry

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "rules"
FIXTURES = REPO / "fixtures" / "rules"
KEEP = {"__init__.py"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report stale pages")
    arguments = parser.parse_args()
    pages = expected_pages(load_registry(entry_points=False), FIXTURES)
    stale = [name for name, text in pages.items() if not (DOCS / name).is_file() or (DOCS / name).read_text(encoding="utf-8") != text]
    extra = [path.name for path in DOCS.glob("*.md") if path.name not in pages]
    if arguments.check:
        for name in stale + extra:
            print(f"stale: docs/rules/{name}")
        return 1 if stale or extra else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (DOCS / name).write_text(pages[name], encoding="utf-8")
    for name in extra:
        (DOCS / name).unlink()
    print(f"{len(stale)} page(s) written, {len(extra)} removed, {len(pages)} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
