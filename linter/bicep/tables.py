"""The Bicep parse tables: built by Lark from the grammar once, then read from a JSON file in the cache.

Lark takes one to two seconds to build the LALR tables of pycep-parser's grammar and our overrides, and a
few tens of milliseconds to import and load its own cache. The tables are plain data, so they are stored
as JSON in the user cache directory, named by a hash of the grammar text and `FORMAT`; a warm start reads
them in a few milliseconds and `lalr.py` runs them without importing Lark.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .grammar import cache_directory, grammar_text
from .grammar import parser as lark_parser
from .lalr import Tables

FORMAT = 2  # bump when the file layout or the tree-building data changes
ALWAYS_ACCEPT = ["_NL"]  # the newline terminal the parse driver decides about (see parser.py)


@functools.lru_cache(maxsize=1)
def tables() -> Tables:
    """The tables of the current grammar: from the cache, or built now (and cached when possible)."""
    text = grammar_text()
    path = cache_file(text)
    data = _read(path)
    if data is not None:
        try:
            return Tables(data)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # a damaged file that is still JSON: build it again
    data = build()
    _write(path, data)
    return Tables(data)


def cache_file(text: str) -> Path:
    digest = hashlib.sha256(f"{FORMAT}\n{text}".encode("utf-8")).hexdigest()[:16]
    return cache_directory() / f"bicep-tables-{digest}.json"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _write(path: Path, data: dict[str, Any]) -> None:
    """Atomically: a concurrent run (pre-commit starts several) reads a whole file or none."""
    import tempfile  # only when the tables were built: not on the start-up path

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bicep-tables-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:  # a read-only home: build again next time
        return


def build() -> dict[str, Any]:
    """Let Lark build the tables (grammar.parser()), and take out what `lalr.py` needs."""
    return extract(lark_parser())


def extract(lark: Any) -> dict[str, Any]:
    """The automaton, the rules with how each shapes its tree, and the terminals of a built Lark parser."""
    from lark.lexer import PatternStr
    from lark.parsers.lalr_analysis import Shift

    if lark.lexer_conf.g_regex_flags or lark.lexer_conf.use_bytes:
        raise ValueError("the grammar uses global regex flags or bytes, which the runtime does not support")
    table = lark.parser.parser.parser.parse_table
    rules = list(lark.rules)
    numbers = {id(rule): number for number, rule in enumerate(rules)}
    by_value = {rule: number for number, rule in enumerate(rules)}

    def code(action: Any, argument: Any) -> int:
        if action is Shift:
            return int(argument)
        return -(numbers.get(id(argument), by_value[argument])) - 1

    states: list[dict[str, int]] = [{} for _ in range(max(table.states) + 1)]
    for state, actions in table.states.items():
        states[state] = {symbol: code(action, argument) for symbol, (action, argument) in actions.items()}
    terminals = []
    strings = [terminal for terminal in lark.terminals if isinstance(terminal.pattern, PatternStr)]
    for terminal in lark.terminals:
        pattern = terminal.pattern
        if pattern.flags:
            raise ValueError(f"terminal {terminal.name} has regex flags, which the runtime does not support")
        literal = pattern.value if isinstance(pattern, PatternStr) else None
        spells = [] if literal is not None else [
            string.name for string in strings
            if string.priority == terminal.priority and _matches_whole(pattern.to_regexp(), string.pattern.value)
        ]
        terminals.append([terminal.name, pattern.to_regexp(), terminal.priority, int(pattern.max_width), len(pattern.value), literal, spells])
    return {
        "format": FORMAT,
        "states": states,
        "start_states": dict(table.start_states),
        "end_states": dict(table.end_states),
        "rules": [_rule_data(rule) for rule in rules],
        "terminals": terminals,
        "ignore": sorted(lark.lexer_conf.ignore),
        "always_accept": ALWAYS_ACCEPT,
    }


def _rule_data(rule: Any) -> list[Any]:
    """[origin, size, tree name, replaced by its only child?, which children the tree keeps]."""
    options = rule.options
    name = rule.alias or options.template_source or rule.origin.name
    return [rule.origin.name, len(rule.expansion), str(name), bool(options.expand1 and not rule.alias), _children(rule)]


def _children(rule: Any) -> list[Any] | None:
    """None when the tree keeps its children as they are; else ([(index, splice, Nones before)], Nones after).

    A child is left out when it is a filtered terminal (anonymous strings, `_NAME`s) unless the rule keeps
    all tokens; a `_rule` child is spliced in (its children take its place); with maybe_placeholders an
    absent `[optional]` leaves a None where it would be.
    """
    expansion = rule.expansion
    empty = rule.options.empty_indices
    if empty:
        # the rule as written, with a True for each optional part that this expansion leaves out
        marks = "".join("1" if absent else "0" for absent in empty)
        nones_at = [len(run) for run in marks.split("0")]
    else:
        nones_at = [0] * (len(expansion) + 1)
    include: list[list[Any]] = []
    pending = 0
    for index, symbol in enumerate(expansion):
        pending += nones_at[index]
        if rule.options.keep_all_tokens or not (symbol.is_term and symbol.filter_out):
            include.append([index, not symbol.is_term and symbol.name.startswith("_"), pending])
            pending = 0
    pending += nones_at[len(expansion)]
    if empty or len(include) < len(expansion) or any(splice for _, splice, _ in include):
        return [include, pending]
    return None


def _matches_whole(regexp: str, text: str) -> bool:
    """Whether the regex, matched at the start of `text`, takes exactly all of it (Lark's keyword test)."""
    import re

    found = re.match(regexp, text)
    return found is not None and found.group(0) == text
