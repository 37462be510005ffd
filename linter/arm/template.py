"""Load an ARM template file: read, decode, parse with positions, report input problems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .. import diagnostics
from ..budget import WorkBudget
from ..contracts import Settings
from ..discover import SourceJob
from ..model import Deployment, Diagnostic
from ..source import Location, SourceFile
from .json_file import parse_source, read_source
from .parameters import ParameterFile, load_parameter_file
from .reader import JsonNode, JsonObject, ParsedJson

if TYPE_CHECKING:
    from .variant_reuse import VariantReuse


@dataclass
class LoadedTemplate:
    """A parsed template, ready to evaluate (again, with overrides, for allowed-value exploration)."""

    job: SourceJob
    settings: Settings
    source: SourceFile | None
    parsed: ParsedJson | None
    problems: list[Diagnostic] = field(default_factory=list)
    parameter_files: list[ParameterFile] = field(default_factory=list)  # loaded once
    parameter_problems: list[Diagnostic] = field(default_factory=list)
    _linked: dict[Path, tuple[SourceFile, JsonObject] | None] = field(default_factory=dict)
    spans: dict[Any, Location] = field(default_factory=dict)  # source spans, computed once for every re-evaluation
    reuse: VariantReuse | None = None  # what the first evaluation worked out, for allowed-value variants to reuse
    budget: WorkBudget = field(default_factory=WorkBudget)  # shared by every evaluation of this job
    checks_outputs: ClassVar[bool] = False  # the evaluation also evaluates the template's own outputs

    def linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None:
        """A linked template at its resolved `path` (nested.py resolves it once), read and parsed once per run
        (re-evaluations reuse it)."""
        key = path
        if key not in self._linked:
            from ..discover import display_path

            source, _ = read_source(key, display_path(key, Path(self.settings.display_root)), self.settings)
            parsed = parse_source(source)[0] if source is not None else None
            root = parsed.root if parsed is not None else None
            self._linked[key] = (source, root) if source is not None and isinstance(root, JsonObject) else None
        return self._linked[key]

    def call_registry(self, scope: Any, node: JsonObject, deployment: Any, frame: Any, call_sites: Any) -> None:
        """A registry module of lowered Bicep (bicep/lowered.py); an ARM template has none."""

    def sources(self) -> list[SourceFile]:
        """Every file this job has read (the template, its parameter files, linked templates)."""
        found = [self.source] if self.source is not None else []
        found += [parameter_file.source for parameter_file in self.parameter_files]
        return found + [entry[0] for entry in self._linked.values() if entry is not None]

    def json_trees(self) -> Mapping[str, JsonNode]:
        """The parsed JSON of the template and its linked JSON templates, by display path: what the fixes
        edit, so that they do not parse a large template a second time."""
        found: dict[str, JsonNode] = {}
        read = [(self.source, self.parsed.root)] if self.source is not None and self.parsed is not None else []
        for source, root in read + [entry for entry in self._linked.values() if entry is not None]:
            if not source.path.casefold().endswith((".bicep", ".bicepparam")):  # a Bicep file's tree is its lowered form
                found[source.path] = root
        return found

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment:
        if self.parsed is None or self.source is None:
            return Deployment(self.job.display, diagnostics=list(self.problems))
        from .variant_reuse import VariantReuse

        if self.reuse is None:
            self.reuse = VariantReuse()
        deployment = self.reuse.evaluate(self, overrides or {})
        deployment.diagnostics[:0] = self.problems
        return deployment


def load_template(job: SourceJob, settings: Settings) -> LoadedTemplate:
    source, problem = (SourceFile(job.display, job.text), None) if job.text is not None else read_source(job.path, job.display, settings, job.content)
    if source is None:
        return LoadedTemplate(job, settings, None, None, [problem] if problem else [])
    parsed, problems = parse_source(source)
    if parsed is not None and not isinstance(parsed.root, JsonObject):
        problems.append(Diagnostic(diagnostics.INVALID_TEMPLATE, "a template must be a JSON object", source.location(parsed.root.start)))
        parsed = None
    loaded = LoadedTemplate(job, settings, source, parsed, problems)
    if parsed is not None:
        for path in job.parameter_files:
            parameter_file, parameter_problems = load_parameter_file(Path(path), settings)
            loaded.parameter_problems.extend(parameter_problems)
            if parameter_file is not None:
                loaded.parameter_files.append(parameter_file)
    return loaded
