"""Load a Bicep job: the file, its parameter files, and (at evaluation) its modules and imports.

Files are read and parsed once per job (`FileCache`); every `evaluate()` (the base deployment and each
explored parameter variant) runs a fresh `Session` over the cached syntax trees.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import diagnostics
from ..budget import MODULE_COST, WorkBudget, WorkBudgetSpent
from ..discover import display_path
from ..functions import FunctionContext
from ..guarded_read import ReadRefused, read_bytes, resolved
from ..model import Deployment, Diagnostic, ParameterChoice, Related, Resource
from ..source import DecodeError, FileTooLarge, Location, SourceFile
from ..parameter_bounds import BOUNDS, bound_violation
from ..values import Unknown
from . import syntax as s
from .build import build_program
from .evaluator import FileEvaluator, GivenValue
from .expressions import Scope
from .module_cache import CachedModule, ModuleCache, Unresolvable
from .template_modules import Template, TemplateModules, is_external

if TYPE_CHECKING:
    from ..discover import SourceJob
    from ..contracts import Settings


@dataclass
class BicepFile:
    path: Path
    display: str
    source: SourceFile
    program: s.Program


@dataclass
class FileCache:
    """Parsed files by resolved path; a file that cannot be read maps to the diagnostic saying why."""

    settings: Settings
    files: dict[Path, BicepFile | Diagnostic] = field(default_factory=dict)

    def get(self, path: Path, display: str, content: bytes | None = None) -> BicepFile | Diagnostic:
        """The parsed file; `content`: its bytes when they come from standard input, not from `path`."""
        key = path.resolve()
        if key not in self.files:
            store = self.settings.parsed  # the language server keeps unchanged files parsed between requests
            found = store.get(key, display) if store is not None else None
            unsaved = store.unsaved(key) if store is not None else None  # a file open in the editor
            if unsaved is not None and found is None:
                found = BicepFile(path, display, SourceFile(display, unsaved), build_program(unsaved))
                store.put(key, display, found)
            if found is None:
                found = self._load(path, display, content)
                if store is not None and isinstance(found, BicepFile):
                    store.put(key, display, found)
            self.files[key] = found
        return self.files[key]

    def _load(self, path: Path, display: str, content: bytes | None = None) -> BicepFile | Diagnostic:
        start = Location(display, 1, 1, 1, 2)
        try:
            if content is not None:
                source = SourceFile.from_bytes(content, display, self.settings.max_file_bytes)
            else:
                source = SourceFile.read(path, display, self.settings.max_file_bytes, root=self.settings.root, trusted=self.settings.trusted)
        except FileTooLarge as error:
            return Diagnostic(diagnostics.UNREADABLE_FILE, str(error), start)
        except DecodeError as error:
            return Diagnostic(diagnostics.UNREADABLE_FILE, f"{error} at byte offset {error.offset}", start)
        except OSError as error:
            return Diagnostic(diagnostics.UNREADABLE_FILE, f"cannot read the file: {error.strerror or error}", start)
        return BicepFile(path, display, source, build_program(source.text))


class Session:
    """One evaluation of a job: the deployment being built, shared by the file and all its modules."""

    def __init__(self, loaded: LoadedBicep, module_overrides: Mapping[str, Any] | None = None) -> None:
        self.loaded = loaded
        self.settings = loaded.settings
        self.cache = loaded.cache
        self.modules = loaded.modules
        self.module_overrides = dict(module_overrides or {})  # explored allowed values of module parameters
        self.module_choices: dict[str, ParameterChoice] = {}
        self.deployment = Deployment(loaded.job.display)
        self.imports: dict[Path, FileEvaluator | None] = {}
        self.importing: set[Path] = set()
        self._noted: set[tuple[str, Location, str]] = set()
        self._limited = False
        self._spent = False
        self._resolved: dict[tuple[Path, str], Path | None] = {}
        self._displays: dict[Path, str] = {}
        self.function_calls = 0  # user-defined function calls (bounded by functions.base.MAX_FUNCTION_CALLS)
        self.budget = loaded.budget

    def note(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.code, diagnostic.location, diagnostic.message)
        if key not in self._noted:
            self._noted.add(key)
            self.deployment.notes.append(diagnostic)

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.code, diagnostic.location, diagnostic.message)
        if key not in self._noted:
            self._noted.add(key)
            self.deployment.diagnostics.append(diagnostic)

    def limit(self, message: str, location: Location) -> None:
        self.diagnostic(Diagnostic(diagnostics.EVALUATION_LIMIT, message, location))

    def display(self, path: Path) -> str:
        if path not in self._displays:
            self._displays[path] = display_path(path, Path(self.settings.display_root))
        return self._displays[path]

    def spent(self, error: Exception, location: Location) -> None:
        """The work budget ran out: said once per evaluation, where it happened."""
        if not self._spent:
            self._spent = True
            self.limit(f"{error}: the rest is treated as unknown and not checked", location)

    def add_resource(self, resource: Resource) -> None:
        try:
            self.budget.charge(1, "resource")
        except WorkBudgetSpent as error:
            self.spent(error, resource.declared_at)
            return
        if len(self.deployment.resources) >= self.settings.max_resources:
            if not self._limited:
                self._limited = True
                self.limit(f"more than {self.settings.max_resources} resources: the rest are not checked", resource.declared_at)
            return
        self.deployment.resources.append(resource)

    # ---- other files ----

    def resolve_local(self, evaluator: FileEvaluator, relative: str, location: Location) -> Path | None:
        """A path next to the calling file, refused (with a diagnostic) when it leaves the linted tree.
        Resolved once per evaluation: a module loop asks for the same path at every iteration."""
        key = (evaluator.file.path, relative)
        if key not in self._resolved:
            self._resolved[key] = self._resolve_local(evaluator, relative, location)
        return self._resolved[key]

    def _resolve_local(self, evaluator: FileEvaluator, relative: str, location: Location) -> Path | None:
        try:
            target = resolved(evaluator.file.path.parent / relative)
        except ReadRefused as error:
            self.diagnostic(Diagnostic(diagnostics.UNRESOLVED_MODULE, f"'{relative}' cannot be used: {error.strerror}", location))
            return None
        root = resolved(self.settings.root)
        if not target.is_relative_to(root):
            self.diagnostic(Diagnostic(diagnostics.UNRESOLVED_MODULE, f"'{relative}' is outside the linted directory tree ({root}): it is not read, what it declares is not checked", location))
            return None
        return target

    def run_module(self, evaluator: FileEvaluator, decl: s.ModuleDecl, given: dict[str, GivenValue], call_sites: tuple[Related, ...], location: Location, iteration: str | None, target_scope: Any = None) -> Any:
        path = decl.path
        if evaluator.depth + 1 > self.settings.max_call_depth:
            self.limit(f"modules nest more than {self.settings.max_call_depth} deep: '{path}' is not evaluated", location)
            return Unknown("module nesting limit")
        if is_external(path):
            return self._run_external_module(evaluator, decl, given, call_sites, location, target_scope)
        target = self.resolve_local(evaluator, path, location)
        if target is None:
            return Unknown(f"the module '{decl.name}' is outside the linted tree")
        if target in evaluator.chain:
            cycle = " -> ".join(self.display(step) for step in (*evaluator.chain[evaluator.chain.index(target):], target))
            self.diagnostic(Diagnostic(diagnostics.INVALID_TEMPLATE, f"the module '{decl.name}' makes a cycle ({cycle}): Bicep refuses it, it is not evaluated", location))
            return Unknown(f"the module '{decl.name}' is part of a cycle")
        self.budget.charge(MODULE_COST, "module")
        display = self.display(target)
        if not target.is_file():
            self.diagnostic(Diagnostic(diagnostics.UNRESOLVED_MODULE, f"the module file '{path}' does not exist: its resources are not checked", location))
            return Unknown(f"the module file '{path}' does not exist")
        if target.suffix.casefold() in (".json", ".jsonc"):
            template = self.modules.template(target, template_spec=False)
            return self._run_json_module(template, evaluator, decl, given, call_sites, location, target_scope, None)
        loaded = self.cache.get(target, display)
        if isinstance(loaded, Diagnostic):
            self.diagnostic(loaded)
            return Unknown(f"the module '{decl.name}' cannot be read")
        child = FileEvaluator(self, loaded, given, call_sites, evaluator.depth + 1, emit=True, iteration=iteration)
        child.chain = (*evaluator.chain, target)
        child.context = _scoped_context(evaluator.context, target_scope)
        return child.run()

    def _run_external_module(self, evaluator: FileEvaluator, decl: s.ModuleDecl, given: dict[str, GivenValue], call_sites: tuple[Related, ...], location: Location, target_scope: Any) -> Any:
        """A registry or template-spec module: read from Bicep's local module cache, never fetched."""
        found = self.modules.cache.resolve(decl.path, evaluator.file.path)
        unchecked = Unknown(f"the outputs of the module '{decl.name}' ({decl.path}) are not known: it is not checked")
        if isinstance(found, Unresolvable):
            self.diagnostic(Diagnostic(diagnostics.UNRESOLVED_MODULE, f"module '{decl.name}' ('{decl.path}') cannot be resolved: {found.reason}; its resources are not checked", location))
            return unchecked
        if not _is_file(found.path):
            message = (
                f"module '{decl.name}' is not in the local module cache: run `bicep restore {evaluator.file.display}` (or pass "
                f"--module-cache); its resources are not checked (looked for {found.path})"
            )
            self.diagnostic(Diagnostic(diagnostics.UNRESOLVED_MODULE, message, location))
            return unchecked
        template = self.modules.template(found.path, found.template_spec, cached=True)
        return self._run_json_module(template, evaluator, decl, given, call_sites, location, target_scope, found)

    def _run_json_module(
        self, template: Template, evaluator: FileEvaluator, decl: s.ModuleDecl, given: dict[str, GivenValue],
        call_sites: tuple[Related, ...], location: Location, target_scope: Any, cached: CachedModule | None,
    ) -> Any:
        """An ARM JSON module (local, or `cached` from a registry) as a nested deployment with inner scope."""
        given = dict(given)
        for name, value in list(given.items()):
            key = _choice_key(evaluator, decl, name)
            if key in self.module_overrides:
                chosen = self.module_overrides[key]
                origin = value.related.location if value.related is not None else location
                given[name] = GivenValue(chosen, Related(origin, f"value {chosen!r} from the allowedValues of the module's parameter '{name}'"))
        declaration = Related(location, f"module '{decl.name}' declared here")
        context = _scoped_context(evaluator.context, target_scope)
        outcome = self.modules.call(template, evaluator, decl, given, call_sites, declaration, context, cached)
        if outcome.result is not None:
            for resource in outcome.result.deployment.resources:
                self.add_resource(resource)
            for name, values in outcome.result.explorable:
                key = _choice_key(evaluator, decl, name)
                if key not in self.module_choices and key not in self.module_overrides:
                    related = given[name].related
                    self.module_choices[key] = ParameterChoice(key, values, given[name].value, related.location if related else location)
        for diagnostic in outcome.diagnostics:
            self.diagnostic(diagnostic)
        for note in outcome.notes:
            self.note(note)
        return outcome.outputs

    def imported(self, evaluator: FileEvaluator, statement: s.ImportDecl) -> FileEvaluator | None:
        location = evaluator.location(statement.keyword_start, statement.keyword_start + len("import"))
        if is_external(statement.path):
            self.note(Diagnostic(diagnostics.UNRESOLVED_MODULE, f"'{statement.path}' is in a registry: it is not fetched and what it exports is unknown", location))
            return None
        target = self.resolve_local(evaluator, statement.path, location)
        if target is None:
            return None
        if target in self.imports:
            return self.imports[target]
        if target in self.importing or not target.is_file():
            if not target.is_file():
                self.diagnostic(Diagnostic(diagnostics.UNRESOLVED_MODULE, f"the imported file '{statement.path}' does not exist", location))
            return None
        self.importing.add(target)
        loaded = self.cache.get(target, display_path(target, Path(self.settings.display_root)))
        result = None
        if isinstance(loaded, Diagnostic):
            self.diagnostic(loaded)
        else:
            result = FileEvaluator(self, loaded, {}, evaluator.call_sites, evaluator.depth + 1, emit=False)
        self.importing.discard(target)
        self.imports[target] = result
        return result

    def load_file_function(self, evaluator: FileEvaluator, name: str, args: list[Any], node: Any) -> Any:
        """loadTextContent / loadJsonContent / loadYamlContent / loadFileAsBase64: compile-time reads."""
        if not args or not isinstance(args[0], str):
            return Unknown(f"{name}() needs a file path")
        location = evaluator.node_location(node)
        target = self.resolve_local(evaluator, args[0], location)
        if target is None:
            return Unknown(f"{name}(): '{args[0]}' cannot be read")
        try:
            data = read_bytes(target, root=self.settings.root, max_bytes=self.settings.max_file_bytes)
        except (OSError, FileTooLarge) as error:
            return Unknown(f"{name}(): '{args[0]}' cannot be read: {getattr(error, 'strerror', None) or error}")
        folded = name.casefold()
        try:
            if folded == "loadfileasbase64":
                return base64.b64encode(data).decode("ascii")
            text = data.decode("utf-8-sig")
            if folded == "loadjsoncontent":
                value = json.loads(text)
                if len(args) > 1 and isinstance(args[1], str) and isinstance(value, dict):
                    for part in args[1].lstrip("$.").split("."):
                        value = value.get(part) if isinstance(value, dict) else None
                return value
            if folded == "loadyamlcontent":
                from ruamel.yaml.error import YAMLError

                from ..safe_yaml import load_yaml

                try:
                    return load_yaml(text)
                except (YAMLError, RecursionError) as error:
                    return Unknown(f"{name}(): the YAML cannot be read: {str(error).splitlines()[0] if str(error) else 'it nests too deeply'}")
            return text
        except (ValueError, UnicodeDecodeError, ImportError) as error:
            return Unknown(f"{name}(): {error}")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system, for one: not in the cache
        return False


