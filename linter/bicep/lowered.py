"""Lint Bicep through the ARM evaluator: parse, lower to the ARM template form (lower.py), evaluate.

`load_lowered` is what the engine uses for every Bicep job (`bicep.load_bicep`). Modules are lowered when the ARM
evaluator links them (`LoweredBicep.linked`), `.bicepparam` files are lowered and their values
evaluated by the same ARM scope machinery, JSON parameter files are read as for ARM templates.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .. import diagnostics
from ..arm.reader import JsonArray, JsonObject, ParsedJson, to_python
from ..arm.template import LoadedTemplate
from ..discover import display_path
from ..model import Deployment, Diagnostic, ParameterChoice, Related, Resource
from ..source import SourceFile
from ..values import Unknown
from . import syntax as s
from .build import build_program
from .lower import DEPLOYMENTS, LoweredFile, ModuleLink, lower_program
from .lower_expressions import UNREADABLE
from .module_cycles import closing_links
from .template_modules import TemplateModules

if TYPE_CHECKING:
    from ..arm.parameters import ParameterFile
    from ..discover import SourceJob
    from ..contracts import Settings
    from .lower_imports import Imports

# What an `existing` resource's body holds: its properties are not in this template.
EXISTING_MEMBERS = ("location", "sku", "zones", "properties", "tags", "identity", "kind", "plan", "extendedLocation")


@dataclass
class BicepSource:
    source: SourceFile
    program: s.Program
    lowered: LoweredFile | None = None
    refused: list[Diagnostic] = field(default_factory=list)  # its module links that are not followed
    followed: list[tuple[ModuleLink, Path]] = field(default_factory=list)  # its local modules that are, with their resolved files


@dataclass
class LoweredBicep(LoadedTemplate):
    """A Bicep job lowered to a template; evaluates like an ARM template, then drops what Bicep does not deploy."""

    checks_outputs: ClassVar[bool] = True  # the Bicep evaluator evaluated outputs: a bound they hit is still said
    bicep: dict[Path, BicepSource | Diagnostic] = field(default_factory=dict)
    module_problems: list[Diagnostic] = field(default_factory=list)
    modules: TemplateModules | None = None  # registry and template-spec modules (Bicep's cache), read once
    module_overrides: dict[str, Any] = field(default_factory=dict)  # explored allowed values of their parameters
    module_choices: dict[str, ParameterChoice] = field(default_factory=dict)

    def call_registry(self, scope: Any, node: Any, deployment: Resource, frame: Any, call_sites: tuple[Related, ...]) -> None:
        """A registry or template-spec module: its cached ARM template evaluated as a nested deployment with
        inner scope (arm/module_call.py); its findings are placed on the caller's lines (relocate.py)."""
        from ..arm.declared import busy_key
        from .module_cache import ModuleCache, Unresolvable

        run = scope.run
        reference, symbol = node.registry, node.symbol
        location = scope.span(*node.registry_span)
        key = busy_key(node, frame)
        run.outputs[key] = Unknown(f"the outputs of the module '{symbol}' ({reference}) are not known: it is not checked")
        copy = node.get("copy")
        if any(isinstance(index, Unknown) for _, index in frame.copies) and isinstance(copy, JsonObject):
            where = copy.get("count") or copy
            message = f"the loop of module '{symbol}' runs over an array unknown before deployment: its resources are not checked"
            run.note(diagnostics.UNRESOLVED_MODULE, message, scope.location(where))
            return
        if self.modules is None:
            self.modules = TemplateModules(self.settings, ModuleCache(Path(self.settings.module_cache) if self.settings.module_cache else None))
        caller = Path(scope.source_path) if getattr(scope, "source_path", None) else self.job.path
        found = self.modules.cache.resolve(reference, caller)
        if isinstance(found, Unresolvable):
            run.note(diagnostics.UNRESOLVED_MODULE, f"module '{symbol}' ('{reference}') cannot be resolved: {found.reason}; its resources are not checked", location)
            return
        if not _is_file(found.path):
            shown = display_path(caller, Path(self.settings.display_root))
            message = (
                f"module '{symbol}' is not in the local module cache: run `bicep restore {shown}` (or pass "
                f"--module-cache); its resources are not checked (looked for {found.path})"
            )
            run.note(diagnostics.UNRESOLVED_MODULE, message, location)
            return
        template = self.modules.template(found.path, found.template_spec, cached=True)
        given = self._registry_given(scope, node, deployment, symbol)
        declaration = Related(location, f"module '{symbol}' declared here")
        here = Related(deployment.declared_at, f"module '{symbol}' called here")
        context = replace(scope.context, deployment_name=deployment.name)
        group, subscription = deployment.body.get("resourceGroup"), deployment.body.get("subscriptionId")
        if isinstance(group, str):
            context = replace(context, resource_group_name=group)
        if isinstance(subscription, str):
            context = replace(context, subscription_id=subscription)
        outcome = self.modules.call_lowered(template, given, call_sites + (here,), declaration, context, run.depth, found)
        if outcome.result is not None:
            for resource in outcome.result.deployment.resources:
                if not run.budget.allows(1):
                    run.note(diagnostics.EVALUATION_LIMIT, f"{run.budget.message('resource')}: the rest is treated as unknown and not checked", resource.declared_at)
                    break
                if deployment.iteration and not resource.iteration:
                    resource.iteration = deployment.iteration
                run.deployment.resources.append(resource)
            for name, values in outcome.result.explorable:
                choice = self._choice_key(scope, symbol, name)
                if choice not in self.module_choices and choice not in self.module_overrides:
                    value, origin, _ = given[name]
                    self.module_choices[choice] = ParameterChoice(choice, values, value, origin.location if origin else location)
        for problem in outcome.diagnostics + outcome.notes:
            _once(run, problem)
        run.outputs[key] = {name: {"value": value} for name, value in outcome.outputs.items()} if isinstance(outcome.outputs, dict) else outcome.outputs

    def _choice_key(self, scope: Any, symbol: str, parameter: str) -> str:
        """How an explored module parameter is named: `vmss.params.orchestrationMode` (and the file, if not the main one)."""
        choice = f"{symbol}.params.{parameter}"
        return choice if scope.source is self.source else f"{choice} in {scope.source.path}"

    def _registry_given(self, scope: Any, node: Any, deployment: Resource, symbol: str) -> dict[str, tuple[Any, Related | None, tuple[Related, ...]]]:
        """The module's parameters: value, where the caller writes it, and where that value came from in turn."""
        properties = node.get("properties")
        given_node = properties.get("parameters") if isinstance(properties, JsonObject) else None
        body_properties = deployment.body.get("properties")
        values = body_properties.get("parameters") if isinstance(body_properties, dict) else None
        found: dict[str, tuple[Any, Related | None, tuple[Related, ...]]] = {}
        for member in given_node.members if isinstance(given_node, JsonObject) else ():
            entry = values.get(member.key) if isinstance(values, dict) else None
            value = entry.get("value") if isinstance(entry, dict) else Unknown(f"the value of '{member.key}' is unknown")
            origin = Related(scope.span(member.key_start, member.key_end), f"the module '{symbol}' passes '{member.key}' here")
            choice = self._choice_key(scope, symbol, member.key)
            if choice in self.module_overrides:
                value = self.module_overrides[choice]
                origin = Related(origin.location, f"value {value!r} from the allowedValues of the module's parameter '{member.key}'")
            found[member.key] = (value, origin, _trail(scope, member.value))
        return found


    def read(self, path: Path, display: str, content: bytes | None = None) -> BicepSource | Diagnostic:
        """A parsed file, once per job; `content`: its bytes from standard input. The language server's store
        (`Settings.parsed`) keeps unchanged files parsed between requests and holds the editor's unsaved text."""
        key = path.resolve()
        if key not in self.bicep:
            store = self.settings.parsed
            found = store.get(key, display) if store is not None else None
            unsaved = store.unsaved(key) if store is not None else None
            if unsaved is not None and found is None:
                found = (SourceFile(display, unsaved), store.program(unsaved))
                store.put(key, display, found)
            if found is None:
                from ..arm.json_file import read_source

                source, problem = read_source(key, display, self.settings, content)
                if source is None:
                    assert problem is not None
                    self.bicep[key] = problem
                    return problem
                found = (source, build_program(source.text))
                if store is not None:
                    store.put(key, display, found)
            self.bicep[key] = BicepSource(*found)
        return self.bicep[key]

    def lower(self, path: Path, display: str) -> BicepSource | Diagnostic:
        found = self.read(path, display)
        if isinstance(found, BicepSource) and found.lowered is None:
            imports = self.imports(path, found.program)
            found.lowered = lower_program(found.program, _file_loader(path, self.settings), imports)
            found.refused = self._refuse_links(path, found) + self._unread_imports(path, found, imports)
        return found

    def _refuse_links(self, path: Path, found: BicepSource) -> list[Diagnostic]:
        """Module files outside the linted tree or missing: the Bicep diagnostic, and no link to follow."""
        assert found.lowered is not None
        root = Path(self.settings.root).resolve()
        refused = []
        found.followed = []
        for link in found.lowered.links:
            target = (path.parent / link.path).resolve() if "\0" not in link.path else None
            if target is None:
                message = f"the module path {link.path!r} holds a NUL character: it names no file"
            elif not target.is_relative_to(root):
                message = f"'{link.path}' is outside the linted directory tree ({root}): it is not read"
            elif not target.is_file():
                message = f"the module file '{link.path}' does not exist"
            else:
                found.followed.append((link, target))
                continue
            refused.append(Diagnostic(diagnostics.UNRESOLVED_MODULE, message, found.source.location(link.start, link.end)))
            link.properties.members = [member for member in link.properties.members if member.key != "templateLink"]
            link.properties._by_key = None
            link.module.not_evaluated = True  # its 800 loop iterations would only say the same 800 times
        return refused

    def refuse_cycles(self, path: Path) -> None:
        """Modules that close a cycle of module files (module_cycles.py): LINT-010 at the module's path, once,
        and the module is not evaluated."""
        display_root = Path(self.settings.display_root)

        def links_of(file: Path) -> list[tuple[ModuleLink, Path]]:
            found = self.lower(file, display_path(file, display_root))
            if not isinstance(found, BicepSource):
                return []
            return [(link, target) for link, target in found.followed if link.path.casefold().endswith(".bicep")]

        for closing in closing_links(path.resolve(), links_of):
            declared_in = self.bicep[closing.declared_in]
            assert isinstance(declared_in, BicepSource)
            link = closing.link
            link.module.not_evaluated = True
            cycle = " -> ".join(step.name for step in closing.cycle)
            message = f"the module '{link.module.symbol}' makes a cycle ({cycle}): Bicep refuses it, it is not evaluated"
            declared_in.refused.append(Diagnostic(diagnostics.INVALID_TEMPLATE, message, declared_in.source.location(link.start, link.end)))

    def _unread_imports(self, path: Path, found: BicepSource, imports: Imports | None) -> list[Diagnostic]:
        """A name used for a value whose import is not read (a registry import, a missing file): said, never silent."""
        problems = []
        for unread in imports.unread if imports is not None else ():
            where = found if unread.path == path else self.read(unread.path, display_path(unread.path, Path(self.settings.display_root)))
            if isinstance(where, BicepSource):
                location = where.source.location(unread.statement.start, unread.statement.end)
                problems.append(Diagnostic(diagnostics.UNRESOLVED_MODULE, unread.message(), location))
        return problems

    def imports(self, path: Path, program: s.Program) -> Imports | None:
        if not any(isinstance(statement, s.ImportDecl) for statement in program.statements):
            return None
        from .lower_imports import Imports

        def read_program(target: Path) -> s.Program | None:
            root = Path(self.settings.root).resolve()
            if not target.is_relative_to(root) or not target.is_file():
                return None
            found = self.read(target, display_path(target, Path(self.settings.display_root)))
            return found.program if isinstance(found, BicepSource) else None

        return Imports(path, program, read_program, lambda base: _file_loader(base, self.settings))

    def linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None:
        if path.suffix.casefold() != ".bicep":
            return super().linked(path)
        key = path  # resolved once per evaluation by arm/nested.py, not once per loop iteration
        if key not in self._linked:
            found = self.lower(key, display_path(key, Path(self.settings.display_root)))
            if isinstance(found, Diagnostic):
                self.module_problems.append(found)
                self._linked[key] = None
            else:
                assert found.lowered is not None
                self.module_problems.extend(_problems(found))
                self._linked[key] = (found.source, found.lowered.root)
        return self._linked[key]

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment:
        # a registry module's parameter is named `vmss.params.x` (with a '.'); a parameter of this file's cannot be
        variant = bool(overrides)
        self.module_overrides = {name: value for name, value in (overrides or {}).items() if "." in name}
        self.module_choices = {}
        deployment = super().evaluate({name: value for name, value in (overrides or {}).items() if "." not in name})
        deployment.choices = [*deployment.choices, *self.module_choices.values()]
        deployment.diagnostics.extend(self.module_problems)
        if not variant:
            deployment.notes.extend(self._unset_parameters(deployment))
        deployment.choices = [replace(choice, location=self._parameter_location(choice.name) or choice.location) for choice in deployment.choices]
        if not variant:
            deployment.choices += self._other_choices(deployment)
        modules = self._module_locations()
        kept = []
        for resource in deployment.resources:
            if resource.type == DEPLOYMENTS and (resource.declared_at.path, resource.declared_at.line, resource.declared_at.column) in modules:
                continue
            if resource.existing:
                symbol = resource.symbolic_name or resource.type
                resource.body = {member: Unknown(f"'{symbol}' is an existing resource: its {member} is not in this template") for member in EXISTING_MEMBERS}
            kept.append(resource)
        deployment.resources = kept
        return deployment

    def _other_choices(self, deployment: Deployment) -> list[ParameterChoice]:
        """Parameters with allowed values that no inspected resource reads: the Bicep evaluator offered them
        for exploration too (their variants reuse every resource, so they cost little)."""
        from ..arm.evaluator import MAX_CHOICE_VALUES
        from ..arm.expressions import parse_template_string

        root = self.parsed.root if self.parsed is not None else None
        declared = root.get("parameters") if isinstance(root, JsonObject) else None
        given = {name.casefold() for parameter_file in self.parameter_files for name in parameter_file.values}
        chosen = {choice.name.casefold() for choice in deployment.choices}
        found = []
        for member in declared.members if isinstance(declared, JsonObject) else ():
            if member.key.casefold() in given | chosen or not isinstance(member.value, JsonObject):
                continue
            allowed = member.value.get("allowedValues")
            if not isinstance(allowed, JsonArray) or len(allowed.items) < 2:
                continue
            default = member.value.get("defaultValue")
            current: Any = to_python(default) if default is not None else Unknown(f"parameter '{member.key}' has no value")
            if isinstance(current, str) and parse_template_string(current).literal is None:
                current = Unknown(f"the default of parameter '{member.key}' is an expression")
            location = self._parameter_location(member.key)
            assert location is not None
            found.append(ParameterChoice(member.key, tuple(to_python(allowed)[:MAX_CHOICE_VALUES]), current, location))
        return found

    def _parameter_location(self, name: str) -> Any:
        root = self.parsed.root if self.parsed is not None else None
        declared = root.get("parameters") if isinstance(root, JsonObject) else None
        member = declared.member(name) if isinstance(declared, JsonObject) else None
        return self.source.location(member.key_start, member.key_end) if member is not None and self.source is not None else None

    def _unset_parameters(self, deployment: Deployment) -> list[Diagnostic]:
        """A parameter with no value that nothing reads is still worth saying (the ARM scope notes it when read)."""
        if self.parsed is None or self.source is None or not isinstance(self.parsed.root, JsonObject):
            return []
        declared = self.parsed.root.get("parameters")
        given = {name.casefold() for parameter_file in self.parameter_files for name in parameter_file.values}
        noted = {(note.code, note.location) for note in deployment.notes + deployment.diagnostics}
        found = []
        for member in declared.members if isinstance(declared, JsonObject) else ():
            if member.key.casefold() in given or not isinstance(member.value, JsonObject) or member.value.get("defaultValue") is not None:
                continue
            location = self.source.location(member.value.start, member.value.end)
            if (diagnostics.MISSING_PARAMETER, location) not in noted:
                message = f"parameter '{member.key}' has no default and no value in a parameter file: values that depend on it are unknown"
                found.append(Diagnostic(diagnostics.MISSING_PARAMETER, message, location))
        return found

    def _module_locations(self) -> set[tuple[str, int, int]]:
        found = set()
        for entry in self.bicep.values():
            if isinstance(entry, BicepSource) and entry.lowered is not None:
                for start in entry.lowered.module_anchors:
                    location = entry.source.location(start, start + 1)
                    found.add((location.path, location.line, location.column))
        return found


