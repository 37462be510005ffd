"""The server's incremental Bicep parse gives the program a full parse gives, edit after edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, SHARED
from vmss_lint.bicep.build import build_program
from vmss_lint.server.incremental import IncrementalParser

FILES = sorted(FIXTURES.rglob("*.bicep")) + sorted((SHARED / "corpus").rglob("*.bicep") if SHARED.exists() else [])


def test_every_bicep_file_parses_the_same(tmp_path: Path) -> None:
    parse = IncrementalParser()
    for file in FILES:
        text = file.read_text(encoding="utf-8-sig", errors="replace")
        expected = build_program(text)
        assert build_program(text, parse) == expected, file
        assert build_program(text, parse) == expected, file  # from the reused trees


@pytest.mark.parametrize("edit", [
    ("capacity: 2", "capacity: 3"),  # inside one declaration
    ("capacity: 2", "capacity: 2\n    bad: {"),  # a syntax error: the whole text is parsed as usual
    ("resource", "// a comment\nresource"),  # positions after an insertion move
])
def test_edits_parse_the_same(edit: tuple[str, str]) -> None:
    text = (
        "param location string = 'westeurope'\n\n"
        "resource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: 'web'\n  location: location\n"
        "  sku: {\n    name: 'Standard_D2s_v5'\n    capacity: 2\n  }\n}\n\n"
        "output id string = web.id\n"
    )
    parse = IncrementalParser()
    assert build_program(text, parse) == build_program(text)
    edited = text.replace(*edit)
    assert build_program(edited, parse) == build_program(edited)
