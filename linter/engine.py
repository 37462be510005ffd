"""Run the rules over deployments and collect findings.

discover -> front end (load once, evaluate per variant) -> rules -> findings -> report. A failure inside
one file becomes an internal-error finding on that file; the run goes on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import diagnostics
from .azure import scale_set
from .config import Config
from .contracts import FileResult, Settings
from .diagnostic_findings import diagnostic_finding
from .discover import Discovery, SourceJob, discover
from .filtering import filter_file, filter_run, recorded_baseline
from .finding_cap import cap_findings
from .findings import Finding, Severity, Violation
from .fixes.plan import plan_fix
from .fixes.realize import realize
from .frontend import load
from .model import VMSS, Deployment, Diagnostic, Resource
from .project import Project, find_project
from .registry import Mode, Registry, Rule, load_registry
from .source import Location, SourceFile
from .stdin import STDIN, StdinDocument
from .values import Unknown, format_path, same_value
from .variant_checks import CheckProfiles, Repeats

if TYPE_CHECKING:
    from .history import PreviousVersions


@dataclass
class Report:
    files: list[FileResult]
    skipped: list[tuple[str, str]]
    registry: Registry
    config: Config
    project: Project | None = None  # where the printed paths start, and why (None: the current directory)
    texts: dict[str, str] = field(default_factory=dict)  # display path -> text, for documents read from stdin

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.files for finding in result.findings]

    @property
    def active_findings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.suppressed]

    def suppressed_counts(self) -> tuple[int, int]:
        """(findings suppressed in the source, findings held by the baseline)."""
        baselined = sum(1 for finding in self.findings if finding.baselined)
        return sum(1 for finding in self.findings if finding.suppressed) - baselined, baselined

    def modules_not_checked(self) -> int:
        """Modules, linked templates and imports that were not evaluated (their LINT-009 findings that count)."""
        return sum(1 for finding in self.active_findings if finding.rule_id == diagnostics.UNRESOLVED_MODULE)

    def counts(self) -> dict[Severity, int]:
        counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.NOTE: 0}
        for finding in self.active_findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts

    def failed(self) -> bool:
        return any(finding.severity.rank >= self.config.fail_on.rank for finding in self.active_findings)


class RuleContext:
    """What a check may ask besides its resource. It notes whether a check looked at the deployment (other
    resources): a check that did not gives the same findings for the same resource in every variant."""

    def __init__(self, deployment: Deployment, profile: str, options: Mapping[str, Any], previous: Deployment | None = None) -> None:
        self._deployment = deployment
        self.profile = profile
        self.options = options
        self._previous = previous
        self.read_deployment = False  # the check looked beyond its resource (other resources, the earlier version)

    @property
    def deployment(self) -> Deployment:
        self.read_deployment = True
        return self._deployment

    @property
    def previous(self) -> Deployment | None:
        """The file's earlier version (--previous / --diff-base), if any."""
        self.read_deployment = True
        return self._previous

    def option(self, name: str) -> Any:
        return self.options[name]

    def previous_of(self, resource: Resource) -> Resource | None:
        """The same resource (type and evaluated name, case-insensitive) in the previous version."""
        if self.previous is None or not isinstance(resource.name, str):
            return None
        for candidate in self.previous.named(resource.type, resource.name):
            if not candidate.existing:
                return candidate
        return None


def lint(
    paths: Sequence[str | Path],
    config: Config | None = None,
    registry: Registry | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    history: PreviousVersions | None = None,
    stdin: StdinDocument | None = None,
) -> Report:
    """Lint files and directories; the public API behind the CLI. `progress(done, total)` after each file;
    `history` (earlier versions of the files) enables the change-aware rules; `stdin` is the document a
    path `-` stands for."""
    config = config or Config()
    registry = registry or load_registry()
    anchors = [stdin.anchor if stdin is not None and str(path) == STDIN else Path(path) for path in paths]
    project = find_project(anchors, config.config_file, config.project_root)
    config = replace(config, project_root=str(project.root))
    found = discover(
        [Path(path) for path in paths],
        root=project.root,
        excludes=config.exclude,
        parameter_map=config.parameter_map,
        extra_parameters=[Path(file) for file in config.parameters],
        stdin=stdin,
        with_dependents=config.with_dependents,
    )
    report = lint_discovered(found, config, registry, progress, history)
    report.project = project
    return report