def _choice_key(evaluator: FileEvaluator, decl: s.ModuleDecl, parameter: str) -> str:
    """How an explored module parameter is named: `vmss.params.orchestrationMode` (and the file, if not the main one)."""
    key = f"{decl.name}.params.{parameter}"
    return key if evaluator.depth == 0 else f"{key} in {evaluator.file.display}"


def _scoped_context(parent: FunctionContext, target_scope: Any) -> FunctionContext:
    """The function context of a module deployed to `scope: resourceGroup(...)` / `subscription(...)`."""
    scope_id = target_scope.get("id") if isinstance(target_scope, dict) else None
    if not isinstance(scope_id, str):
        return replace(parent)
    parts = [part for part in scope_id.split("/") if part]
    values = {parts[index].casefold(): parts[index + 1] for index in range(0, len(parts) - 1, 2)}
    return replace(
        parent,
        subscription_id=values.get("subscriptions", parent.subscription_id),
        resource_group_name=values.get("resourcegroups", parent.resource_group_name),
    )


@dataclass
class LoadedBicep:
    """A parsed Bicep job, ready to evaluate (again, with overrides, for allowed-value exploration)."""

    job: SourceJob
    settings: Settings
    cache: FileCache
    modules: TemplateModules
    main: BicepFile | None
    problems: list[Diagnostic] = field(default_factory=list)
    given: dict[str, GivenValue] = field(default_factory=dict)
    budget: WorkBudget = field(default_factory=WorkBudget)  # shared by every evaluation of this job

    @property
    def source(self) -> SourceFile | None:
        return self.main.source if self.main is not None else None

    def sources(self) -> list[SourceFile]:
        """Every file this job has read (the template, .bicepparam files, modules, imports)."""
        return [entry.source for entry in self.cache.files.values() if isinstance(entry, BicepFile)]

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment:
        overrides = overrides or {}
        # a module parameter's key holds a '.' (`vmss.params.x`); a parameter of this file's cannot
        session = Session(self, {name: value for name, value in overrides.items() if "." in name})
        session.deployment.diagnostics.extend(self.problems)
        if self.main is None:
            return session.deployment
        given = dict(self.given)
        for name, value in overrides.items():
            if "." not in name:
                given[name] = GivenValue(value, given[name].related if name in given else None)
        evaluator = FileEvaluator(session, self.main, given)
        evaluator.run()
        session.deployment.choices = self._choices(evaluator) + list(session.module_choices.values())
        if not overrides:
            session.deployment.diagnostics.extend(self._out_of_bounds(evaluator))
        return session.deployment

    def _out_of_bounds(self, evaluator: FileEvaluator) -> list[Diagnostic]:
        """A parameter value outside its @minValue/@maxValue/@minLength/@maxLength fails validation."""
        problems = []
        for statement in self.main.program.statements if self.main else ():
            if not isinstance(statement, s.ParameterDecl):
                continue
            value = evaluator.symbol(statement.name, statement)
            problem = _bound_violation(evaluator, statement, value)
            if problem is None:
                continue
            given = self.given.get(statement.name)
            if given is not None and given.related is not None:
                location = given.related.location
            elif statement.default is not None:
                location = evaluator.node_location(statement.default)
            else:
                continue
            problems.append(Diagnostic(diagnostics.INVALID_PARAMETERS, f"parameter '{statement.name}': {problem}", location))
        return problems

    def _choices(self, evaluator: FileEvaluator) -> list[ParameterChoice]:
        choices = []
        for statement in self.main.program.statements if self.main else ():
            if not isinstance(statement, s.ParameterDecl) or statement.name in self.given:
                continue
            values = evaluator.allowed_values(statement)
            if not values:
                continue
            current = evaluator.symbol(statement.name, statement)
            location = evaluator.location(statement.name_start, statement.name_start + len(statement.name))
            choices.append(ParameterChoice(statement.name, tuple(values), current, location))
        return choices


