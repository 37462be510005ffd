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
