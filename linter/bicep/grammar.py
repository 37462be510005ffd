"""The Bicep grammar: pycep-parser's Lark grammar, loaded at run time, plus our overrides.

`parser()` is Lark's LALR parser for it, with its tables cached by Lark; parser.py drives it.
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
    """Lark's LALR parser for the grammar. Building its tables takes one to two seconds, so Lark keeps them
    in the user cache directory (its own cache file, checked against a hash of the grammar, the options and
    the Lark and Python versions; rebuilt when they differ, not written when the directory is read-only)."""
    from lark import Lark

    directory = cache_directory()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        cache: str | bool = str(directory / "bicep-parser.lark-cache")
    except OSError:
        cache = False
    return Lark(
        grammar_text(), parser="lalr", lexer="contextual", propagate_positions=True, start=START_SYMBOLS,
        maybe_placeholders=True, postlex=_NewlinesEverywhere(), cache=cache,
    )


class _NewlinesEverywhere:
    """Let the lexer produce a newline token in every parser state: parser.py decides which to keep."""

    always_accept = ("_NL",)

    def process(self, stream):  # type: ignore[no-untyped-def]
        return stream