def load_bicep(job: SourceJob, settings: Settings) -> LoadedBicep:
    """Read and parse a Bicep file and its parameter files (.bicepparam or ARM JSON)."""
    cache = FileCache(settings)
    modules = TemplateModules(settings, ModuleCache(Path(settings.module_cache) if settings.module_cache else None))
    if job.text is not None:
        program = settings.parsed.program(job.text) if settings.parsed is not None else build_program(job.text)
        cache.files[job.path.resolve()] = BicepFile(job.path, job.display, SourceFile(job.display, job.text), program)
    main = cache.get(job.path, job.display, job.content)
    if isinstance(main, Diagnostic):
        return LoadedBicep(job, settings, cache, modules, None, [main])
    loaded = LoadedBicep(job, settings, cache, modules, main)
    for parameter_file in job.parameter_files:
        given, problems = read_parameter_file(parameter_file, loaded)
        loaded.given.update(given)
        loaded.problems.extend(problems)
    return loaded


def read_parameter_file(path: Path, loaded: LoadedBicep) -> tuple[dict[str, GivenValue], list[Diagnostic]]:
    display = display_path(path, Path(loaded.settings.display_root))
    if path.name.casefold().endswith(".bicepparam"):
        return _read_bicepparam(path, display, loaded)
    return _read_json_parameters(path, display, loaded.settings)


