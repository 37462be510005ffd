"""Lint Bicep through the ARM evaluator: parse, lower to the ARM template form (lower.py), evaluate.

`load_lowered` is what the engine uses for a Bicep job when `bicep.LOWERING_SWITCH` is set in the environment
(default off while the Bicep evaluator is still the default). Modules are lowered when the ARM
evaluator links them (`LoweredBicep.linked`), `.bicepparam` files are lowered and their values
evaluated by the same ARM scope machinery, JSON parameter files are read as for ARM templates.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import diagnostics
from ..arm.reader import JsonArray, JsonObject, ParsedJson, to_python
from ..arm.template import LoadedTemplate
from ..discover import display_path
from ..model import Deployment, Diagnostic, ParameterChoice, Related
from ..source import SourceFile
from ..values import Unknown
from . import syntax as s
from .build import build_program
from .lower import DEPLOYMENTS, LoweredFile, lower_program
from .lower_expressions import UNREADABLE

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


@dataclass
class LoweredBicep(LoadedTemplate):
    """A Bicep job lowered to a template; evaluates like an ARM template, then drops what Bicep does not deploy."""

    bicep: dict[Path, BicepSource | Diagnostic] = field(default_factory=dict)
    module_problems: list[Diagnostic] = field(default_factory=list)

    def read(self, path: Path, display: str) -> BicepSource | Diagnostic:
        key = path.resolve()
        if key not in self.bicep:
            from ..arm.template import read_source

            source, problem = read_source(key, display, self.settings)
            if source is None:
                assert problem is not None
                self.bicep[key] = problem
            else:
                self.bicep[key] = BicepSource(source, build_program(source.text))
        return self.bicep[key]

    def lower(self, path: Path, display: str) -> BicepSource | Diagnostic:
        found = self.read(path, display)
        if isinstance(found, BicepSource) and found.lowered is None:
            found.lowered = lower_program(found.program, _file_loader(path, self.settings), self.imports(path, found.program))
            found.refused = self._refuse_links(path, found)
        return found

    def _refuse_links(self, path: Path, found: BicepSource) -> list[Diagnostic]:
        """Module files outside the linted tree or missing: the Bicep diagnostic, and no link to follow."""
        assert found.lowered is not None
        root = Path(self.settings.root).resolve()
        refused = []
        for properties, relative, start, end in found.lowered.links:
            target = (path.parent / relative).resolve()
            if not target.is_relative_to(root):
                message = f"'{relative}' is outside the linted directory tree ({root}): it is not read"
            elif not target.is_file():
                message = f"the module file '{relative}' does not exist"
            else:
                continue
            refused.append(Diagnostic(diagnostics.UNRESOLVED_MODULE, message, found.source.location(start, end)))
            properties.members = [member for member in properties.members if member.key != "templateLink"]
            properties._by_key = None
        return refused

    def imports(self, path: Path, program: s.Program) -> Imports | None:
        if not any(isinstance(statement, s.ImportDecl) for statement in program.statements):
            return None
        from .lower_imports import Imports

        def read_program(target: Path) -> s.Program | None:
            root = Path(self.settings.root).resolve()
            if not target.is_relative_to(root) or not target.is_file():
                return None
            found = self.read(target, display_path(target, Path.cwd()))
            return found.program if isinstance(found, BicepSource) else None

        return Imports(path, program, read_program, lambda base: _file_loader(base, self.settings))

    def linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None:
        if path.suffix.casefold() != ".bicep":
            return super().linked(path)
        key = path.resolve()
        if key not in self._linked:
            found = self.lower(key, display_path(key, Path.cwd()))
            if isinstance(found, Diagnostic):
                self.module_problems.append(found)
                self._linked[key] = None
            else:
                assert found.lowered is not None
                self.module_problems.extend(_problems(found))
                self._linked[key] = (found.source, found.lowered.root)
        return self._linked[key]

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Deployment:
        deployment = super().evaluate(overrides)
        deployment.diagnostics.extend(self.module_problems)
        if not overrides:
            deployment.notes.extend(self._unset_parameters(deployment))
        deployment.choices = [replace(choice, location=self._parameter_location(choice.name) or choice.location) for choice in deployment.choices]
        if not overrides:
            deployment.choices += self._other_choices(deployment)
        for entry in self.bicep.values():  # registry modules, in the files evaluated
            if isinstance(entry, BicepSource):
                deployment.notes.extend(note for note in _unresolved(entry) if note not in deployment.notes)
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


def _unresolved(found: BicepSource) -> list[Diagnostic]:
    lowered = found.lowered
    return [
        Diagnostic(diagnostics.UNRESOLVED_MODULE, message, found.source.location(start, end))
        for start, end, message in (lowered.unresolved if lowered is not None else ())
    ]


def load_lowered(job: SourceJob, settings: Settings) -> LoweredBicep:
    """Read, parse and lower a Bicep job, and read its parameter files."""
    loaded = LoweredBicep(job, settings, None, None)
    found = loaded.lower(job.path, job.display)
    if isinstance(found, Diagnostic):
        loaded.problems.append(found)
        return loaded
    assert found.lowered is not None
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

    display = display_path(path, Path.cwd())
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

