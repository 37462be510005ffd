"""Walk the paths a user gives and classify the files: ARM template, ARM parameters, Bicep, bicepparam.

A JSON file is an ARM template when its `$schema` names `deploymentTemplate`, a parameter file when it
names `deploymentParameters`; other JSON is skipped (with a reason, shown by --verbose). Parameter files
are paired with their template by name: `x.json` <-> `x.parameters.json`, `main.bicep` <-> `main.bicepparam`.
"""

from __future__ import annotations

import enum
import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from .guarded_read import FileTooLarge, check, is_inside, read_bytes
from .records import field, record

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", "bin", "obj", ".terraform", ".idea", ".vscode"}
)
JSON_SUFFIXES = (".json", ".jsonc")
_SCHEMA = re.compile(r'"\$schema"\s*:\s*"([^"]*)"', re.I)
_SNIFF_BYTES = 16384
_USING_BYTES = 1024 * 1024


class Kind(enum.Enum):
    ARM_TEMPLATE = "arm"
    ARM_PARAMETERS = "arm-parameters"
    BICEP = "bicep"
    BICEP_PARAMETERS = "bicepparam"


@record
class SourceJob:
    """One template to lint, with the parameter files that go with it."""

    path: Path
    display: str
    kind: Kind
    parameter_files: list[Path] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)  # linked templates and modules must stay below it


@record
class Discovery:
    jobs: list[SourceJob]
    skipped: list[tuple[str, str]]  # (display path, reason)
    missing: list[str]  # paths the user named that do not exist


def display_path(path: Path, root: Path) -> str:
    """Repository-relative path with forward slashes when `path` is under `root`; else as given."""
    try:
        return _relative_display(path.resolve(), root.resolve(), path)
    except OSError:
        return path.as_posix()


def _relative_display(resolved: Path, resolved_root: Path, given: Path) -> str:
    try:
        return resolved.relative_to(resolved_root).as_posix()
    except ValueError:
        return given.as_posix()


class _Resolver:
    """`Path.resolve()` for the many files of a few directories: each directory is resolved once (resolving
    every file walks every component of its path with an lstat each)."""

    def __init__(self) -> None:
        self._directories: dict[str, str] = {}

    def __call__(self, path: Path) -> Path:
        absolute = os.path.abspath(path)
        if os.path.islink(absolute):
            return Path(os.path.realpath(absolute))
        directory, name = os.path.split(absolute)
        real = self._directories.get(directory)
        if real is None:
            real = self._directories[directory] = os.path.realpath(directory)
        return Path(real, name)


def sniff_json_kind(path: Path) -> Kind | None:
    """Classify a JSON file from its `$schema` without parsing it (UTF-16 files are decoded first)."""
    try:
        with open(check(path, None), "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return None
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) > 1 and (head[1] == 0 or head[0] == 0)):
        from .source import DecodeError, decode

        try:
            text = decode(head if len(head) % 2 == 0 else head[:-1])
        except DecodeError:
            return None
    else:
        text = head.decode("utf-8", errors="replace")
    match = _SCHEMA.search(text)
    if not match:
        return None
    schema = match.group(1).casefold()
    if "deploymenttemplate" in schema:
        return Kind.ARM_TEMPLATE
    if "deploymentparameters" in schema:
        return Kind.ARM_PARAMETERS
    return None


def classify(path: Path) -> tuple[Kind | None, str]:
    if not path.is_file():
        return None, "not a regular file (device, FIFO or socket)"
    name = path.name.casefold()
    if name.endswith(".bicep"):
        return Kind.BICEP, ""
    if name.endswith(".bicepparam"):
        return Kind.BICEP_PARAMETERS, ""
    if name.endswith(JSON_SUFFIXES):
        kind = sniff_json_kind(path)
        if kind is None:
            return None, "JSON without an ARM deploymentTemplate or deploymentParameters $schema"
        return kind, ""
    return None, "not a .json, .jsonc, .bicep or .bicepparam file"


def _walk(directory: Path, excludes: Sequence[str], root: Path, skipped: list[tuple[str, str]]) -> Iterable[Path]:
    """The files below `directory`. A symlinked directory is followed only when it resolves inside the
    directory walked (`skipped` says so otherwise): a link to `/etc` committed in the tree is not walked."""
    seen: set[tuple[int, int]] = set()
    tree = directory.resolve()
    for current, dirs, files in os.walk(directory, followlinks=True):
        try:
            stat = os.stat(current)
            identity = (stat.st_dev, stat.st_ino)
        except OSError:
            dirs[:] = []
            continue
        if identity in seen:  # a symlink loop: never walk the same directory twice
            dirs[:] = []
            continue
        seen.add(identity)
        kept = []
        for name in sorted(dirs):
            child = Path(current, name)
            if name in SKIPPED_DIRECTORIES or _excluded(child, excludes, root):
                continue
            if os.path.islink(child) and not is_inside(child, tree):
                skipped.append((_shown(child, root), "a symbolic link to a directory outside the linted tree: not walked"))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            yield Path(current, name)