def lint_discovered(
    found: Discovery,
    config: Config,
    registry: Registry,
    progress: Callable[[int, int], None] | None = None,
    history: PreviousVersions | None = None,
) -> Report:
    from .parallel import run_jobs

    recorded = recorded_baseline(config)  # a bad baseline fails before any work
    finished = iter(range(1, len(found.jobs) + 1))
    on_done = (lambda: progress(next(finished), len(found.jobs))) if progress is not None else None
    project_root = Path(config.project_root) if config.project_root else None
    lint_one = lint_job if history is None else _WithPrevious({job.display: history.previous_job(job, project_root) for job in found.jobs})
    results = run_jobs(found.jobs, lint_one, config, registry, config.jobs, on_done)
    for missing in found.missing:
        location = Location(missing, 1, 1, 1, 2)
        results.append(FileResult(missing, [diagnostic_finding(Diagnostic(diagnostics.UNREADABLE_FILE, "no such file or directory", location), config)]))
    results.sort(key=lambda result: result.path)
    filter_run(results, recorded)
    return Report(results, found.skipped, registry, config, texts=_stdin_texts(found.jobs))


def _stdin_texts(jobs: Sequence[SourceJob]) -> dict[str, str]:
    """The text of the documents read from standard input: the text report quotes their lines."""
    from .source import DecodeError, decode

    texts = {}
    for job in jobs:
        if job.content is not None:
            try:
                texts[job.display] = decode(job.content)
            except DecodeError:
                continue
    return texts


@dataclass(frozen=True)
class _WithPrevious:
    """`lint_job` with each file's previous version (a plain object, so worker processes can take it)."""

    previous: Mapping[str, SourceJob | None]

    def __call__(self, job: SourceJob, config: Config, registry: Registry) -> FileResult:
        return lint_job(job, config, registry, self.previous.get(job.display))


def lint_job(job: SourceJob, config: Config, registry: Registry, previous_job: SourceJob | None = None, parsed: Any = None) -> FileResult:
    settings = Settings(
        max_file_bytes=config.max_file_bytes, root=str(job.root), display_root=config.project_root or ".",
        module_cache=config.module_cache, parsed=parsed, trusted=trusted_files(config),
    )
    try:
        loaded = load(job, settings)
        base = loaded.evaluate()
        previous = _previous_deployment(previous_job, settings)
        profiles = CheckProfiles() if config.explore_allowed_values and base.choices else None
        findings = check_deployment(base, config, registry, previous, profiles)
        findings += explore_variants(loaded, base, findings, config, registry, previous, profiles)
    except Exception as error:  # the contract: one broken file never takes the run down
        location = Location(job.display, 1, 1, 1, 2)
        import traceback  # only here: most runs never need it

        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        diagnostic = Diagnostic(diagnostics.INTERNAL_ERROR, f"internal error: {detail}", location)
        return FileResult(job.display, [diagnostic_finding(diagnostic, config)])
    notes = [diagnostic_finding(note, config, Severity.NOTE) for note in base.notes]
    sources = {source.path: source for source in loaded.sources()}
    visible = filter_file(findings, display=job.display, sources=sources, resources=base.resources, registry=registry, config=config)
    if any(finding.fix is not None for finding in visible):
        visible = realize(visible, _reader(sources, config.project_root), loaded.json_trees())
    kept = cap_findings(_distinct_fingerprints(_dedupe(visible)))
    return FileResult(job.display, kept, notes, excerpts_of([*kept, *notes], sources))


def _reader(sources: Mapping[str, SourceFile], root: str | None) -> Callable[[str], str | None]:
    """Texts for the fixes: the files as they were read (an editor's unsaved text), others from disk."""
    from .fixes.realize import read_from_disk

    return lambda display: sources[display].text if display in sources else read_from_disk(display, root)
def trusted_files(config: Config) -> tuple[str, ...]:
    """The run-wide --parameters files, resolved: the user named them, so they are read wherever they are."""
    return tuple(os.path.realpath(file) for file in config.parameters if "\0" not in file)


def excerpts_of(findings: Iterable[Finding], sources: Mapping[str, SourceFile]) -> dict[tuple[str, int], str]:
    """The source line of each finding, taken from the text already read (the reporter reads no file)."""
    excerpts: dict[tuple[str, int], str] = {}
    for finding in findings:
        location = finding.location
        source = sources.get(location.path)
        if source is not None and (location.path, location.line) not in excerpts:
            # a minified template has one huge line: keep what the reporter's window can show
            excerpts[(location.path, location.line)] = source.line_text(location.line)[: location.column + _EXCERPT_TAIL]
    return excerpts


_EXCERPT_TAIL = 400


def _previous_deployment(job: SourceJob | None, settings: Settings) -> Deployment | None:
    """The earlier version, evaluated with its defaults; None when absent or unreadable (rules stay quiet)."""
    if job is None:
        return None
    try:
        previous = load(job, replace(settings, root=str(job.root))).evaluate()
    except Exception:  # a broken old version must not hide the findings on the current one
        return None
    previous.path = job.display
    return previous


