"""Turn a parsed ARM template (+ parameter files, + overrides) into the resources Azure would deploy.

Resources are expanded (copy loops, conditions, child resources, nested deployments, languageVersion 2.0
symbolic resources); every property value is evaluated by `scope.Scope`, with its location and, when it
came from a parameter or variable, that place as a related location. Parameters with `allowedValues` that
influence an inspected resource become `ParameterChoice`s for the engine to explore.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from .. import diagnostics
from ..budget import WorkBudget
from ..functions import FunctionContext
from ..functions.base import value_size
from ..model import (
    AUTOSCALE, AVAILABILITY_SET, LOAD_BALANCER, NAT_GATEWAY, NETWORK_INTERFACE, PUBLIC_IP, SUBNET, VIRTUAL_NETWORK,
    VM, VMSS, VMSS_EXTENSION, VMSS_VM, Deployment, Diagnostic, ParameterChoice, Related, Resource,
)
from ..source import Location, SourceFile
from ..parameter_bounds import BOUNDS, bound_violation
from ..values import Unknown
from .copy import Sink, copy_count, evaluate_node
from .declared import DEPLOYMENTS, RESOURCE_KEYWORDS, DeclaredResources, busy_key, template_entries
from .declared import resource_id as _resource_id
from .declared import without_template as _without_template
from .nested import deploy_nested
from .reader import JsonArray, JsonNode, JsonObject, JsonScalar, to_python
from .scope import Frame, LimitReached, Reads, Run, Scope
from .template_scope import TemplateScope

if TYPE_CHECKING:
    from ..contracts import Settings
    from ..discover import SourceJob
    from .parameters import ParameterFile
    from .reader import ParsedJson

# Resources the rules inspect: a parameter that influences one of them is worth exploring.
INSPECTED = frozenset(
    kind.casefold()
    for kind in (VMSS, VMSS_VM, VMSS_EXTENSION, VM, AVAILABILITY_SET, LOAD_BALANCER, NETWORK_INTERFACE, VIRTUAL_NETWORK,
                 SUBNET, NAT_GATEWAY, AUTOSCALE, PUBLIC_IP)
)
MAX_CHOICE_VALUES = 8
# The evaluated bodies of all resources together, expanded (shared parts counted each time they occur):
# the rules walk them, so this bounds their time on templates built to explode.
MAX_EXPANDED_SIZE = 5_000_000


class LoadedTemplate(Protocol):
    """What evaluation reads of a loaded template (template.LoadedTemplate), and the caches it fills there."""

    job: SourceJob
    settings: Settings
    source: SourceFile | None
    parsed: ParsedJson | None
    parameter_files: list[ParameterFile]
    parameter_problems: list[Diagnostic]
    spans: dict[Any, Location]
    outputs: dict[str, Any]
    budget: WorkBudget
    entries: list[EntryRecord] | None
    declared: DeclaredResources | None
    variables: dict[str, tuple[Any, Reads]]

    checks_outputs: ClassVar[bool]  # evaluate the template's own outputs too (Bicep does; lowered Bicep says why one fails)

    def linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None: ...

    def call_registry(self, scope: Scope, node: JsonObject, deployment: Resource, frame: Frame, call_sites: tuple[Related, ...]) -> None: ...


@dataclass(frozen=True)
class EntryRecord:
    """What one top-level resource entry (with its copies, children and nested deployments) produced in the
    evaluation without overrides, and every top-level parameter it read on the way."""

    parameters: frozenset[str]
    resources: tuple[Resource, ...]


def evaluate_template(loaded: LoadedTemplate, overrides: Mapping[str, Any]) -> Deployment:
    source = loaded.source
    root = loaded.parsed.root  # type: ignore[union-attr]
    assert source is not None and isinstance(root, JsonObject)
    return Evaluator(loaded).run(source, root, overrides)


class Evaluator:
    def __init__(self, loaded: LoadedTemplate) -> None:
        self.loaded = loaded
        self.settings = loaded.settings
        self.influences: set[str] = set()  # top-level parameters read by inspected resources
        self.limit_reported = False

    def run(self, source: SourceFile, root: JsonObject, overrides: Mapping[str, Any]) -> Deployment:
        deployment = Deployment(source.path)
        run = Run(deployment, self.settings.max_call_depth, spans=self.loaded.spans, outputs=self.loaded.outputs, budget=self.loaded.budget)
        self.run_state = run
        scope = TemplateScope(run, source, FunctionContext(), top_level=True)
        scope.source_path = self.loaded.job.path
        run.linked_chain.append(os.path.realpath(self.loaded.job.path))
        scope.declare(root)
        self._apply_parameter_files(scope, deployment)
        for name, value in overrides.items():
            parameter = scope.parameters.get(name.casefold())
            if parameter is not None:
                allowed = parameter.declaration.get("allowedValues") if parameter.declaration else None
                where = scope.location(allowed or parameter.declaration or root)
                scope.give(name, value, Related(where, f"value {value!r} from the allowedValues of parameter '{parameter.name}'", parameter.name))
        resources = root.get("resources")
        if resources is not None and not isinstance(resources, (JsonArray, JsonObject)):
            deployment.diagnostics.append(
                Diagnostic(diagnostics.INVALID_TEMPLATE, "`resources` must be an array (or an object in languageVersion 2.0)", scope.location(resources))
            )
        elif overrides and self.loaded.entries is not None:
            changed = {name.casefold() for name in overrides}
            # a variable that read none of the changed parameters has the value it had (what it read is recorded)
            scope.variable_values.update(
                (name, cached) for name, cached in self.loaded.variables.items() if not cached[1].parameters & changed
            )
            if self.loaded.declared is not None:
                scope.declared = DeclaredResources(scope, root)
                scope.declared.reuse(self.loaded.declared, changed)
            self.reevaluate_top_level(scope, root, changed, self.loaded.entries)
        elif not overrides:
            self.loaded.entries = self.evaluate_top_level(scope, root)
            self.loaded.declared = scope.declared if self.loaded.entries is not None else None
            self.loaded.variables = dict(scope.variable_values) if self.loaded.entries is not None else {}
        else:
            self.evaluate_resources(scope, root, (), Frame())
        deployment.choices = self._choices(scope)
        if not overrides:
            deployment.diagnostics.extend(self.out_of_bounds(scope, root))
            if self.loaded.checks_outputs:
                self._evaluate_outputs(scope, root)
        return deployment

    def _evaluate_outputs(self, scope: Scope, root: JsonObject) -> None:
        """Evaluate the template's own outputs: a bound they hit is said (LINT-005), their values are not used."""
        outputs = root.get("outputs")
        for member in outputs.members if isinstance(outputs, JsonObject) else ():
            value_node = member.value.get("value") if isinstance(member.value, JsonObject) else None
            if value_node is not None and scope.run.budget.allows(1):
                try:
                    scope.value(value_node, Frame())
                except LimitReached as error:
                    scope.run.note(diagnostics.EVALUATION_LIMIT, str(error), scope.location(value_node))

    def out_of_bounds(self, scope: Scope, root: JsonObject) -> list[Diagnostic]:
        """A parameter value outside its minValue/maxValue/minLength/maxLength fails validation."""
        problems = []
        for parameter in scope.parameters.values():
            declaration = parameter.declaration
            if declaration is None:
                continue
            bounds = {name: to_python(node) for name in BOUNDS if (node := declaration.get(name)) is not None}
            if not bounds:
                continue
            try:
                value = scope.parameter(parameter.name)
            except LimitReached:
                continue
            problem = bound_violation(value, bounds)
            if problem is None:
                continue
            if parameter.has_given and parameter.origin is not None:
                location = parameter.origin.location
            elif (default := declaration.get("defaultValue")) is not None:
                location = scope.location(default)
            else:
                continue
            problems.append(Diagnostic(diagnostics.INVALID_PARAMETERS, f"parameter '{parameter.name}': {problem}", location))
        return problems

    # --- parameters -------------------------------------------------------------------------

    def _apply_parameter_files(self, scope: Scope, deployment: Deployment) -> None:
        for problem in self.loaded.parameter_problems:
            deployment.diagnostics.append(problem)
        for parameter_file in self.loaded.parameter_files:
            for name, (value, origin) in parameter_file.values.items():
                if not scope.give(name, value, origin):
                    deployment.notes.append(
                        Diagnostic(diagnostics.INVALID_PARAMETERS, f"the parameter file sets '{name}', which the template does not declare", origin.location)
                    )

    def _choices(self, scope: Scope) -> list[ParameterChoice]:
        choices = []
        for folded in sorted(self.influences):
            parameter = scope.parameters.get(folded)
            if parameter is None or parameter.declaration is None:
                continue
            allowed = parameter.declaration.get("allowedValues")
            if not isinstance(allowed, JsonArray) or len(allowed.items) < 2:
                continue
            values = to_python(allowed)
            try:
                current = scope.parameter(parameter.name)
            except LimitReached as error:
                current = Unknown(str(error))
            choices.append(ParameterChoice(parameter.name, tuple(values[:MAX_CHOICE_VALUES]), current, scope.location(allowed)))
        return choices

    # --- resources --------------------------------------------------------------------------

    def evaluate_resources(self, scope: Scope, template: JsonObject, call_sites: tuple[Related, ...], frame: Frame) -> None:
        for symbolic, node in template_entries(template):
            self.resource(scope, node, symbolic, None, frame, call_sites)

    def evaluate_top_level(self, scope: Scope, root: JsonObject) -> list[EntryRecord] | None:
        """Evaluate the main template's resources, recording what each entry read and produced."""
        records = []
        resources = scope.run.deployment.resources
        for symbolic, node in template_entries(root):
            first = len(resources)
            reads = Reads()
            scope.collect(lambda: self.resource(scope, node, symbolic, None, Frame(), ()), reads)
            records.append(EntryRecord(frozenset(reads.parameters), tuple(resources[first:])))
        return None if self.limit_reported else records  # a bound cut the evaluation short: reuse would not be exact

    def reevaluate_top_level(self, scope: Scope, root: JsonObject, changed: set[str], records: list[EntryRecord]) -> None:
        """An allowed-value variant: entries that never read an overridden parameter evaluate exactly as
        without the override (every value they use was recorded as read, including the parameters that a
        reference() to another resource of the template read), so their resources are reused."""
        resources = scope.run.deployment.resources
        for (symbolic, node), entry in zip(template_entries(root), records):
            fits = len(resources) + len(entry.resources) <= self.settings.max_resources
            if fits and not (entry.parameters & changed):
                resources.extend(entry.resources)
            else:
                self.resource(scope, node, symbolic, None, Frame(), ())

    def resource(self, scope: Scope, node: JsonNode, symbolic: str | None, parent: Resource | None, frame: Frame, call_sites: tuple[Related, ...]) -> None:
        run = scope.run
        if not isinstance(node, JsonObject):
            run.deployment.diagnostics.append(Diagnostic(diagnostics.INVALID_TEMPLATE, "a resource must be a JSON object", scope.location(node)))
            return
        copy = node.get("copy")
        if not isinstance(copy, JsonObject):
            self.instance(scope, node, symbolic, parent, frame, call_sites, None)
            return
        name_node = copy.get("name")
        loop = name_node.value if isinstance(name_node, JsonScalar) and isinstance(name_node.value, str) else ""
        word = getattr(node, "loop_word", "copy")  # lowered Bicep modules say "module"
        reads = Reads()
        count = scope.collect(lambda: copy_count(scope, copy, frame), reads)
        if isinstance(count, Unknown):
            # one representative instance stands for every iteration
            self.instance(scope, node, symbolic, parent, frame.with_copy(loop, Unknown(count.reason)), call_sites, f"{word} '{loop}' index unknown", reads)
            return
        for index in range(count):
            self.instance(scope, node, symbolic, parent, frame.with_copy(loop, index), call_sites, f"{word} '{loop}' index {index}", reads)

    def instance(
        self, scope: Scope, node: JsonObject, symbolic: str | None, parent: Resource | None, frame: Frame,
        call_sites: tuple[Related, ...], iteration: str | None, loop_reads: Reads | None = None,
    ) -> None:
        run = scope.run
        if iteration is None and parent is not None:
            iteration = parent.iteration  # a child of one copy of its parent
        elif run.label is not None:
            iteration = f"{run.label}, {iteration}" if iteration else run.label
        if len(run.deployment.resources) >= self.settings.max_resources:
            if not self.limit_reported:
                self.limit_reported = True
                run.note(diagnostics.EVALUATION_LIMIT, f"more than {self.settings.max_resources} resources: the rest are not checked", scope.location(node))
            return
        reads = Reads()
        if loop_reads is not None:
            reads.merge(loop_reads)
        condition_node = node.get("condition")
        if condition_node is not None:
            condition = scope.collect(lambda: scope.value(condition_node, frame), reads)
            if condition is False:
                return
            if isinstance(condition, Unknown) and getattr(node, "loop_word", None) == "copy":  # a lowered Bicep resource says so, as the Bicep evaluator did
                run.note(diagnostics.UNSUPPORTED_EXPRESSION, f"the condition of '{getattr(node, 'symbol', symbolic)}' is unknown: the resource is checked as if deployed", scope.location(condition_node))
        type_value = scope.collect(lambda: _member_value(scope, node, "type", frame), reads)
        if not isinstance(type_value, str):
            if type_value is not None:
                run.note(diagnostics.UNSUPPORTED_EXPRESSION, "the resource type is not a known string: the resource is not checked", scope.location(node))
            return
        name_value = scope.collect(lambda: _member_value(scope, node, "name", frame), reads)
        full_type, full_name = type_value, name_value
        if parent is not None and "/" not in type_value:
            full_type = f"{parent.type}/{type_value}"
            if isinstance(parent.name, str) and isinstance(name_value, str):
                full_name = f"{parent.name}/{name_value}"
            else:
                full_name = Unknown("the parent's name is unknown")
        if not isinstance(full_name, (str, Unknown)):
            full_name = Unknown("the resource name is not a string")
        api_version = _member_value(scope, node, "apiVersion", frame)
        sink = Sink()
        body: dict[str, Any] = {}
        is_deployment = full_type.casefold() == DEPLOYMENTS.casefold()
        busy = busy_key(node, frame)
        scope.in_progress.add(busy)  # a reference() to this resource from its own body is a cycle
        try:
            for member in node.members:
                if member.key.casefold() in RESOURCE_KEYWORDS:
                    continue
                value_node = _without_template(member) if is_deployment else member.value
                sink.locations[(member.key,)] = (scope.source, member.key_start, member.key_end)
                body[member.key] = scope.collect(lambda: evaluate_node(scope, value_node, frame, sink, (member.key,)), reads)
        finally:
            scope.in_progress.discard(busy)
        for keyword in ("apiVersion", "type", "name"):  # rules about these point at their own line
            keyword_member = node.member(keyword)
            if keyword_member is not None:
                sink.locations[(keyword,)] = (scope.source, keyword_member.key_start, keyword_member.key_end)
        run.expanded += value_size(body, MAX_EXPANDED_SIZE - run.expanded)
        if run.expanded > MAX_EXPANDED_SIZE:
            if not self.limit_reported:
                self.limit_reported = True
                run.note(
                    diagnostics.EVALUATION_LIMIT,
                    f"the evaluated resources hold more than {MAX_EXPANDED_SIZE:,} values: this one and the rest are not checked",
                    scope.location(node),
                )
            return
        scope_value = _member_value(scope, node, "scope", frame) if node.get("scope") is not None else None
        existing = node.get("existing")
        resource = Resource(
            type=full_type,
            api_version=api_version if isinstance(api_version, (str, Unknown)) else None,
            name=full_name,
            body=body,
            declared_at=scope.span(*getattr(node, "anchor", (node.start, node.start + 1))),  # lowered Bicep: its keyword
            locations=sink.locations,
            related=sink.related,
            resource_id=_resource_id(scope.context, full_type, full_name, scope_value),
            symbolic_name=symbolic,
            iteration=iteration,
            existing=isinstance(existing, JsonScalar) and existing.value is True,
            call_sites=call_sites,
        )
        run.deployment.resources.append(resource)
        if full_type.casefold() in INSPECTED or (parent is not None and parent.type.casefold() in INSPECTED):
            self.influences |= reads.parameters
        if is_deployment:
            deploy_nested(self, scope, node, resource, frame, call_sites)
        children = node.get("resources")
        if isinstance(children, JsonArray):
            for child in children.items:
                self.resource(scope, child, None, resource, frame, call_sites)

    # --- linked templates -------------------------------------------------------------------

    def load_linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None:
        return self.loaded.linked(path)

    def call_registry(self, scope: Scope, node: JsonObject, deployment: Resource, frame: Frame, call_sites: tuple[Related, ...]) -> None:
        self.loaded.call_registry(scope, node, deployment, frame, call_sites)



def _member_value(scope: Scope, node: JsonObject, key: str, frame: Frame) -> Any:
    value_node = node.get(key)
    if value_node is None:
        return None
    try:
        return scope.value(value_node, frame)
    except LimitReached as error:
        scope.run.note(diagnostics.EVALUATION_LIMIT, str(error), scope.location(value_node))
        return Unknown(str(error))
