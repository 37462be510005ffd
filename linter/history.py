"""Earlier versions of the linted files, for the change-aware rules (`--previous`, `--diff-base`).

Azure refuses to change some properties after creation (orchestration mode, fault-domain counts, zones
removed, ...). Those rules compare each linted file with its previous version: the same file at a git ref,
an earlier copy given as a file, or a directory that mirrors the linted tree. This module only finds the
previous files and turns them into `SourceJob`s; the engine evaluates them with the same front end.

A file that has no previous version (new at that ref, absent from the mirror) simply has none: the
change-aware rules then say nothing about it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .discover import SKIPPED_DIRECTORIES, SourceJob
from .guarded_read import FileTooLarge, read_bytes
from .project import display_path

# Files worth copying out of git for the previous version: templates, parameter files, modules.
_TEMPLATE_SUFFIXES = (".json", ".jsonc", ".bicep", ".bicepparam")
_GIT_TIMEOUT_SECONDS = 120


class HistoryError(Exception):
    """The previous version cannot be read at all (no git, a bad ref, a path that does not exist)."""


@dataclass
class PreviousVersions:
    """Maps each linted file to its previous version (a `SourceJob` whose display names where it came from)."""

    label: str  # 'origin/main' or the --previous path: shown in messages
    base: Path  # a file (one previous version for every linted file) or a directory mirroring `roots`
    roots: tuple[Path, ...]  # the paths that were linted (files or directories)
    anchors: tuple[Path, ...] = ()  # per root: the folder inside `base` that mirrors it (default: base)
    _temporary: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    def previous_job(self, job: SourceJob, project_root: Path | None = None) -> SourceJob | None:
        """The previous version of `job`, or None; a --previous file is shown relative to `project_root`."""
        target = self._mirror(job.path)
        if target is None or not target.is_file():
            return None
        parameters = [mirrored for mirrored in (self._parameter(file) for file in job.parameter_files) if mirrored]
        if _same_bytes([job.path, *job.parameter_files], [target, *parameters]):
            return None  # unchanged: nothing can have changed, and evaluating it again would only cost time
        located = None if self.base.is_file() else self._relative(job.path)
        root = located[0] if located else target.parent  # modules of the old version resolve inside its copy
        return SourceJob(target, self._display(job, target, project_root), job.kind, parameters, root=root)

    def close(self) -> None:
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None

    def __enter__(self) -> PreviousVersions:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _mirror(self, path: Path) -> Path | None:
        if self.base.is_file():
            return self.base
        located = self._relative(path)
        if located is None:
            return None
        anchor, relative = located
        return anchor / relative

    def _relative(self, path: Path) -> tuple[Path, Path] | None:
        """(folder in `base`, path relative to it) for a file under one of the linted roots."""
        real = Path(os.path.realpath(path))
        anchors = self.anchors or tuple(self.base for _ in self.roots)
        for root, anchor in zip(self.roots, anchors):
            root_real = Path(os.path.realpath(root))
            folder = root_real if root_real.is_dir() else root_real.parent  # a linted file: its folder is mirrored
            try:
                return anchor, real.relative_to(folder)
            except ValueError:
                continue
        return None

    def _parameter(self, file: Path) -> Path | None:
        if self.base.is_file():
            # One previous template for one linted file: its parameters are the current ones (the best
            # evidence of how it was deployed); a parameter that no longer exists only makes values unknown.
            return file
        located = self._relative(file) if self._under_roots(file) else None
        if located is None:
            return file  # a run-wide --parameters file outside the linted tree applies to both versions
        anchor, relative = located
        mirrored = anchor / relative
        return mirrored if mirrored.is_file() else None

    def _under_roots(self, file: Path) -> bool:
        real = Path(os.path.realpath(file))
        for root in self.roots:
            root_real = Path(os.path.realpath(root))
            folder = root_real if root_real.is_dir() else root_real.parent
            if real == root_real or folder in real.parents:
                return True
        return False

    def _display(self, job: SourceJob, target: Path, project_root: Path | None) -> str:
        if self._temporary is not None:
            return f"{self.label}:{job.display}"
        return display_path(target, project_root) if project_root is not None else target.as_posix()


def _same_bytes(current: Sequence[Path], previous: Sequence[Path]) -> bool:
    if len(current) != len(previous):
        return False
    try:
        return all(_bytes(a) == _bytes(b) for a, b in zip(current, previous))
    except (OSError, FileTooLarge):
        return False


def _bytes(file: Path) -> bytes:
    return read_bytes(file, root=None, max_bytes=_COMPARED_BYTES)


_COMPARED_BYTES = 20 * 1024 * 1024


def from_path(previous: Path, roots: Sequence[Path]) -> PreviousVersions:
    """`--previous PATH`: one earlier template (when one file is linted) or a directory mirroring the tree."""
    if not previous.exists():
        raise HistoryError(f"--previous {previous}: no such file or directory")
    roots = tuple(roots) or (Path("."),)
    if previous.is_file() and (len(roots) > 1 or any(root.is_dir() for root in roots)):
        raise HistoryError(f"--previous {previous} is one file, but more is linted: give a directory that mirrors the linted paths")
    return PreviousVersions(previous.as_posix(), previous, roots)


def from_git(ref: str, roots: Sequence[Path]) -> PreviousVersions:
    """`--diff-base REF`: the linted files (and the templates beside them) as they were where the current
    branch left REF (their merge base, as `git diff REF...HEAD` compares).

    The files are copied into a temporary directory that mirrors each root, so the front end can read
    them (and the modules and parameter files they name) like any other file.
    """
    if shutil.which("git") is None:
        raise HistoryError("--diff-base needs git, and no `git` executable is on PATH")
    roots = tuple(roots) or (Path("."),)
    temporary = tempfile.TemporaryDirectory(prefix="vmss-lint-base-")
    anchors: list[Path] = []
    try:
        for index, root in enumerate(roots):
            folder = Path(os.path.realpath(root))
            folder = folder if folder.is_dir() else folder.parent
            top = _toplevel(folder)
            commit = _merge_base(top, _commit(top, ref), ref)
            prefix = PurePosixPath(folder.relative_to(top).as_posix()) if folder != top else PurePosixPath()
            anchor = Path(temporary.name, str(index))
            recursive = Path(root).is_dir()
            entries = _list_files(top, commit, prefix, recursive)
            _extract(top, commit, entries, prefix, anchor)
            anchors.append(anchor)
    except BaseException:
        temporary.cleanup()
        raise
    return PreviousVersions(ref, Path(temporary.name), roots, tuple(anchors), temporary)


def _git(top: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(top), *args], input=data, capture_output=True, timeout=_GIT_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise HistoryError(f"--diff-base: running git failed: {error}") from error


def _toplevel(folder: Path) -> Path:
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise HistoryError(f"--diff-base: {folder} is not inside a git work tree")
    return Path(os.path.realpath(done.stdout.decode("utf-8", "replace").strip()))


def _commit(top: Path, ref: str) -> str:
    if not ref or ref.startswith("-"):
        raise HistoryError(f"--diff-base {ref!r}: not a git revision")
    done = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise HistoryError(
            f"--diff-base {ref}: no such commit in {top} "
            "(in CI, fetch the base first, e.g. actions/checkout with fetch-depth: 0)"
        )
    return done.stdout.decode("ascii", "replace").strip()


def _merge_base(top: Path, commit: str, ref: str) -> str:
    """Where the checked-out branch left `ref` (`git diff REF...HEAD` semantics): changes made on the base
    branch since then are not this branch's, so they are not compared."""
    done = _git(top, "merge-base", commit, "HEAD")
    if done.returncode != 0:
        raise HistoryError(f"--diff-base {ref}: it has no common ancestor with HEAD in {top}")
    return done.stdout.decode("ascii", "replace").strip()


