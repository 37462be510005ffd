"""Load an ARM template file: read, decode, parse with positions, report input problems."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import diagnostics
from ..budget import WorkBudget
from ..discover import SourceJob
from ..frontend import Settings
from ..model import Deployment, Diagnostic
from ..records import field, record
from ..source import DecodeError, FileTooLarge, Location, SourceFile
from .reader import JsonObject, JsonSyntaxError, ParsedJson, parse_json


@record
class LoadedTemplate:
    """A parsed template, ready to evaluate (again, with overrides, for allowed-value exploration)."""

    job: SourceJob
    settings: Settings
    source: SourceFile | None
    parsed: ParsedJson | None
    problems: list[Diagnostic] = field(default_factory=list)
    parameter_files: list[Any] = field(default_factory=list)  # parameters.ParameterFile, loaded once
    parameter_problems: list[Diagnostic] = field(default_factory=list)
    _linked: dict[Path, Any] = field(default_factory=dict)
    spans: dict[Any, Location] = field(default_factory=dict)  # source spans, computed once for every re-evaluation
    entries: Any = None  # evaluator.EntryRecord per top-level resource, from the evaluation without overrides
    declared: Any = None  # declared.DeclaredResources of that evaluation: variants reuse what they can
    variables: dict[str, Any] = field(default_factory=dict)  # that evaluation's variable values and reads, likewise
    budget: WorkBudget = field(default_factory=WorkBudget)  # shared by every evaluation of this job

    def linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None:
        """A linked template, read and parsed once per run (re-evaluations reuse it)."""
        key = path.resolve()
        if key not in self._linked:
            from ..discover import display_path

            source, _ = read_source(key, display_path(key, Path.cwd()), self.settings)
            parsed = parse_source(source)[0] if source is not None else None
            root = parsed.root if parsed is not None else None
            self._linked[key] = (source, root) if source is not None and isinstance(root, JsonObject) else None
        return self._linked[key]

    def sources(self) -> list[SourceFile]:
        """Every file this job has read (the template, its parameter files, linked templates)."""
        found = [self.source] if self.source is not None else []
        found += [parameter_file.source for parameter_file in self.parameter_files]
        return found + [entry[0] for entry in self._linked.values() if entry is not None]

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment:
        if self.parsed is None or self.source is None:
            return Deployment(self.job.display, diagnostics=list(self.problems))
        from .evaluator import evaluate_template

        deployment = evaluate_template(self, overrides or {})
        deployment.diagnostics[:0] = self.problems
        return deployment


def read_source(path: Any, display: str, settings: Settings) -> tuple[SourceFile | None, Diagnostic | None]:
    """Read and decode a file, or say why not (at line 1, or where decoding broke)."""
    try:
        return SourceFile.read(path, display, settings.max_file_bytes, root=settings.root, trusted=settings.trusted), None
    except FileTooLarge as error:
        return None, Diagnostic(diagnostics.UNREADABLE_FILE, str(error), Location(display, 1, 1, 1, 2))
    except DecodeError as error:
        return None, Diagnostic(diagnostics.UNREADABLE_FILE, f"{error} at byte offset {error.offset}", Location(display, 1, 1, 1, 2))
    except OSError as error:
        return None, Diagnostic(diagnostics.UNREADABLE_FILE, f"cannot read the file: {error.strerror or error}", Location(display, 1, 1, 1, 2))


MAX_DUPLICATE_KEYS = 100  # listed one by one; the rest in one diagnostic


def parse_source(source: SourceFile) -> tuple[ParsedJson | None, list[Diagnostic]]:
    """Parse JSON; a syntax error becomes LINT-001 at its line and column, duplicates LINT-002."""
    try:
        parsed = parse_json(source.text)
    except JsonSyntaxError as error:
        return None, [Diagnostic(diagnostics.INVALID_JSON, f"invalid JSON: {error}", source.location(error.offset))]
    problems = [
        Diagnostic(
            diagnostics.DUPLICATE_KEY,
            f"duplicate key {duplicate.key!r} (first at line {source.position(duplicate.first_start)[0]}); "
            "ARM uses the last one: remove one of them",
            source.location(duplicate.start, duplicate.end),
        )
        for duplicate in parsed.duplicates[:MAX_DUPLICATE_KEYS]
    ]
    if len(parsed.duplicates) > MAX_DUPLICATE_KEYS:
        duplicate = parsed.duplicates[MAX_DUPLICATE_KEYS]
        more = len(parsed.duplicates) - MAX_DUPLICATE_KEYS
        problems.append(Diagnostic(diagnostics.DUPLICATE_KEY, f"{more:,} more duplicate keys from here on are not listed", source.location(duplicate.start, duplicate.end)))
    return parsed, problems


def load_template(job: SourceJob, settings: Settings) -> LoadedTemplate:
    source, problem = read_source(job.path, job.display, settings)
    if source is None:
        return LoadedTemplate(job, settings, None, None, [problem] if problem else [])
    parsed, problems = parse_source(source)
    if parsed is not None and not isinstance(parsed.root, JsonObject):
        problems.append(Diagnostic(diagnostics.INVALID_TEMPLATE, "a template must be a JSON object", source.location(parsed.root.start)))
        parsed = None
    loaded = LoadedTemplate(job, settings, source, parsed, problems)
    if parsed is not None:
        from .parameters import load_parameter_file

        for path in job.parameter_files:
            parameter_file, parameter_problems = load_parameter_file(Path(path), settings)
            loaded.parameter_problems.extend(parameter_problems)
            if parameter_file is not None:
                loaded.parameter_files.append(parameter_file)
    return loaded
