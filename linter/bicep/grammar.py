"""The Bicep grammar: pycep-parser's Lark grammar, loaded at run time, plus our overrides.

`parser()` is Lark's LALR parser for it. Linting does not run it: `tables.py` takes its tables out once
per grammar version (cached as JSON) and `lalr.py` runs them.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark

START_SYMBOLS = ["start", "expr"]


def grammar_text() -> str:
    """pycep's grammar file followed by vmss-lint's `%override` rules."""
    base = pycep_grammar_file().read_text(encoding="utf-8")
    ours = (Path(__file__).parent / "overrides.lark").read_text(encoding="utf-8")
    return base + "\n\n" + ours.replace("__STRING_PATTERN__", string_pattern())


def string_pattern(depth: int = 4) -> str:
    """A regex for a Bicep string whose `${...}` holes hold strings up to `depth` levels deep.

    Each alternative starts with a different character, so matching never backtracks.
    """
    pattern = r"'(?:[^'\\$]|\\.|\$(?!\{))*'"
    for _ in range(depth):
        hole = r"\$\{(?:[^{}']|" + pattern + r"|\{[^{}']*\})*\}"
        pattern = r"'(?:[^'\\$]|\\.|\$(?!\{)|" + hole + r")*'"
    return pattern


def pycep_grammar_file() -> Path:
    """pycep's bicep.lark, found without importing pycep (its import builds a parser of its own)."""
    spec = importlib.util.find_spec("pycep")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pycep-parser is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "bicep.lark"


def cache_directory() -> Path:
    """The per-user cache directory (XDG on Unix, LOCALAPPDATA on Windows); VMSS_LINT_CACHE overrides."""
    override = os.environ.get("VMSS_LINT_CACHE")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "vmss-lint" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vmss-lint"


@functools.lru_cache(maxsize=1)
def parser() -> Lark:
    """Lark's LALR parser for the grammar, built in memory (one to two seconds). Only `tables.py` (once per
    grammar version) and the tests that compare the table runtime with Lark need it; nothing is cached
    from it, so no pickle is ever read from the user's cache directory."""
    from lark import Lark

    return Lark(
        grammar_text(), parser="lalr", lexer="contextual", propagate_positions=True, start=START_SYMBOLS,
        maybe_placeholders=True, postlex=_NewlinesEverywhere(),
    )


class _NewlinesEverywhere:
    """Let the lexer produce a newline token in every parser state: parser.py decides which to keep."""

    always_accept = ("_NL",)

    def process(self, stream):  # type: ignore[no-untyped-def]
        return stream
