"""The README's limits table says what docs/reliability.md says: the same bounds, with the same values."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _table(text: str, header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("| "):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows


def _values(rows: list[list[str]]) -> set[str]:
    """The numbers of the value column, remarks in parentheses left out."""
    return {number.replace(",", "") for row in rows for number in re.findall(r"\d[\d,]*", re.sub(r"\([^)]*\)", "", row[1]))}


def test_the_readme_limits_table_has_the_values_of_docs_reliability() -> None:
    documented = _table((REPO / "docs" / "reliability.md").read_text(encoding="utf-8"), "| limit | value | where")
    readme = _table((REPO / "README.md").read_text(encoding="utf-8"), "| limit | value | setting")
    assert _values(readme) == _values(documented)
    assert len(readme) >= len(documented) - 1  # the README folds the two Bicep nesting rows into one