def _list_files(top: Path, commit: str, prefix: PurePosixPath, recursive: bool) -> list[str]:
    """Repository paths of the template-like files under `prefix` at `commit`."""
    args = ["ls-tree", "-z", "--name-only", *(["-r"] if recursive else []), commit]
    if prefix.parts:
        args += ["--", f"{prefix.as_posix()}/"]
    done = _git(top, *args)
    if done.returncode != 0:
        return []  # the folder did not exist at that commit: every file in it is new
    names = [name.decode("utf-8", "surrogateescape") for name in done.stdout.split(b"\0") if name]
    return [
        name for name in names
        if name.casefold().endswith(_TEMPLATE_SUFFIXES) and not SKIPPED_DIRECTORIES.intersection(PurePosixPath(name).parts[:-1])
    ]


def _extract(top: Path, commit: str, names: Iterable[str], prefix: PurePosixPath, anchor: Path) -> None:
    """Write each file's content at `commit` below `anchor`, mirroring its path under `prefix`."""
    names = list(names)
    anchor.mkdir(parents=True, exist_ok=True)
    if not names:
        return
    request = "".join(f"{commit}:{name}\n" for name in names).encode("utf-8", "surrogateescape")
    done = _git(top, "cat-file", "--batch", data=request)
    if done.returncode != 0:
        raise HistoryError(f"--diff-base: git cat-file failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    output, offset = done.stdout, 0
    for name in names:
        end = output.index(b"\n", offset)
        header = output[offset:end].split()
        offset = end + 1
        if len(header) != 3:
            continue  # '<object> missing': cannot happen for listed names
        size = int(header[2])
        content = output[offset:offset + size]
        offset += size + 1
        if header[1] != b"blob":
            continue  # a folder whose name ends like a template
        relative = PurePosixPath(name).relative_to(prefix) if prefix.parts else PurePosixPath(name)
        target = anchor.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
