"""The table runtime (`lalr.py`) builds exactly the trees, and reports exactly the errors, that Lark does.

The reference is the same parse driver run on Lark's own LALR parser (grammar.parser()): every Bicep file
of the tests and fixtures, each declaration alone, thousands of truncated or mutated copies, and
expressions parsed from the `expr` start symbol.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import lark
import pytest
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.parsers.lalr_analysis import Shift

from vmss_lint.bicep import grammar, tables
from vmss_lint.bicep import parser as driver
from vmss_lint.bicep.lalr import Token, Tree

REPO = Path(__file__).resolve().parents[2]
FILES = sorted(path for folder in (REPO / "tests" / "bicep" / "corpus", REPO / "fixtures") for path in folder.rglob("*") if path.suffix in (".bicep", ".bicepparam"))
INSERTIONS = ["(", ")", "'", "{", "}", "\n", "@", "?", ":", "[", "]", "==", " if ", "for", "${", "/*"]
EXPRESSIONS = ["a.b[0]", "1 + 2 * 3", "x ? y : z", "'a${b}c'", "f(1, 'x')", "!a && b || c", "a.?b ?? c", "[for i in range(0, 3): i]", "{ a: 1 }", "(x)", "", "1 +", "a b"]


def lark_parse(text: str, start: str = "start") -> Any:
    """parser.parse_text's algorithm, on Lark's parser: the reference."""
    parser = grammar.parser()
    interactive = parser.parse_interactive(text, start=start)
    state = interactive.parser_state
    table = state.parse_conf.parse_table.states

    def accepts(stack: list[int], terminal: str) -> bool:
        states = list(stack)
        while True:
            action = table[states[-1]].get(terminal)
            if action is None:
                return False
            kind, argument = action
            if kind is Shift:
                return True
            if argument.expansion:
                del states[-len(argument.expansion):]
            goto = table[states[-1]].get(argument.origin.name)
            if goto is None:
                return False
            states.append(goto[1])

    brackets: list[str] = []
    last = None
    try:
        for token in interactive.lexer_thread.lex(state):
            if token.type == driver.NEWLINE:
                if brackets and brackets[-1] == "LPAR":
                    continue
                following = driver._BLANK.match(text, token.end_pos)
                position = following.end() if following else token.end_pos
                if position >= len(text) or driver._CONTINUATION.match(text, position):
                    if position < len(text) or not accepts(state.state_stack, driver.NEWLINE):
                        continue
                elif not accepts(state.state_stack, driver.NEWLINE):
                    continue
            elif token.type in driver._OPENERS:
                brackets.append(token.type)
            elif token.type in driver._CLOSERS and brackets:
                brackets.pop()
            state.feed_token(token)
            last = token
        if start == "start" and (last is None or last.type != driver.NEWLINE) and accepts(state.state_stack, driver.NEWLINE):
            state.feed_token(lark.Token.new_borrow_pos(driver.NEWLINE, "\n", last) if last is not None else lark.Token(driver.NEWLINE, "\n", 0, 1, 1))
        return interactive.feed_eof(last)
    except UnexpectedToken as error:
        shown = "the end of the file" if error.token.type == "$END" else repr(str(error.token))
        return ("error", error.token.start_pos, f"unexpected {shown}")
    except UnexpectedCharacters as error:
        return ("error", error.pos_in_stream, f"unexpected character {text[error.pos_in_stream]!r}")


def table_parse(text: str, start: str = "start") -> Any:
    try:
        return driver.parse_text(text, start)
    except driver.BicepSyntaxError as error:
        return ("error", error.offset, error.message)


def difference(expected: Any, got: Any, where: str = "") -> str | None:
    """Where two results differ (tree shape, names, tokens, positions, errors), or None."""
    if isinstance(expected, tuple) or isinstance(got, tuple):
        return None if expected == got else f"{where}: {expected} != {got}"
    if expected is None or got is None:
        return None if expected is got else f"{where}: {expected!r} != {got!r}"
    if isinstance(expected, lark.Token):
        same = isinstance(got, Token) and (expected.type, str(expected), expected.start_pos, expected.end_pos) == (got.type, str(got), got.start_pos, got.end_pos)
        return None if same else f"{where}: {expected!r} != {got!r}"
    if not isinstance(got, Tree) or str(expected.data) != got.data:
        return f"{where}: {expected!r} != {got!r}"
    meta = expected.meta
    if getattr(meta, "empty", True) != got.meta.empty:
        return f"{where}/{got.data}: emptiness differs"
    if not got.meta.empty and (meta.start_pos, meta.end_pos) != (got.meta.start_pos, got.meta.end_pos):
        return f"{where}/{got.data}: span {(meta.start_pos, meta.end_pos)} != {(got.meta.start_pos, got.meta.end_pos)}"
    if len(expected.children) != len(got.children):
        return f"{where}/{got.data}: {len(expected.children)} children != {len(got.children)}"
    for index, (one, other) in enumerate(zip(expected.children, got.children)):
        found = difference(one, other, f"{where}/{got.data}[{index}]")
        if found:
            return found
    return None


def pieces(text: str) -> list[str]:
    starts = driver._declaration_starts(text)
    return [text] + [text[begin:end] for begin, end in zip(starts, starts[1:] + [len(text)])]


@pytest.mark.parametrize("path", FILES, ids=[path.relative_to(REPO).as_posix() for path in FILES])
def test_same_trees_as_lark(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    for piece in pieces(text):
        assert difference(lark_parse(piece), table_parse(piece)) is None


def test_same_errors_as_lark_on_broken_text() -> None:
    chance = random.Random(8)
    for path in FILES[::3]:
        text = path.read_text(encoding="utf-8-sig")
        for _ in range(10):
            cut = chance.randrange(len(text) + 1)
            broken = text[:cut] if chance.random() < 0.5 else text[:cut] + chance.choice(INSERTIONS) + text[cut:]
            assert difference(lark_parse(broken), table_parse(broken)) is None, (path.name, cut)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_same_expressions_as_lark(text: str) -> None:
    assert difference(lark_parse(text, "expr"), table_parse(text, "expr")) is None


def test_tables_are_read_from_the_cache_and_rebuilt_when_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VMSS_LINT_CACHE", str(tmp_path))
    tables.tables.cache_clear()
    try:
        built = tables.tables()
        [cached] = tmp_path.glob("bicep-tables-*.json")
        assert json.loads(cached.read_text())["format"] == tables.FORMAT
        tables.tables.cache_clear()
        cached.write_text("{ not json")
        assert len(tables.tables().states) == len(built.states)
        assert json.loads(cached.read_text())["format"] == tables.FORMAT  # written again, whole
        tables.tables.cache_clear()
        cached.write_text(json.dumps({"format": tables.FORMAT, "states": "damaged"}))
        assert len(tables.tables().states) == len(built.states)
    finally:
        tables.tables.cache_clear()


def test_a_read_only_cache_directory_still_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("")
    monkeypatch.setenv("VMSS_LINT_CACHE", str(blocked / "cache"))
    tables.tables.cache_clear()
    try:
        assert table_parse("param a int = 1\n") is not None
    finally:
        tables.tables.cache_clear()


def test_the_wide_scanner_answers_as_each_state_would() -> None:
    """Tables.match takes a shortcut through one scanner of all terminals; for every state and many
    positions of real text it must give what that state's own scanner gives."""
    grammar_tables = tables.tables()
    chance = random.Random(9)
    texts = [path.read_text(encoding="utf-8-sig") for path in FILES[::4]]
    for state in range(len(grammar_tables.states)):
        own = grammar_tables.scanner(state)
        for _ in range(12):
            text = chance.choice(texts)
            position = chance.randrange(len(text))
            assert grammar_tables.match(state, text, position) == own.match(text, position), (state, text[position:position + 20])
