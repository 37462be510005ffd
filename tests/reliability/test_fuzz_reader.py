"""Property-based fuzzing of the JSON reader: the only outcomes are a tree or a located syntax error."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from vmss_lint.arm.reader import JsonSyntaxError, parse_json, to_python
from vmss_lint.source import SourceFile

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_round_trips_valid_json(value) -> None:
    text = json.dumps(value, indent=1)
    assert to_python(parse_json(text).root) == value


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='{}[]",:/*\\ \n\tabtrue0123-.e', max_size=80))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        parse_json(text)
    except JsonSyntaxError as error:
        line, column = SourceFile("x", text).position(error.offset)
        assert line >= 1 and column >= 1


@settings(max_examples=300, deadline=None)
@given(json_values, st.data())
def test_mutated_json_never_crashes(value, data) -> None:
    text = json.dumps(value)
    if text:
        index = data.draw(st.integers(0, len(text) - 1))
        text = text[:index] + data.draw(st.sampled_from(["", "{", "]", '"', ",", "//", "/*"])) + text[index + 1 :]
    try:
        parse_json(text)
    except JsonSyntaxError:
        pass


# ---- the fast path and the exact parser build the same tree ----

from pathlib import Path  # noqa: E402

from conftest import SHARED, in_ci, shared_or_skip  # noqa: E402
from vmss_lint.arm.reader import JsonArray, JsonObject, JsonScalar, _Fallback, _parse_fast, _Parser  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _shape(node: object) -> object:
    """Everything a node holds, positions included, as comparable plain data."""
    if isinstance(node, JsonScalar):
        return ("scalar", node.start, node.end, type(node.value).__name__, node.value)
    if isinstance(node, JsonArray):
        return ("array", node.start, node.end, [_shape(item) for item in node.items])
    assert isinstance(node, JsonObject)
    return ("object", node.start, node.end, [(m.key, m.key_start, m.key_end, _shape(m.value)) for m in node.members])


def _assert_same_parse(text: str) -> None:
    try:
        fast = _parse_fast(text)
    except _Fallback:
        return  # the exact parser takes over: nothing to compare
    exact = _Parser(text).parse()
    assert _shape(fast.root) == _shape(exact.root)
    assert fast.duplicates == exact.duplicates
    assert fast.comments == exact.comments


def test_fast_path_builds_the_exact_tree_on_every_json_file() -> None:
    roots = [REPO / "fixtures", REPO / "tests"]
    if (SHARED / "corpus").is_dir() or in_ci():
        roots.append(shared_or_skip("corpus"))
    files = [path for root in roots for path in sorted(root.rglob("*.json"))]
    assert files
    for path in files:
        _assert_same_parse(path.read_text(encoding="utf-8-sig", errors="replace"))


layouts = st.sampled_from(["", " ", "\n", "\t", "  \r\n", " // note\n", " /* c */ ", "/**/"])


@settings(max_examples=300, deadline=None)
@given(json_values, st.lists(layouts, min_size=1, max_size=6), st.integers(0, 2**16))
def test_fast_path_builds_the_exact_tree_with_any_layout(value, spacing, seed) -> None:
    import random

    chance = random.Random(seed)
    text = json.dumps(value, separators=(",", ":"))
    pieces = []
    for char in text:
        pieces.append(char)
        if char in ",:{}[]" and chance.random() < 0.6:
            pieces.append(chance.choice(spacing))
    _assert_same_parse(chance.choice(spacing) + "".join(pieces) + chance.choice(spacing))


escape_pieces = st.sampled_from(['\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udc00x", "\\uD83D", "\n", "\t", "a", "é", " ", "\\x", "\\u12", "\\"])


@settings(max_examples=400, deadline=None)
@given(st.lists(escape_pieces, max_size=12), st.booleans())
def test_string_decoding_shortcut_agrees_with_the_exact_reader(pieces, closed) -> None:
    from vmss_lint.arm.reader import _read_string, _read_string_exactly

    text = '"' + "".join(pieces) + ('"' if closed else "") + ' , "next"'
    outcomes = []
    for read in (_read_string, _read_string_exactly):
        try:
            outcomes.append(read(text, 0))
        except JsonSyntaxError as error:
            outcomes.append(("error", error.offset, str(error)))
    assert outcomes[0] == outcomes[1]
