"""Build the Bicep parser: pycep-parser's Lark grammar, loaded at run time, plus our overrides.

Constructing an LALR table takes about a second, so the built parser is cached on disk, keyed by the
pycep and Lark versions and a hash of the combined grammar text; a warm start only unpickles it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark

START_SYMBOLS = ["start", "expr"]


def grammar_text() -> str:
    """pycep's grammar file followed by vmss-lint's `%override` rules."""
    base = resources.files("pycep").joinpath("bicep.lark").read_text(encoding="utf-8")
    ours = resources.files(__package__).joinpath("overrides.lark").read_text(encoding="utf-8")
    return base + "\n\n" + ours


def cache_directory() -> Path:
    """The per-user cache directory (XDG on Unix, LOCALAPPDATA on Windows); VMSS_LINT_CACHE overrides."""
    override = os.environ.get("VMSS_LINT_CACHE")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "vmss-lint" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vmss-lint"


def cache_file(text: str) -> Path:
    versions = f"pycep-{_version('pycep-parser')}-lark-{_version('lark')}"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return cache_directory() / f"bicep-{versions}-{digest}.lark-cache"


@functools.lru_cache(maxsize=1)
def parser() -> Lark:
    """The shared LALR parser (built once per process, and once per grammar version on disk)."""
    from lark import Lark

    text = grammar_text()
    options = dict(
        parser="lalr", lexer="contextual", propagate_positions=True, regex=True, start=START_SYMBOLS,
        maybe_placeholders=True, postlex=_NewlinesEverywhere(),
    )
    path = cache_file(text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return Lark(text, cache=str(path), **options)
    except OSError:  # a read-only home directory: build without the cache
        return Lark(text, **options)


class _NewlinesEverywhere:
    """Let the lexer produce a newline token in every parser state: parser.py decides which to keep."""

    always_accept = ("_NL",)

    def process(self, stream):  # type: ignore[no-untyped-def]
        return stream


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"