def check_deployment(
    deployment: Deployment, config: Config, registry: Registry, previous: Deployment | None = None, profiles: CheckProfiles | None = None
) -> list[Finding]:
    """Run the selected rules over every resource. With `profiles`, the first evaluation records what each
    check read, and a variant (`deployment.variant`) skips the checks whose answer that already gives."""
    findings = [diagnostic_finding(diagnostic, config) for diagnostic in deployment.diagnostics]
    findings = [finding for finding in findings if finding.severity is not Severity.OFF]
    by_type = _prepared_rules(config, registry)
    contexts: dict[str, RuleContext] = {}
    recording = profiles is not None and not deployment.variant
    if recording:
        profiles.first(deployment.resources)  # type: ignore[union-attr]
    repeats: list[Repeats | None] | None = profiles.pair(deployment.resources) if profiles is not None and deployment.variant else None
    for index, resource in enumerate(deployment.resources):
        if resource.existing:
            continue
        rules = by_type.get(resource.type.casefold())
        if not rules:
            continue
        mode = _mode_of(resource, deployment)
        own_mode = resource.is_type(VMSS)
        known = repeats[index] if repeats is not None else None
        reads: dict[str, list[tuple[str, Any]]] = {}
        for item, severity, options, configured in rules:
            if item.meta.modes is not None:
                if isinstance(mode, Unknown) or mode is None:
                    continue
                if mode not in item.meta.modes:
                    continue
            if known is not None and known.known(item.id):
                continue
            context = contexts.get(item.id)
            if context is None:
                context = contexts[item.id] = RuleContext(deployment, config.profile, options, previous)
            context.read_deployment = False
            if recording:
                resource.reads = []
            try:
                # `configured`: a user's level beats a rule's per-finding level
                for violation in item.check(resource, context):
                    if configured and not violation.undecided:
                        violation = replace(violation, severity=None)
                    findings.append(_rule_finding(item, severity, violation, resource, deployment))
            finally:
                read, resource.reads = resource.reads, None
            if recording and item.built_in and not context.read_deployment and (own_mode or item.meta.modes is None):
                reads[item.id] = read  # type: ignore[assignment]
        if recording:
            profiles.record(resource, reads)  # type: ignore[union-attr]
    return findings


def _prepared_rules(config: Config, registry: Registry) -> dict[str, list[tuple[Rule, Severity, Mapping[str, Any], bool]]]:
    """Per resource type, the selected rules with their level, options and whether the user set the level:
    worked out once per configuration, not per deployment."""
    key = (
        config.profile, tuple(config.select), tuple(config.ignore),
        tuple(sorted((rule_id, level.value) for rule_id, level in config.severities.items())),
        tuple(sorted((name, repr(value)) for name, value in config.options.items())),
    )
    cached = registry.prepared.get(key)
    if cached is not None:
        return cached
    by_type: dict[str, list[tuple[Rule, Severity, Mapping[str, Any], bool]]] = {}
    for item in registry:
        if not config.is_selected(item.id):
            continue
        severity = config.severities.get(item.id, item.meta.severity_for(config.profile))
        if severity is Severity.OFF:
            continue
        options = {name: config.options.get(name, default) for name, default in item.meta.options.items()}
        for resource_type in item.meta.resource_types:
            by_type.setdefault(resource_type.casefold(), []).append((item, severity, options, item.id in config.severities))
    registry.prepared[key] = by_type
    return by_type


def _mode_of(resource: Resource, deployment: Deployment) -> Mode | Unknown | None:
    if resource.is_type(VMSS):
        return scale_set.mode(resource)
    parent = scale_set.parent_scale_set(resource, deployment)
    if parent is not None:
        return scale_set.mode(parent)
    return Unknown("the parent scale set is not in this deployment")


def _rule_finding(item: Rule, severity: Severity, violation: Violation, resource: Resource, deployment: Deployment) -> Finding:
    level = violation.severity or severity
    if violation.undecided:
        level = Severity.NOTE
    placement = resource.placement(violation.path)
    bare = violation.message if placement.remark is None else f"{violation.message} ({placement.remark})"
    message = bare
    if deployment.variant:
        message = f"{message} ({deployment.variant})"
        level = min(level, Severity.WARNING, key=lambda s: s.rank)
    finding = Finding(
        rule_id=diagnostics.UNDECIDED if violation.undecided else item.id,
        rule_name="undecided" if violation.undecided else item.meta.name,
        severity=level,
        message=f"{item.id}: {bare}" if violation.undecided else bare,
        location=placement.location,
        resource_type=resource.type,
        resource_name=resource.display_name,
        property_path=format_path(violation.path),
        related=violation.related or placement.related,
        undecided=violation.undecided,
        resource_key=_unknown_name_key(resource, deployment),
        fix=plan_fix(item.meta.autofix, resource, violation, deployment.variant) if item.meta.autofix else None,
    ).with_fingerprint()  # from the bare message: the same finding in another variant matches it
    shown = f"{item.id}: {message}" if violation.undecided else message
    return replace(finding, message=shown, iteration=resource.iteration or "")