def _problems(found: BicepSource) -> list[Diagnostic]:
    source = found.source
    problems = [
        Diagnostic(diagnostics.BICEP_SYNTAX, f"Bicep syntax error: {message}; this declaration is skipped", source.location(offset))
        for offset, message in found.program.problems
    ]
    problems += found.refused
    if found.lowered is not None:
        problems += [
            Diagnostic(diagnostics.UNSUPPORTED_EXPRESSION, f"cannot lower this declaration: {message}", source.location(offset))
            for offset, message in found.lowered.problems
        ]
    return problems


def load_lowered(job: SourceJob, settings: Settings) -> LoweredBicep:
    """Read, parse and lower a Bicep job, and read its parameter files."""
    loaded = LoweredBicep(job, settings, None, None)
    if job.text is not None:  # an unsaved document: its text, not the file on disk
        program = settings.parsed.program(job.text) if settings.parsed is not None else build_program(job.text)
        loaded.bicep[job.path.resolve()] = BicepSource(SourceFile(job.display, job.text), program)
    loaded.read(job.path, job.display, job.content)
    found = loaded.lower(job.path, job.display)
    if isinstance(found, Diagnostic):
        loaded.problems.append(found)
        return loaded
    assert found.lowered is not None
    loaded.refuse_cycles(job.path)
    loaded.source = found.source
    loaded.parsed = ParsedJson(found.lowered.root, [], [])
    loaded.problems.extend(_problems(found))
    for path in job.parameter_files:
        path = Path(path)
        if path.name.casefold().endswith(".bicepparam"):
            parameter_file, problems = _bicepparam(path, loaded)
        else:
            from ..arm.parameters import load_parameter_file

            parameter_file, problems = load_parameter_file(path, settings)
        loaded.parameter_problems.extend(problems)
        if parameter_file is not None:
            loaded.parameter_files.append(parameter_file)
    return loaded


