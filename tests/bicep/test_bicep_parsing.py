"""Parsing: every construct of the Bicep language reference (tests/bicep/corpus) parses with exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmss_lint.bicep import syntax as s
from vmss_lint.bicep.build import build_program
from vmss_lint.bicep.parser import BicepSyntaxError, parse_text
from vmss_lint.source import SourceFile

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(path for path in CORPUS.rglob("*") if path.suffix in (".bicep", ".bicepparam"))


@pytest.mark.parametrize("path", FILES, ids=[path.relative_to(CORPUS).as_posix() for path in FILES])
def test_corpus_file_parses_completely(path: Path) -> None:
    program = build_program(path.read_text(encoding="utf-8"))
    assert program.problems == []
    assert program.statements


def test_corpus_covers_every_statement_kind() -> None:
    kinds: set[str] = set()
    for path in FILES:
        for statement in build_program(path.read_text(encoding="utf-8")).statements:
            kinds.add(statement.kind if isinstance(statement, s.OtherDecl) else type(statement).__name__)
    assert kinds >= {
        "ParameterDecl", "VariableDecl", "OutputDecl", "ResourceDecl", "ModuleDecl", "TypeDecl", "FunctionDecl",
        "ImportDecl", "targetScope", "metadata", "assert", "using", "extension",
    }


def _only_value(text: str) -> object:
    program = build_program(text)
    assert program.problems == []
    return program.statements[0].value  # type: ignore[attr-defined]


def test_precedence_comparison_binds_tighter_than_ternary() -> None:
    value = _only_value("var x = a == 'a' ? 1 : 2\n")
    assert isinstance(value, s.Conditional)
    assert isinstance(value.test, s.Binary) and value.test.operator == "=="


def test_precedence_coalesce_below_or() -> None:
    value = _only_value("var x = a || b ?? c\n")
    assert isinstance(value, s.Binary) and value.operator == "??"
    assert isinstance(value.left, s.Binary) and value.left.operator == "||"


def test_safe_access_and_non_null_are_kept() -> None:
    value = _only_value("var x = a.?b!.c\n")
    assert isinstance(value, s.Member) and value.name == "c"
    assert isinstance(value.target, s.NonNull)
    assert isinstance(value.target.operand, s.Member) and value.target.operand.safe


def test_every_nested_child_resource_is_kept() -> None:
    text = "resource p 'A.B/c@1' = {\n  name: 'p'\n  resource one 'd' = {\n    name: '1'\n  }\n  resource two 'd' = {\n    name: '2'\n  }\n}\n"
    body = build_program(text).statements[0].body  # type: ignore[attr-defined]
    assert [item.name for item in body.items if isinstance(item, s.ChildResource)] == ["one", "two"]


def test_positions_are_exact() -> None:
    text = "resource web 'A.B/c@1' = {\n  name: 'web'\n  properties: {\n    overprovision: true\n  }\n}\n"
    source = SourceFile("x.bicep", text)
    resource = build_program(text).statements[0]
    properties = resource.body.items[1]  # type: ignore[attr-defined]
    inner = properties.value.items[0]
    assert source.position(inner.key_start) == (4, 5)
    assert source.position(inner.value.start) == (4, 20)
    assert source.position(resource.keyword_start) == (1, 1)


def test_interpolation_positions_point_into_the_string() -> None:
    text = "var x = 'a-${name}'\n"
    value = _only_value(text)
    assert isinstance(value, s.Interpolated)
    hole = value.parts[1]
    assert isinstance(hole, s.Variable) and text[hole.start:hole.end] == "name"


def test_syntax_error_is_reported_at_its_line_and_the_rest_still_parses() -> None:
    text = "param a string = 'x'\nvar broken = (1 +\nvar ok = 2\nresource r 'A.B/c@1' = {\n  name: 'r'\n}\n"
    program = build_program(text)
    assert len(program.problems) == 1
    source = SourceFile("x.bicep", text)
    assert source.position(program.problems[0][0])[0] in (2, 3)
    names = [getattr(statement, "name", None) for statement in program.statements]
    assert names == ["a", "ok", "r"]


def test_decimal_literals_are_not_bicep() -> None:
    with pytest.raises(BicepSyntaxError):
        parse_text("var x = 0.5\n")
