"""The project root and the linted tree: where every printed path starts, and what linked files may reach.

The **project root** is the directory of the configuration file in use, else the git work tree that holds
the linted paths, else the current directory. Every path vmss-lint prints or stores (reports, SARIF,
baseline fingerprints) is relative to it with forward slashes, so a run from a subdirectory, from outside
with absolute paths, or through pre-commit gives the same bytes. A file outside the root is shown by its
absolute path.

The **linted tree** of a path is the boundary for linked templates, modules and `load*Content()` files:
the git work tree that holds the path, else the project root when the path is below it, else the folder
given (for a file: its own folder). So `vmss-lint path/to/main.test.bicep` may follow
`../../../main.bicep` inside the same repository, from any working directory.

No subprocess: a work tree is found by looking for `.git` (a folder, or a file in linked worktrees and
submodules) upwards from the path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


CONFIGURATION, GIT, WORKING_DIRECTORY, GIVEN = "configuration", "git", "working directory", "given"


@dataclass(frozen=True)
class Project:
    """Where printed paths start (`root`, absolute and resolved) and why (`reason`: one of the constants)."""

    root: Path
    reason: str
    config_file: Path | None = None

    def describe(self) -> str:
        """One line for --verbose: the root and where it came from."""
        if self.reason == CONFIGURATION and self.config_file is not None:
            why = f"the directory of the configuration file {self.config_file.name}"
        elif self.reason == GIT:
            why = "the git work tree that holds the linted paths"
        elif self.reason == GIVEN:
            why = "as set by the caller"
        else:
            why = "the current directory: no configuration file, and no git work tree holds the linted paths"
        return f"project root: {self.root.as_posix()} ({why})"


def find_project(paths: Sequence[Path | str], config_file: Path | str | None = None, root: Path | str | None = None) -> Project:
    """The project of a run over `paths` with `config_file` in use (None: no configuration file); a `root`
    the caller already knows wins."""
    if root is not None:
        return Project(_resolved(Path(root)), GIVEN)
    if config_file is not None:
        return Project(_resolved(Path(config_file)).parent, CONFIGURATION, Path(config_file))
    work_tree = git_work_tree(common_directory([Path(path) for path in paths] or [Path(".")]))
    if work_tree is not None:
        return Project(work_tree, GIT)
    return Project(_resolved(Path.cwd()), WORKING_DIRECTORY)


def linted_tree(path: Path, root: Path) -> Path:
    """The boundary for the files `path` may read or link to: its git work tree, else `root` (the project
    root, resolved) when the path is below it, else the folder given (for a file: the folder it sits in)."""
    root = _resolved(root)
    # a file is placed by its folder, its final symbolic link not followed: a link committed in the tree
    # is judged by where it points, against the tree it sits in (`x.bicep -> /etc/shadow` stays outside)
    folder = _resolved(path) if path.is_dir() else _resolved(Path(os.path.abspath(path)).parent)
    work_tree = git_work_tree(folder)
    if work_tree is not None:
        return work_tree
    if folder == root or root in folder.parents:
        return root
    return folder


def git_work_tree(start: Path) -> Path | None:
    """The top of the git work tree that holds `start` (a resolved directory), or None."""
    for directory in (start, *start.parents):
        if os.path.lexists(directory / ".git"):
            return directory
    return None


def common_directory(paths: Sequence[Path]) -> Path:
    """The deepest directory that holds every path (resolved); a file counts as its folder."""
    resolved = [_resolved(path) for path in paths]
    directories = [path if path.is_dir() else path.parent for path in resolved]
    common = directories[0]
    for directory in directories[1:]:
        while common != directory and common not in directory.parents:
            common = common.parent
    return common


def display_path(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes; its absolute path when it is not below `root`.

    The resolved path is tried first (so `./a/../b.json` and `/abs/b.json` show alike), then the path as
    written made absolute (a symbolic link below the root that points elsewhere keeps its name in the tree).
    """
    resolved_root = _resolved(root)
    resolved = _resolved(path)
    for candidate, top in ((resolved, resolved_root), (Path(os.path.abspath(path)), Path(os.path.abspath(root)))):
        try:
            return candidate.relative_to(top).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


def on_disk(shown: str, root: str | Path | None) -> Path:
    """The file a displayed path names: displayed paths are relative to the project root, whatever the
    working directory (absolute for files outside it)."""
    return Path(shown) if is_outside(shown) else Path(root or ".", shown)


def is_outside(shown: str) -> bool:
    """Whether a displayed path lies outside the project root (only those are absolute)."""
    return Path(shown).is_absolute() or shown.startswith("/")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # a symlink loop: keep the path as written, made absolute
        return Path(os.path.abspath(path))
