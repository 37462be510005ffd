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


# ---- every node's span is the text it was read from ----

from pathlib import Path  # noqa: E402

from conftest import SHARED, in_ci, shared_or_skip  # noqa: E402
from vmss_lint.arm.reader import JsonArray, JsonNode, JsonObject, JsonScalar  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _assert_spans(text: str, node: JsonNode) -> None:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, JsonScalar):
            assert json.loads(text[node.start : node.end], strict=False) == node.value
        elif isinstance(node, JsonArray):
            assert text[node.start] == "[" and text[node.end - 1] == "]"
            stack.extend(node.items)
        else:
            assert isinstance(node, JsonObject)
            assert text[node.start] == "{" and text[node.end - 1] == "}"
            for member in node.members:
                assert json.loads(text[member.key_start : member.key_end], strict=False) == member.key
                stack.append(member.value)


def test_every_span_is_the_text_it_was_read_from_on_every_json_file() -> None:
    roots = [REPO / "fixtures", REPO / "tests"]
    if (SHARED / "corpus").is_dir() or in_ci():
        roots.append(shared_or_skip("corpus"))
    files = [path for root in roots for path in sorted(root.rglob("*.json"))]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        try:
            parsed = parse_json(text)
        except JsonSyntaxError:
            continue  # fixtures of LINT-001
        _assert_spans(text, parsed.root)


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
