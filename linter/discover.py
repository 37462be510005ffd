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
from dataclasses import dataclass, field
from pathlib import Path

from .explicit import Dependents, governed_tree, template_of_parameters
from .project import display_path as display_path  # re-exported: the front ends show paths as discovery does
from .project import linted_tree
from .stdin import STDIN, StdinDocument, kind_of
from .guarded_read import FileTooLarge, check, is_inside, read_bytes

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", "bin", "obj", ".terraform", ".idea", ".vscode"}
)
JSON_SUFFIXES = (".json", ".jsonc")
_SCHEMA = re.compile(r'"\$schema"\s*:\s*"([^"]*)"', re.I)
_SNIFF_BYTES = 16384
EXCLUDED = "excluded by `exclude` in the configuration"
NEVER_WALKED = "a directory vmss-lint never walks (version control, dependencies, build output, editor settings)"
_USING_BYTES = 1024 * 1024


class Kind(enum.Enum):
    ARM_TEMPLATE = "arm"
    ARM_PARAMETERS = "arm-parameters"
    BICEP = "bicep"
    BICEP_PARAMETERS = "bicepparam"


@dataclass
class SourceJob:
    """One template to lint, with the parameter files that go with it."""

    path: Path
    display: str
    kind: Kind
    parameter_files: list[Path] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)  # linked templates and modules must stay below it
    content: bytes | None = None  # the document's bytes when it comes from standard input (`path` only names it)
    text: str | None = None  # an editor's unsaved text, read instead of the file (the language server)


@dataclass
class Discovery:
    jobs: list[SourceJob]
    skipped: list[tuple[str, str]]  # (display path, reason)
    missing: list[str]  # paths the user named that do not exist


def _relative_display(resolved: Path, resolved_root: Path, given: Path) -> str:
    """`display_path` for an already resolved file and root (the walk resolves each folder once)."""
    try:
        return resolved.relative_to(resolved_root).as_posix()
    except ValueError:
        return display_path(given, resolved_root)


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


def _walk(
    directory: Path, excludes: Sequence[str], root: Path, tree: Path, skipped: list[tuple[str, str]],
    pruned: list[tuple[Path, str]] | None = None,
) -> Iterable[Path]:
    """The files below `directory`; directories never walked and excluded ones are not entered (appended to
    `pruned` with the reason). A symlinked directory is followed only when it resolves inside the linted
    `tree` (`skipped` says so otherwise): a link to `/etc` committed in the tree is not walked."""
    seen: set[tuple[int, int]] = set()
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
                if pruned is not None:
                    pruned.append((child, NEVER_WALKED if name in SKIPPED_DIRECTORIES else EXCLUDED))
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
    stdin: StdinDocument | None = None,
    with_dependents: bool = False,
) -> Discovery:
    """Find the templates under `paths`. `parameter_map` maps template globs to parameter files.

    `root` is the project root (see project.py): display paths are relative to it. A file named on the
    command line may bring in others (explicit.py): an ARM parameter file its template, a configuration
    file the tree it governs, and `with_dependents` a module or linked template the templates that use it."""
    root = root or Path.cwd()
    resolve = _Resolver()
    resolved_root = root.resolve()
    jobs: list[SourceJob] = []
    skipped: list[tuple[str, str]] = []
    missing: list[str] = []
    seen: set[Path] = set()
    explicit_parameters: list[Path] = []
    pending = list(paths)
    named: list[Path] = []  # files named on the command line (or brought in by one), for their dependents
    dependents = Dependents(SKIPPED_DIRECTORIES)
    while pending or (named and with_dependents):
        if not pending:
            pending = [user for file in named for user in dependents.of(file, linted_tree(file, resolved_root))]
            named = []
            continue
        given = pending.pop(0)
        if stdin is not None and given.as_posix() == STDIN:
            jobs.append(_stdin_job(stdin, resolved_root))
            continue
        if "\0" in str(given) or not given.exists():
            missing.append(given.as_posix())
            continue
        if given.is_file() and _excluded_file(given, excludes, root):
            skipped.append((display_path(given, root), EXCLUDED))
            continue
        governed = governed_tree(given) if given.is_file() else None
        if governed is not None:
            pending.append(governed)  # a changed configuration file can change the verdict of every file it governs
        tree = linted_tree(given, resolved_root)
        pruned: list[tuple[Path, str]] = []
        files = [given] if given.is_file() else list(_walk(given, excludes, root, tree, skipped, pruned))
        skipped.extend((display_path(directory, root) + "/", reason) for directory, reason in pruned)
        for file in files:
            try:
                resolved = resolve(file)
            except (OSError, ValueError):  # a link into /proc we may not follow, a name the OS refuses
                skipped.append((_shown(file, root), "the path cannot be resolved: not read"))
                continue
            if resolved in seen:
                continue
            seen.add(resolved)
            if given.is_file():
                named.append(file)
            if given.is_dir() and _excluded(file, excludes, root):
                skipped.append((display_path(file, root), EXCLUDED))
                continue
            if not resolved.is_relative_to(tree):
                skipped.append((_shown(file, root), "a symbolic link to a file outside the linted tree: not read"))
                continue
            kind, reason = classify(file)
            shown = _relative_display(resolved, resolved_root, file)
            if kind is None:
                if governed is None:
                    skipped.append((shown, reason))
            elif kind in (Kind.ARM_PARAMETERS, Kind.BICEP_PARAMETERS):
                if given.is_file():
                    explicit_parameters.append(file)
                    templates = template_of_parameters(file, parameter_map or {}) if kind is Kind.ARM_PARAMETERS else []
                    pending.extend(templates)
                    if kind is Kind.ARM_PARAMETERS and not templates:
                        skipped.append((shown, "parameter file: no template found for it (neither the template beside it nor a `parameters` entry of the configuration)"))
                        continue
                skipped.append((shown, "parameter file: used with its template"))
            else:
                jobs.append(SourceJob(file, shown, kind, root=tree))
    for job in jobs:
        job.parameter_files = _parameters_for(job, root, parameter_map or {}) + list(extra_parameters)
    _pair_explicit_bicepparams(jobs, explicit_parameters, root, skipped)
    jobs.sort(key=lambda job: job.display)
    return Discovery(jobs, skipped, missing)


def _stdin_job(document: StdinDocument, root: Path) -> SourceJob:
    """The job of a document read from standard input, standing where --stdin-filename says."""
    kind = Kind.BICEP if kind_of(document) == "bicep" else Kind.ARM_TEMPLATE
    if document.filename is None:
        return SourceJob(Path(STDIN), STDIN, kind, root=linted_tree(Path.cwd(), root), content=document.data)
    return SourceJob(document.filename, display_path(document.filename, root), kind, root=linted_tree(document.filename, root), content=document.data)


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
        tree = linted_tree(file, root)
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
            jobs.append(SourceJob(template, display_path(template, root), Kind.BICEP, [file], root=linted_tree(template, root)))
            known.add(template)