def _read_bicepparam(path: Path, display: str, loaded: LoadedBicep) -> tuple[dict[str, GivenValue], list[Diagnostic]]:
    file = loaded.cache.get(path, display)
    if isinstance(file, Diagnostic):
        return {}, [file]
    session = Session(loaded)
    evaluator = FileEvaluator(session, file, {}, emit=False)
    problems = [
        Diagnostic(diagnostics.BICEP_SYNTAX, f"Bicep syntax error: {message}; this declaration is skipped", file.source.location(offset))
        for offset, message in file.program.problems
    ]
    given: dict[str, GivenValue] = {}
    for statement in file.program.statements:
        if isinstance(statement, s.ParameterDecl):
            value = evaluator.symbol(statement.name, statement)
            location = file.source.location(statement.name_start, statement.name_start + len(statement.name))
            given[statement.name] = GivenValue(value, Related(location, f"the value of '{statement.name}' is set in {display}", statement.name))
    return given, problems + session.deployment.notes


def _read_json_parameters(path: Path, display: str, settings: Settings) -> tuple[dict[str, GivenValue], list[Diagnostic]]:
    from ..arm.reader import JsonObject, JsonSyntaxError, parse_json, to_python

    start = Location(display, 1, 1, 1, 2)
    try:
        source = SourceFile.read(path, display, settings.max_file_bytes, root=settings.root, trusted=settings.trusted)
        parsed = parse_json(source.text)
    except (OSError, DecodeError, FileTooLarge) as error:
        return {}, [Diagnostic(diagnostics.INVALID_PARAMETERS, f"cannot read the parameter file: {error}", start)]
    except JsonSyntaxError as error:
        return {}, [Diagnostic(diagnostics.INVALID_PARAMETERS, f"invalid JSON in the parameter file: {error}", source.location(error.offset))]
    root = parsed.root
    parameters = root.get("parameters") if isinstance(root, JsonObject) else None
    if not isinstance(parameters, JsonObject):
        return {}, [Diagnostic(diagnostics.INVALID_PARAMETERS, "a parameter file needs a `parameters` object", start)]
    given: dict[str, GivenValue] = {}
    for member in parameters.members:
        entry = member.value
        value_node = entry.get("value") if isinstance(entry, JsonObject) else None
        location = source.location(member.key_start, member.key_end)
        related = Related(location, f"the value of '{member.key}' is set in {display}", member.key)
        if value_node is None:
            given[member.key] = GivenValue(Unknown(f"the parameter '{member.key}' is a Key Vault reference"), related)
        else:
            given[member.key] = GivenValue(to_python(value_node), related)
    return given, []


def _bound_violation(evaluator: FileEvaluator, decl: s.ParameterDecl, value: Any) -> str | None:
    bounds = {}
    for name in BOUNDS:
        decorator = decl.decorator(name)
        if decorator is not None and decorator.args:
            bounds[name] = evaluator.guarded(lambda: evaluator.evaluate(decorator.args[0], Scope()), decorator)
    return bound_violation(value, bounds) if bounds else None