def _bicepparam(path: Path, loaded: LoweredBicep) -> tuple[ParameterFile | None, list[Diagnostic]]:
    """A .bicepparam file: its `param` values (and the `var`s they use) evaluated by the ARM scope."""
    from ..arm.parameters import ParameterFile
    from ..arm.scope import Frame, Run
    from ..arm.template_scope import TemplateScope
    from ..functions import FunctionContext

    display = display_path(path, Path(loaded.settings.display_root))
    found = loaded.read(path, display)
    if isinstance(found, Diagnostic):
        return None, [found]
    statements: list[s.Statement] = []
    params: list[s.ParameterDecl] = []
    for statement in found.program.statements:
        if isinstance(statement, s.ParameterDecl) and statement.default is not None:
            params.append(statement)
            statements.append(s.VariableDecl(statement.start, statement.end, name=statement.name, name_start=statement.name_start, value=statement.default))
        elif isinstance(statement, (s.VariableDecl, s.FunctionDecl)):
            statements.append(statement)
    lowered = lower_program(s.Program(statements, []), _file_loader(path, loaded.settings))
    deployment = Deployment(display)
    scope = TemplateScope(Run(deployment, loaded.settings.max_call_depth), found.source, FunctionContext(), top_level=True)
    scope.declare(lowered.root)
    result = ParameterFile(found.source)
    for statement in params:
        value = scope.variable(statement.name, Frame())
        location = found.source.location(statement.name_start, statement.name_start + len(statement.name))
        result.values[statement.name] = (value, Related(location, f"the value of '{statement.name}' is set in {display}", statement.name))
    problems = [
        Diagnostic(diagnostics.BICEP_SYNTAX, f"Bicep syntax error: {message}; this declaration is skipped", found.source.location(offset))
        for offset, message in found.program.problems
    ]
    return result, problems + deployment.diagnostics + deployment.notes


