"""Evaluate one Bicep file (and, recursively, its modules) into resources of the shared model.

A `FileEvaluator` resolves the file's symbols lazily (a variable, resource or module is evaluated the
first time something needs it, so declaration order does not matter and cycles become Unknown), then
emits a `model.Resource` for every deployed resource instance, with the location of every property key
and notes on where values came from (parameters, variables, parameter files, module call sites).
"""

from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .. import diagnostics, functions
from ..budget import WorkBudget, WorkBudgetSpent
from ..functions import EvaluationError, FunctionContext, ValueTooLarge
from ..functions.base import MAX_FUNCTION_CALLS
from ..functions.deployed import with_child_ids
from ..model import Diagnostic, Related, Resource
from ..source import Location
from ..values import Path, Unknown, lookup_key
from . import syntax as s
from .expressions import BicepError, ExpressionEvaluator, ModuleRef, ResourceRef, Scope

if TYPE_CHECKING:
    from pathlib import Path as FilePath

    from ..contracts import Settings
    from ..model import Deployment
    from ..source import SourceFile


class BicepFile(Protocol):
    """A parsed Bicep file (loader.BicepFile)."""

    path: FilePath
    display: str
    source: SourceFile
    program: s.Program


class Session(Protocol):
    """One evaluation of a job, shared by a file and its modules (loader.Session): the deployment being
    built, diagnostics, the other files a file reaches."""

    settings: Settings
    deployment: Deployment
    function_calls: int

    budget: WorkBudget

    def spent(self, error: Exception, location: Location) -> None: ...
    def note(self, diagnostic: Diagnostic) -> None: ...
    def diagnostic(self, diagnostic: Diagnostic) -> None: ...
    def limit(self, message: str, location: Location) -> None: ...
    def add_resource(self, resource: Resource) -> None: ...
    def run_module(self, evaluator: FileEvaluator, decl: s.ModuleDecl, given: dict[str, GivenValue], call_sites: tuple[Related, ...], location: Location, iteration: str | None, target_scope: Any = None) -> Any: ...
    def imported(self, evaluator: FileEvaluator, statement: s.ImportDecl) -> FileEvaluator | None: ...
    def load_file_function(self, evaluator: FileEvaluator, name: str, args: list[Any], node: Any) -> Any: ...

RESOURCE_KEYWORDS = frozenset({"name", "parent", "scope", "dependson"})
# What an `existing` resource's body holds: its properties are not in this template.
EXISTING_MEMBERS = ("location", "sku", "zones", "properties", "tags", "identity", "kind", "plan", "extendedLocation")
_EXTERNAL_MODULE = ("br:", "br/", "ts:", "ts/")


@dataclass
class GivenValue:
    """A parameter value from outside the file: a parameter file, a module call, an explored variant."""

    value: Any
    related: Related | None = None


@dataclass
class Instance:
    """One deployed (or skipped) copy of a resource declaration."""

    decl: s.ResourceDecl
    body: s.ObjectLiteral
    scope: Scope
    ref: ResourceRef
    deployed: bool
    iteration: str | None
    parent: Instance | None = None
    evaluated: dict[str, Any] | None = None
    locations: dict[Path, Location] = field(default_factory=dict)
    related: dict[Path, list[Related]] = field(default_factory=dict)
    children: dict[str, Any] = field(default_factory=dict)


class Namespace:
    """`import * as ns from './x.bicep'`: `ns.name` reads the exported symbols of another file."""

    def __init__(self, evaluator: FileEvaluator) -> None:
        self.evaluator = evaluator