def _unknown_name_key(resource: Resource, deployment: Deployment) -> str:
    """For a resource whose name is unknown: its symbolic name (Bicep), else its position among the
    resources of its type whose names are unknown (ARM). Empty for a named resource."""
    if isinstance(resource.name, str):
        return ""
    if resource.symbolic_name:
        return f"symbol {resource.symbolic_name}"
    ordinals: dict[int, int] | None = deployment.derived.get("unknown-name-ordinals")
    if ordinals is None:  # once per deployment: a scan per finding would be quadratic
        ordinals = {}
        counts: dict[str, int] = {}
        for other in deployment.resources:
            if not isinstance(other.name, str) and not other.symbolic_name:
                folded = other.type.casefold()
                ordinals[id(other)] = counts[folded] = counts.get(folded, -1) + 1
        deployment.derived["unknown-name-ordinals"] = ordinals
    return f"position {ordinals.get(id(resource), 0)}"


def explore_variants(
    loaded: Any, base: Deployment, base_findings: list[Finding], config: Config, registry: Registry, previous: Deployment | None = None,
    profiles: CheckProfiles | None = None,
) -> list[Finding]:
    """Check other allowed values of decisive parameters; new findings become warnings naming the value.

    A check whose first answer is known to hold again (`profiles`, see variant_checks.py) is skipped: its
    findings would repeat the first evaluation's."""
    if not config.explore_allowed_values or not base.choices:
        return []
    seen = {(finding.rule_id, finding.fingerprint) for finding in base_findings}
    extra: list[Finding] = []
    budget = config.max_variants
    work = getattr(loaded, "budget", None)
    for choice in base.choices:
        for value in choice.values:
            if budget <= 0 or (work is not None and work.spent):  # a spent work budget would cut a variant short
                return extra
            if value == choice.current:
                continue
            budget -= 1
            variant = loaded.evaluate({choice.name: value})
            if _same_resources(base, variant):
                continue  # the value changes nothing the rules see: whatever they report, base reported
            variant.variant = f"when {choice.name} = {_show(value)}"
            variant.choices = base.choices  # the same template: its other allowed-value parameters stay explored
            for finding in check_deployment(variant, config, registry, previous, profiles):
                key = (finding.rule_id, finding.fingerprint)
                if key in seen or finding.rule_id in diagnostics.CODES:
                    continue
                seen.add(key)
                extra.append(finding)
    return extra


def _same_resources(base: Deployment, variant: Deployment) -> bool:
    if len(base.resources) != len(variant.resources):
        return False
    return all(
        one is other or (
            one.type == other.type and one.existing == other.existing and one.iteration == other.iteration
            and same_value(one.name, other.name) and same_value(one.api_version, other.api_version)
            and same_value(one.resource_id, other.resource_id) and same_value(one.body, other.body)
        )
        for one, other in zip(base.resources, variant.resources)
    )


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value).lower() if isinstance(value, bool) else repr(value)


def _distinct_fingerprints(findings: list[Finding]) -> list[Finding]:
    """GitHub merges results that share a partial fingerprint. Findings that say the same thing about no
    particular resource (two identical diagnostics at different places) are numbered in file order."""
    seen: dict[str, int] = {}
    distinct = []
    for finding in findings:
        count = seen[finding.fingerprint] = seen.get(finding.fingerprint, 0) + 1
        if count > 1:
            finding = replace(finding, fingerprint=hashlib.sha256(f"{finding.fingerprint}#{count}".encode()).hexdigest()[:32])
        distinct.append(finding)
    return distinct


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per rule, place and message; loop iterations that share it are named together."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.rule_id, finding.location, finding.message), []).append(finding)
    unique = []
    for members in groups.values():
        first = members[0]
        iterations = [member.iteration for member in members if member.iteration]
        if iterations:
            first = replace(first, message=f"{first.message} [{_name_iterations(iterations)}]")
        unique.append(first)
    return unique


def _name_iterations(labels: list[str]) -> str:
    """["copy 'x' index 0", "copy 'x' index 1", "copy 'x' index 2"] -> "copy 'x' index 0-2"."""
    labels = list(dict.fromkeys(labels))
    prefixes = {label.rsplit(" ", 1)[0] for label in labels}
    numbers = [label.rsplit(" ", 1)[-1] for label in labels]
    if len(labels) == 1 or len(prefixes) != 1 or not all(number.isdigit() for number in numbers):
        return "; ".join(labels)
    values = sorted(int(number) for number in numbers)
    runs: list[str] = []
    start = previous = values[0]
    for value in values[1:] + [None]:
        if value is not None and value == previous + 1:
            previous = value
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if value is not None:
            start = previous = value
    return f"{prefixes.pop()} {', '.join(runs)}"