def _shown(path: Path, root: Path) -> str:
    """The display path of a link itself (never of what it points to)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def _excluded(path: Path, excludes: Sequence[str], root: Path) -> bool:
    if not excludes:
        return False
    shown = display_path(path, root)
    absolute = path.resolve().as_posix()  # configuration files anchor patterns at their own directory
    return any(
        fnmatch.fnmatch(shown, pattern) or fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(absolute, pattern)
        for pattern in excludes
    )


def _excluded_file(file: Path, excludes: Sequence[str], root: Path) -> bool:
    """A file named on the command line (as pre-commit does) is excluded when it or a parent directory is."""
    resolved, top = file.resolve(), root.resolve()
    candidates = [resolved, *(parent for parent in resolved.parents if top in parent.parents)]
    return any(_excluded(candidate, excludes, root) for candidate in candidates)


def parameter_file_for(template: Path) -> list[Path]:
    """The conventional parameter files of a template that exist beside it."""
    name = template.name
    candidates: list[Path] = []
    if name.casefold().endswith(".bicep"):
        candidates.append(template.with_name(name[: -len(".bicep")] + ".bicepparam"))
    else:
        stem = name[: name.rfind(".")] if "." in name else name
        candidates.append(template.with_name(stem + ".parameters.json"))
    return [candidate for candidate in candidates if candidate.is_file()]


def discover(
    paths: Sequence[Path],
    *,
    root: Path | None = None,
    excludes: Sequence[str] = (),
    parameter_map: dict[str, list[str]] | None = None,
    extra_parameters: Sequence[Path] = (),
) -> Discovery:
    """Find the templates under `paths`. `parameter_map` maps template globs to parameter files."""
    root = root or Path.cwd()
    resolve = _Resolver()
    resolved_root = root.resolve()
    jobs: list[SourceJob] = []
    skipped: list[tuple[str, str]] = []
    missing: list[str] = []
    seen: set[Path] = set()
    explicit_parameters: list[Path] = []
    for given in paths:
        if "\0" in str(given) or not given.exists():
            missing.append(given.as_posix())
            continue
        if given.is_file() and _excluded_file(given, excludes, root):
            continue
        files = [given] if given.is_file() else list(_walk(given, excludes, root, skipped))
        tree = _tree_root(given, root)
        for file in files:
            try:
                resolved = resolve(file)
            except (OSError, ValueError):  # a link into /proc we may not follow, a name the OS refuses
                skipped.append((_shown(file, root), "the path cannot be resolved: not read"))
                continue
            if resolved in seen:
                continue
            seen.add(resolved)
            if given.is_dir() and _excluded(file, excludes, root):
                continue
            if not resolved.is_relative_to(tree):
                skipped.append((_shown(file, root), "a symbolic link to a file outside the linted tree: not read"))
                continue
            kind, reason = classify(file)
            shown = _relative_display(resolved, resolved_root, file)
            if kind is None:
                skipped.append((shown, reason))
            elif kind in (Kind.ARM_PARAMETERS, Kind.BICEP_PARAMETERS):
                if given.is_file():
                    explicit_parameters.append(file)
                skipped.append((shown, "parameter file: used with its template"))
            else:
                jobs.append(SourceJob(file, shown, kind, root=tree))
    for job in jobs:
        job.parameter_files = _parameters_for(job, root, parameter_map or {}) + list(extra_parameters)
    _pair_explicit_bicepparams(jobs, explicit_parameters, root, skipped)
    jobs.sort(key=lambda job: job.display)
    return Discovery(jobs, skipped, missing)


def _tree_root(given: Path, root: Path) -> Path:
    """The directory tree being linted: the directory given, or for a file the working directory when
    the file lies below it (else the file's own directory)."""
    if given.is_dir():
        return given.resolve()
    # the file's own place, its final symlink not followed: a linked file is judged by where it points
    placed = Path(os.path.realpath(os.path.dirname(os.path.abspath(given))), given.name)
    try:
        placed.relative_to(root.resolve())
        return root.resolve()
    except ValueError:
        return placed.parent


def _parameters_for(job: SourceJob, root: Path, parameter_map: dict[str, list[str]]) -> list[Path]:
    absolute = job.path.resolve().as_posix() if parameter_map else ""
    for pattern, files in parameter_map.items():
        if fnmatch.fnmatch(job.display, pattern) or fnmatch.fnmatch(absolute, pattern):
            return [Path(root, file) for file in files]
    return parameter_file_for(job.path)


def _pair_explicit_bicepparams(jobs: list[SourceJob], parameter_files: list[Path], root: Path, skipped: list[tuple[str, str]]) -> None:
    """A `.bicepparam` named on the command line brings in the template its `using` names."""
    if not parameter_files:
        return
    known = {job.path.resolve() for job in jobs}
    for file in parameter_files:
        if not file.name.casefold().endswith(".bicepparam"):
            continue
        tree = _tree_root(file, root)
        try:  # the size cap of the sniffing: a `using` line comes first
            text = read_bytes(file, root=tree, max_bytes=_USING_BYTES).decode("utf-8-sig", errors="replace")
        except (OSError, FileTooLarge):
            continue
        match = re.search(r"^\s*using\s+'([^'\0]+)'", text, re.M)
        if not match or ":" in match.group(1):
            continue
        template = (file.parent / match.group(1)).resolve()
        if not template.is_relative_to(tree):  # never read
            skipped.append((_shown(file, root), "its `using` names a file outside the linted tree: not read"))
            continue
        if template.is_file() and template not in known:
            jobs.append(SourceJob(template, display_path(template, root), Kind.BICEP, [file], root=tree))
            known.add(template)