def _file_loader(base: Path, settings: Settings) -> Any:
    """`loadTextContent` & co.: read a file next to `base` at lowering time (Bicep reads them at build)."""

    def load(name: str, args: list[Any]) -> Any:
        if not args or not isinstance(args[0], str):
            return UNREADABLE
        target = (base.parent / args[0]).resolve()
        if not target.is_relative_to(Path(settings.root).resolve()) or not target.is_file():
            return UNREADABLE
        with target.open("rb") as handle:
            data = handle.read(settings.max_file_bytes)
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
                from ruamel.yaml import YAML

                return YAML(typ="safe").load(text)
            return text
        except (ValueError, UnicodeDecodeError, ImportError):
            return UNREADABLE

    return load



def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system, for one: not in the cache
        return False


def _once(run: Any, problem: Diagnostic) -> None:
    """A problem with related locations (placed by relocate.py), kept as it is, once per evaluation."""
    key = (problem.message, problem.location)
    if key in run.reported:
        return
    run.reported.add(key)
    target = run.deployment.notes if problem.code in diagnostics.QUIET_BY_DEFAULT else run.deployment.diagnostics
    target.append(problem)


def _trail(scope: Any, value_node: Any) -> tuple[Related, ...]:
    """Where a value passed as a plain parameter of the calling file was set in turn (a parameter file)."""
    import re

    value = value_node.get("value") if isinstance(value_node, JsonObject) else None
    text = getattr(value, "value", None)
    match = re.fullmatch(r"\[parameters\('([^']+)'\)\]", text) if isinstance(text, str) else None
    parameter = scope.parameters.get(match.group(1).casefold()) if match else None
    if parameter is None or not parameter.has_given or parameter.origin is None:
        return ()
    return (parameter.origin,)
