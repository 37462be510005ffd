"""YAML for configuration files and `loadYamlContent()`: no aliases, bounded depth and size.

An alias bomb (anchors of anchors) expands to billions of nodes, and 5,000 nested `[` exhaust the loader's
recursion. The events are read first, in constant memory: an alias, nesting deeper than MAX_DEPTH or more
than MAX_NODES nodes refuse the document before anything is built.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 64
MAX_NODES = 100_000


class YamlRefused(ValueError):
    """The document is not loaded; `line`/`column` are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load_yaml(text: str) -> Any:
    """The document in `text` (plain data), or YamlRefused; ruamel's YAMLError for a syntax error."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    depth = nodes = 0
    for event in YAML(typ="safe", pure=True).parse(text):
        if isinstance(event, AliasEvent):
            raise _refused(f"the alias *{event.anchor} is not allowed (aliases can expand without bound): write the value out", event)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refused(f"the document nests more than {MAX_DEPTH} levels deep", event)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if isinstance(event, NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _refused(f"the document has more than {MAX_NODES:,} values", event)
    return YAML(typ="safe", pure=True).load(text)


def _refused(message: str, event: Any) -> YamlRefused:
    mark = getattr(event, "start_mark", None)
    if mark is None:
        return YamlRefused(message)
    return YamlRefused(message, mark.line + 1, mark.column + 1)
