"""Cycles among Bicep module files, found before anything is evaluated.

A Bicep module path is a literal, so the files a template uses form a graph that is known before any value
is: Bicep refuses a file whose modules lead back to it (BCP095), whatever the conditions and loops say.
A depth-first walk from the linted file finds the modules that close a cycle (the walk's back edges); each is
reported once, naming the cycle, and is not evaluated at all. What is left is acyclic, so the evaluation
never meets a cycle again, and a loop of 800 over a file whose module leads back costs nothing per iteration
(reported per instance, that was 800 x 800 refusals, each counted against the file's work budget).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

File = TypeVar("File", bound=Hashable)
Link = TypeVar("Link")


@dataclass(frozen=True)
class ClosingLink(Generic[File, Link]):
    """A module that closes a cycle: `cycle` runs from the file it uses back to that file (first == last)."""

    link: Link
    declared_in: File
    cycle: tuple[File, ...]


def closing_links(start: File, links_of: Callable[[File], Sequence[tuple[Link, File]]]) -> list[ClosingLink[File, Link]]:
    """The links reachable from `start` that lead to a file still being walked, in declaration order.
    `links_of(file)` gives each local module of a file with the file it uses; it is called once per file."""
    found: list[ClosingLink[File, Link]] = []
    on_path: dict[File, int] = {start: 0}  # file -> its index in `path`
    path: list[File] = [start]
    done: set[File] = set()
    pending: list[tuple[File, Sequence[tuple[Link, File]], int]] = [(start, links_of(start), 0)]
    while pending:  # iterative: a chain of thousands of files must not reach Python's recursion limit
        file, links, position = pending[-1]
        if position == len(links):
            pending.pop()
            path.pop()
            del on_path[file]
            done.add(file)
            continue
        pending[-1] = (file, links, position + 1)
        link, target = links[position]
        if target in on_path:
            found.append(ClosingLink(link, file, (*path[on_path[target]:], target)))
        elif target not in done:
            on_path[target] = len(path)
            path.append(target)
            pending.append((target, links_of(target), 0))
    return found