class FileEvaluator(ExpressionEvaluator):
    def __init__(
        self,
        session: Session,
        file: BicepFile,
        given: dict[str, GivenValue],
        call_sites: tuple[Related, ...] = (),
        depth: int = 0,
        emit: bool = True,
        iteration: str | None = None,
    ) -> None:
        self.session = session
        self.file = file
        self.source = file.source
        self.given = given
        self.call_sites = call_sites
        self.depth = depth
        self.chain: tuple[pathlib.Path, ...] = (pathlib.Path(os.path.realpath(file.path)),)  # the module files that led here
        self.emit = emit
        self.iteration = iteration
        self.context = FunctionContext()
        self.declarations: dict[str, s.Statement] = {}
        self.functions: dict[str, s.FunctionDecl] = {}
        self.imports: dict[str, tuple[s.ImportDecl, str]] = {}
        self.values: dict[str, Any] = {}
        self.in_progress: set[str] = set()
        self.instances: list[Instance] = []
        self.resource_refs: dict[tuple[int, int], Any] = {}
        self.module_refs: dict[int, Any] = {}
        self.target_scope = "resourcegroup"
        for statement in file.program.statements:
            self._declare(statement)

    # ---- declarations ----

    def _declare(self, statement: s.Statement) -> None:
        if isinstance(statement, (s.ParameterDecl, s.VariableDecl, s.ResourceDecl, s.ModuleDecl)):
            self.declarations[statement.name] = statement
        elif isinstance(statement, s.FunctionDecl):
            self.functions[statement.name] = statement
        elif isinstance(statement, s.ImportDecl):
            for exported, local in statement.names:
                self.imports[local] = (statement, exported)
            if statement.wildcard:
                self.imports[statement.wildcard] = (statement, "*")
        elif isinstance(statement, s.OtherDecl) and statement.kind == "targetScope":
            value = statement.value.value if isinstance(statement.value, s.Literal) else None
            if isinstance(value, str):
                self.target_scope = value.casefold()

    def has_symbol(self, name: str) -> bool:
        return name in self.declarations or name in self.imports

    def location(self, start: int, end: int | None = None) -> Location:
        return self.source.location(start, end)

    def node_location(self, node: Any) -> Location:
        return self.source.location(node.start, node.end)

    # ---- the run ----

    def run(self) -> dict[str, Any]:
        """Evaluate every resource and module; returns the outputs."""
        session = self.session
        for offset, message in self.file.program.problems:
            session.deployment.diagnostics.append(
                Diagnostic(diagnostics.BICEP_SYNTAX, f"Bicep syntax error: {message}; this declaration is skipped", self.location(offset))
            )
        for statement in self.file.program.statements:
            if isinstance(statement, s.ResourceDecl):
                self.guarded(lambda: self.resource_ref(statement, None), statement)
            elif isinstance(statement, s.ModuleDecl):
                self.guarded(lambda: self.module_ref(statement), statement)
            elif isinstance(statement, s.OtherDecl) and statement.kind == "assert":
                self.guarded(lambda: self.evaluate(statement.value, Scope()), statement)
        for instance in list(self.instances):
            self.guarded(lambda: self.instance_body(instance), instance.decl)
        if self.emit:
            self.emit_resources()
        outputs: dict[str, Any] = {}
        for statement in self.file.program.statements:
            if isinstance(statement, s.OutputDecl):
                outputs[statement.name] = self.guarded(lambda: self.evaluate(statement.value, Scope()), statement)
        return outputs

    def guarded(self, action: Any, node: Any) -> Any:
        """Run `action`; a template error becomes a LINT-004 note and the value Unknown."""
        try:
            return action()
        except BicepError as error:
            self.note_unsupported(f"cannot evaluate this expression: {error}", error.node)
            return Unknown(str(error))
        except WorkBudgetSpent as error:
            self.session.spent(error, self.node_location(node))
            return Unknown(str(error))
        except ValueTooLarge as error:
            self.session.limit(f"{error}: the value is treated as unknown", self.node_location(node))
            return Unknown(str(error))
        except EvaluationError as error:
            self.note_unsupported(f"cannot evaluate this expression: {error}", node)
            return Unknown(str(error))
        except RecursionError:
            self.session.limit(f"evaluation nests too deeply (recursion in {self.file.display})", self.node_location(node))
            return Unknown("recursion")

    def note_unsupported(self, message: str, node: Any) -> None:
        location = self.node_location(node) if node is not None else self.location(0)
        self.session.note(Diagnostic(diagnostics.UNSUPPORTED_EXPRESSION, message, location))

    def limit_loop(self, source: list[Any], node: Any) -> list[Any]:
        limit = self.session.settings.max_copy_count
        if len(source) > limit:
            self.session.limit(f"the loop has {len(source)} iterations, more than {limit}: only the first {limit} are checked", self.node_location(node))
            source = source[:limit]
        self.session.budget.charge(len(source), "loop")
        return source

    # ---- symbols ----

    def symbol(self, name: str, node: Any) -> Any:
        declaration = self.declarations.get(name)
        if isinstance(declaration, s.ResourceDecl):
            return self.resource_ref(declaration, None)
        if isinstance(declaration, s.ModuleDecl):
            return self.module_ref(declaration)
        if declaration is not None:
            if name in self.values:
                return self.values[name]
            if name in self.in_progress:
                raise BicepError(f"'{name}' refers to itself", node)
            self.in_progress.add(name)
            try:
                value = self.parameter_value(declaration) if isinstance(declaration, s.ParameterDecl) else self.guarded(
                    lambda: self.evaluate(declaration.value, Scope()), declaration.value  # type: ignore[attr-defined]  # a VariableDecl
                )
            finally:
                self.in_progress.discard(name)
            self.values[name] = value
            return value
        if name in self.imports:
            statement, exported = self.imports[name]
            imported = self.session.imported(self, statement)
            if imported is None:
                return Unknown(f"the import from '{statement.path}' cannot be read")
            if exported == "*":
                return Namespace(imported)
            return imported.symbol(exported, node)
        if name in self.functions:
            raise BicepError(f"the function '{name}' must be called", node)
        raise BicepError(f"the name '{name}' is not declared", node)

    def parameter_value(self, decl: s.ParameterDecl) -> Any:
        if decl.name in self.given:
            return self.given[decl.name].value
        if decl.default is not None:
            return self.guarded(lambda: self.evaluate(decl.default, Scope()), decl.default)
        if _nullable(decl.type):
            return None
        self.session.note(
            Diagnostic(diagnostics.MISSING_PARAMETER, f"the parameter '{decl.name}' has no value (no default, no parameter file): what depends on it is unknown", self.location(decl.name_start, decl.name_start + len(decl.name)))
        )
        return Unknown(f"the parameter '{decl.name}' has no value")

    def allowed_values(self, decl: s.ParameterDecl) -> list[Any] | None:
        allowed = decl.decorator("allowed")
        if allowed is not None and allowed.args:
            values = self.guarded(lambda: self.evaluate(allowed.args[0], Scope()), allowed)
            return values if isinstance(values, list) else None
        if decl.type is not None and decl.type.kind == "union" and all(child.kind == "literal" for child in decl.type.children):
            return [child.value for child in decl.type.children]
        return None


    def user_function(self, name: str) -> Any:
        if name in self.functions:
            return (self, self.functions[name])
        if name in self.imports:
            statement, exported = self.imports[name]
            imported = self.session.imported(self, statement)
            if imported is not None and exported in imported.functions:
                return (imported, imported.functions[exported])
        return None

    def namespace(self, name: str) -> Any:
        """A callable for `alias.func(...)` when `name` is a wildcard import alias."""
        target = self.imports.get(name)
        if target is None or target[1] != "*":
            return None
        imported = self.session.imported(self, target[0])

        def call(node: s.MethodCall, args: list[Any]) -> Any:
            if imported is None:
                return Unknown(f"the import '{name}' cannot be read")
            found = imported.user_function(node.name)
            if found is None:
                raise BicepError(f"'{name}' exports no function '{node.name}'", node)
            return self.call_user_function(found, args, node)

        return call

    def call_user_function(self, found: tuple[FileEvaluator, s.FunctionDecl], args: list[Any], node: Any) -> Any:
        owner, decl = found
        self.session.function_calls += 1
        self.session.budget.charge(1, "function call")
        if self.session.function_calls > MAX_FUNCTION_CALLS:
            # a bound, handled like a value grown too large: LINT-005 where the expression is evaluated
            raise ValueTooLarge(f"user-defined functions were called more than {MAX_FUNCTION_CALLS:,} times in this deployment")
        if len(args) != len(decl.parameters):
            raise BicepError(f"the function '{decl.name}' takes {len(decl.parameters)} argument(s), got {len(args)}", node)
        try:
            return owner.evaluate(decl.body, Scope(dict(zip(decl.parameters, args))))
        except BicepError as error:
            if owner is self:
                raise
            owner.note_unsupported(f"cannot evaluate this expression: {error}", error.node)
            return Unknown(str(error))

    def member(self, target: Any, name: str, node: Any, safe: bool = False) -> Any:
        if isinstance(target, Namespace):
            return target.evaluator.symbol(name, node)
        return super().member(target, name, node, safe)

    def load_file_function(self, name: str, args: list[Any], node: Any) -> Any:
        return self.session.load_file_function(self, name, args, node)

    # ---- resources ----

    def resource_ref(self, decl: s.ResourceDecl, parent: Instance | None) -> Any:
        key = (id(decl), id(parent))
        if key in self.resource_refs:
            return self.resource_refs[key]
        self.resource_refs[key] = Unknown(f"the resource '{decl.name}' refers to itself")
        scope = parent.scope if parent is not None else Scope()
        body, deployed = decl.body, True
        if parent is not None and not parent.deployed:
            deployed = False
        if isinstance(body, s.IfBody):
            condition = self.evaluate(body.condition, scope)
            deployed = deployed and condition is not False
            if isinstance(condition, Unknown):
                self.session.note(Diagnostic(diagnostics.UNSUPPORTED_EXPRESSION, f"the condition of '{decl.name}' is unknown: the resource is checked as if deployed", self.node_location(body.condition)))
            body = body.body
        if isinstance(body, s.ForExpression):
            iterations = self.iterations(body, scope)
            if isinstance(iterations, Unknown):
                self.session.note(Diagnostic(diagnostics.UNSUPPORTED_EXPRESSION, f"the loop of '{decl.name}' runs over an unknown array: its resources are not checked", self.node_location(body.source)))
                result: Any = iterations
            else:
                result = [
                    self.new_instance(decl, body.body, inner, deployed, self.label(f"copy '{decl.name}' index {index}"), parent).ref
                    for index, inner in iterations
                ]
        elif isinstance(body, s.ObjectLiteral):
            result = self.new_instance(decl, body, scope, deployed, self.label(None) if parent is None else parent.iteration, parent).ref
        else:
            raise BicepError("a resource body must be an object, a loop or a condition", decl)
        self.resource_refs[key] = result
        return result

    def label(self, own: str | None) -> str | None:
        parts = [part for part in (self.iteration, own) if part]
        return ", ".join(parts) if parts else None

    def new_instance(self, decl: s.ResourceDecl, body: Any, scope: Scope, deployed: bool, iteration: str | None, parent: Instance | None) -> Instance:
        if not isinstance(body, s.ObjectLiteral):
            raise BicepError("a resource body must be an object", body)
        members = {item.key.casefold(): item for item in body.items if isinstance(item, s.Property) and isinstance(item.key, str)}
        name = self.guarded(lambda: self.evaluate(members["name"].value, scope), members["name"]) if "name" in members else Unknown("no name")
        type_text, _, api_version = decl.type_string.partition("@")
        full_type, full_name = type_text, name
        if parent is None and "parent" in members:
            parent_ref = self.evaluate(members["parent"].value, scope)
            if isinstance(parent_ref, ResourceRef):
                parent = parent_ref.handle
        if parent is not None:
            parent_type = parent.ref.type
            if not type_text.casefold().startswith(parent_type.casefold() + "/"):
                full_type = f"{parent_type}/{type_text}"
            parent_name = parent.ref.name
            full_name = f"{parent_name}/{name}" if isinstance(parent_name, str) and isinstance(name, str) else Unknown("the parent's or the child's name is unknown")
            deployed = deployed and parent.deployed
        scope_value = self.evaluate(members["scope"].value, scope) if "scope" in members else None
        ref = ResourceRef(decl.name, full_type, api_version or None, full_name, self.resource_id(full_type, full_name, scope_value), decl.existing, deployed=deployed)
        instance = Instance(decl, body, scope, ref, deployed, iteration, parent)
        ref.handle = instance
        self.instances.append(instance)
        for item in body.items:
            if isinstance(item, s.ChildResource):
                instance.children[item.name] = item
                self.guarded(lambda: self.resource_ref(item, instance), item)
        return instance

    def resource_id(self, full_type: str, name: Any, scope_value: Any) -> Any:
        if not isinstance(name, str):
            return Unknown("the resource name is unknown")
        names = name.split("/")
        if isinstance(scope_value, ResourceRef):
            scope_value = scope_value.id
        elif isinstance(scope_value, dict):
            scope_value = scope_value.get("id")
        try:
            if isinstance(scope_value, str) and scope_value.count("/") > 2:
                return functions.call("extensionResourceId", [scope_value, full_type, *names], self.context)
            if isinstance(scope_value, Unknown):
                return scope_value
            if self.target_scope == "subscription":
                return functions.call("subscriptionResourceId", [full_type, *names], self.context)
            if self.target_scope in ("tenant", "managementgroup"):
                return functions.call("tenantResourceId", [full_type, *names], self.context)
            return functions.call("resourceId", [full_type, *names], self.context)
        except EvaluationError:
            return Unknown(f"no resource id for the type {full_type!r} and the name {name!r}")

    def resource_member(self, ref: ResourceRef, name: str, node: Any) -> Any:
        folded = name.casefold()
        if folded == "id":
            return ref.id
        if folded == "name":
            return ref.name
        if folded == "type":
            return ref.type
        if folded == "apiversion":
            return ref.api_version if ref.api_version is not None else Unknown("no API version")
        if ref.existing:
            return Unknown(f"'{ref.symbol}' is an existing resource: its '{name}' is known only at deployment")
        if not ref.deployed:
            return Unknown(f"'{ref.symbol}' is not deployed (its condition is false): its '{name}' cannot be read")
        instance = ref.handle
        body = self.instance_body(instance) if instance is not None else None
        if not isinstance(body, dict):
            return Unknown(f"the body of '{ref.symbol}' is not known yet")
        key = lookup_key(body, name)
        if key is None:
            return Unknown(f"'{ref.symbol}.{name}' is set by Azure at deployment")
        if key.casefold() == "properties" and isinstance(ref.id, str):
            return with_child_ids(body[key], ref.id)
        return body[key]

    def nested_resource(self, parent: Any, name: str, node: Any) -> Any:
        if not isinstance(parent, ResourceRef) or parent.handle is None:
            raise BicepError("'::' needs a resource on its left", node)
        instance = parent.handle
        child = instance.children.get(name)
        if child is None:
            raise BicepError(f"'{parent.symbol}' declares no nested resource '{name}'", node)
        return self.resource_ref(child, instance)

    def instance_body(self, instance: Instance) -> Any:
        if instance.evaluated is not None:
            return instance.evaluated
        if instance.decl.existing:
            instance.evaluated = {}
            return instance.evaluated
        instance.evaluated = {}  # a reference back into this body while it is built reads what is there so far
        result = self.located(instance.body, instance.scope, (), instance, top=True)
        instance.evaluated = result if isinstance(result, dict) else {}
        return instance.evaluated

    def located(self, node: Any, scope: Scope, path: Path, instance: Instance, top: bool = False) -> Any:
        """Evaluate `node`, recording the location of every property key and array item under `path`."""
        if isinstance(node, s.ObjectLiteral):
            result: dict[str, Any] = {}
            for item in node.items:
                if isinstance(item, s.Property):
                    key = self.guarded(lambda: self.property_key(item, scope), item)
                    if not isinstance(key, str) or (top and key.casefold() in RESOURCE_KEYWORDS):
                        continue
                    child = path + (key,)
                    instance.locations[child] = self.location(item.key_start, item.key_end)
                    result[key] = self.located(item.value, scope, child, instance)
                elif isinstance(item, s.Spread):
                    spread = self.guarded(lambda: self.evaluate(item.value, scope), item)
                    if isinstance(spread, dict):
                        for key, value in spread.items():
                            instance.locations[path + (key,)] = self.node_location(item)
                            result[key] = value
            return result
        if isinstance(node, s.ArrayLiteral):
            items: list[Any] = []
            for item in node.items:
                if isinstance(item, s.Spread):
                    spread = self.guarded(lambda: self.evaluate(item.value, scope), item)
                    if not isinstance(spread, list):
                        return spread if isinstance(spread, Unknown) else Unknown("spread of a non-array")
                    for value in spread:
                        instance.locations[path + (len(items),)] = self.node_location(item)
                        items.append(value)
                    continue
                instance.locations[path + (len(items),)] = self.node_location(item)
                items.append(self.located(item, scope, path + (len(items),), instance))
            return items
        if isinstance(node, s.ForExpression):
            iterations = self.guarded(lambda: self.iterations(node, scope), node)
            if isinstance(iterations, Unknown):
                return iterations
            values: list[Any] = []
            for position, (_, inner) in enumerate(iterations):
                instance.locations[path + (position,)] = self.node_location(node.body)
                values.append(self.located(node.body, inner, path + (position,), instance))
            return values
        if isinstance(node, s.Conditional):
            test = self.guarded(lambda: self.evaluate(node.test, scope), node.test)
            if test is True or test is False:
                return self.located(node.then if test else node.otherwise, scope, path, instance)
        if isinstance(node, s.Variable) and node.name not in scope.names:
            self.relate(node.name, path, instance)
        return self.guarded(lambda: self.evaluate(node, scope), node)

    def relate(self, name: str, path: Path, instance: Instance) -> None:
        declaration = self.declarations.get(name)
        notes = instance.related.setdefault(path, [])
        if isinstance(declaration, s.ParameterDecl):
            # Only a top-level parameter is a deploy-time input; a module's is bound by its caller.
            given = self.given.get(name)
            if given is not None and given.related is not None:
                notes.append(given.related)
            notes.append(Related(self.location(declaration.name_start, declaration.name_start + len(name)), f"the value comes from the parameter '{name}'", None if self.call_sites else name))
        elif isinstance(declaration, s.VariableDecl):
            notes.append(Related(self.location(declaration.name_start, declaration.name_start + len(name)), f"the value comes from the variable '{name}'"))

    def emit_resources(self) -> None:
        for instance in self.instances:
            if not instance.deployed:
                continue
            ref = instance.ref
            body = dict(instance.evaluated or {})
            if instance.decl.existing:
                body = {member: Unknown(f"'{ref.symbol}' is an existing resource: its {member} is not in this template") for member in EXISTING_MEMBERS}
            keyword = instance.decl.keyword_start
            resource = Resource(
                type=ref.type,
                api_version=ref.api_version,
                name=ref.name if isinstance(ref.name, (str, Unknown)) else Unknown("the name is not a string"),
                body=body,
                declared_at=self.location(keyword, keyword + len("resource")),
                locations=dict(instance.locations),
                related={path: tuple(notes) for path, notes in instance.related.items() if notes},
                resource_id=ref.id,
                symbolic_name=ref.symbol,
                iteration=instance.iteration,
                existing=ref.existing,
                call_sites=self.call_sites,
            )
            self.session.add_resource(resource)

    # ---- modules ----

    def module_ref(self, decl: s.ModuleDecl) -> Any:
        key = id(decl)
        if key in self.module_refs:
            return self.module_refs[key]
        self.module_refs[key] = Unknown(f"the module '{decl.name}' refers to itself")
        body, deployed = decl.body, True
        if isinstance(body, s.IfBody):
            condition = self.evaluate(body.condition, Scope())
            deployed = condition is not False
            body = body.body
        if isinstance(body, s.ForExpression):
            iterations = self.iterations(body, Scope())
            if isinstance(iterations, Unknown):
                if deployed:
                    message = f"the loop of module '{decl.name}' runs over an array unknown before deployment: its resources are not checked"
                    self.session.diagnostic(Diagnostic(diagnostics.UNRESOLVED_MODULE, message, self.node_location(body.source)))
                result: Any = iterations
            else:
                result = [self.call_module(decl, body.body, inner, deployed, f"module '{decl.name}' index {index}") for index, inner in iterations]
        else:
            result = self.call_module(decl, body, Scope(), deployed, None)
        self.module_refs[key] = result
        return result

    def call_module(self, decl: s.ModuleDecl, body: Any, scope: Scope, deployed: bool, iteration: str | None) -> ModuleRef:
        if not isinstance(body, s.ObjectLiteral):
            raise BicepError("a module body must be an object", decl)
        members = {item.key.casefold(): item for item in body.items if isinstance(item, s.Property) and isinstance(item.key, str)}
        name = self.guarded(lambda: self.evaluate(members["name"].value, scope), members["name"]) if "name" in members else Unknown("the module's deployment name is generated")
        if not deployed:
            return ModuleRef(decl.name, name, Unknown(f"the module '{decl.name}' is not deployed"))
        given: dict[str, GivenValue] = {}
        params = members.get("params")
        if params is not None and isinstance(params.value, s.ObjectLiteral):
            for item in params.value.items:
                if isinstance(item, s.Property) and isinstance(item.key, str):
                    value = self.guarded(lambda: self.evaluate(item.value, scope), item.value)
                    related = Related(self.location(item.key_start, item.key_end), f"the module '{decl.name}' passes '{item.key}' here")
                    given[item.key] = GivenValue(value, related)
        elif params is not None:
            values = self.guarded(lambda: self.evaluate(params.value, scope), params.value)
            if isinstance(values, dict):
                related = Related(self.location(params.key_start, params.key_end), f"the module '{decl.name}' passes its parameters here")
                given = {key: GivenValue(value, related) for key, value in values.items()}
        keyword = decl.keyword_start
        call_site = Related(self.location(keyword, keyword + len("module")), f"module '{decl.name}' called here")
        path_location = self.location(decl.path_start, decl.path_start + len(decl.path) + 2)
        target_scope = self.guarded(lambda: self.evaluate(members["scope"].value, scope), members["scope"]) if "scope" in members else None
        outputs = self.session.run_module(self, decl, given, self.call_sites + (call_site,), path_location, self.label(iteration), target_scope)
        return ModuleRef(decl.name, name, outputs)


def _nullable(type_node: Any) -> bool:
    if type_node is None:
        return False
    if type_node.kind == "nullable":
        return True
    return type_node.kind == "union" and any(child.kind == "literal" and child.value is None for child in type_node.children)


__all__ = ["FileEvaluator", "GivenValue", "Instance", "ModuleRef", "ResourceRef"]
