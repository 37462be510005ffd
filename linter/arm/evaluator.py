"""Turn a parsed ARM template (+ parameter files, + overrides) into the resources Azure would deploy.

Resources are expanded (copy loops, conditions, child resources, nested deployments, languageVersion 2.0
symbolic resources); every property value is evaluated by `scope.Scope`, with its location and, when it
came from a parameter or variable, that place as a related location. Parameters with `allowedValues` that
influence an inspected resource become `ParameterChoice`s for the engine to explore.

This is the core: one evaluation, from nothing. It knows nothing of allowed-value variants; variant_reuse.py
wraps it, through the two arguments of `evaluate_template` (`top_level`, `outputs`), to reuse what the first
evaluation of a template produced.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
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
from .declared import DEPLOYMENTS, RESOURCE_KEYWORDS, busy_key, template_entries
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
    """What evaluation reads of a loaded template (template.LoadedTemplate, bicep.lowered.LoweredBicep)."""

    job: SourceJob
    settings: Settings
    source: SourceFile | None
    parsed: ParsedJson | None
    parameter_files: list[ParameterFile]
    parameter_problems: list[Diagnostic]
    spans: dict[Any, Location]  # source spans, computed once for every evaluation of the template
    budget: WorkBudget

    checks_outputs: ClassVar[bool]  # evaluate the template's own outputs too (Bicep does; lowered Bicep says why one fails)

    def linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None: ...

    def call_registry(self, scope: Scope, node: JsonObject, deployment: Resource, frame: Frame, call_sites: tuple[Related, ...]) -> None: ...


# How the main template's top-level resource entries are evaluated: `Evaluator.evaluate_resources` by default;
# variant_reuse.py reuses, entry by entry, what the first evaluation produced.
TopLevel = Callable[["Evaluator", TemplateScope, JsonObject], None]


def evaluate_entries(evaluator: Evaluator, scope: TemplateScope, root: JsonObject) -> None:
    evaluator.evaluate_resources(scope, root, (), Frame())


def evaluate_template(
    loaded: LoadedTemplate, overrides: Mapping[str, Any], top_level: TopLevel = evaluate_entries, outputs: dict[str, Any] | None = None,
) -> Deployment:
    """Evaluate the template with `overrides` (allowed values to try) given to its parameters.

    `top_level` evaluates the resource entries of the main template; it may instead add resources it kept to
    `scope.run.deployment` and seed the scope's caches (`variable_values`, `declared`), as long as the result is
    exactly what evaluating the entries would give;
    `outputs` holds the evaluated outputs of nested deployments by `declared.busy_key` (`Run.outputs`): a
    caller that keeps it across evaluations keeps the outputs of the deployments it did not re-evaluate."""
    source = loaded.source
    root = loaded.parsed.root if loaded.parsed is not None else None
    assert source is not None and isinstance(root, JsonObject)
    evaluator = Evaluator(loaded)
    scope = evaluator.begin(source, root, overrides, {} if outputs is None else outputs)
    if evaluator.has_resources(scope, root):
        top_level(evaluator, scope, root)
    return evaluator.finish(scope, root, overrides)


class Evaluator:
    def __init__(self, loaded: LoadedTemplate) -> None:
        self.loaded = loaded
        self.settings = loaded.settings
        self.influences: set[str] = set()  # top-level parameters read by inspected resources
        self.limit_reported = False  # a bound on the resources cut this evaluation short (and said so)

    def begin(self, source: SourceFile, root: JsonObject, overrides: Mapping[str, Any], outputs: dict[str, Any]) -> TemplateScope:
        """The main template's scope: declarations read, parameter files and overrides given, nothing evaluated."""
        deployment = Deployment(source.path)
        run = Run(deployment, self.settings.max_call_depth, spans=self.loaded.spans, outputs=outputs, budget=self.loaded.budget)
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
        return scope

    def has_resources(self, scope: Scope, root: JsonObject) -> bool:
        """False, with a diagnostic, when `resources` is neither an array nor (languageVersion 2.0) an object."""
        resources = root.get("resources")
        if resources is not None and not isinstance(resources, (JsonArray, JsonObject)):
            scope.run.deployment.diagnostics.append(
                Diagnostic(diagnostics.INVALID_TEMPLATE, "`resources` must be an array (or an object in languageVersion 2.0)", scope.location(resources))
            )
            return False
        return True

    def finish(self, scope: Scope, root: JsonObject, overrides: Mapping[str, Any]) -> Deployment:
        """The deployment, with the parameters worth exploring; without overrides, its parameter and output problems too."""
        deployment = scope.run.deployment
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

    def resource(self, scope: Scope, node: JsonNode, symbolic: str | None, parent: Resource | None, frame: Frame, call_sites: tuple[Related, ...]) -> None:
        run = scope.run
        if not isinstance(node, JsonObject):
            run.deployment.diagnostics.append(Diagnostic(diagnostics.INVALID_TEMPLATE, "a resource must be a JSON object", scope.location(node)))
            return
        if getattr(node, "not_evaluated", False):  # lowered Bicep: a module Bicep refuses (a cycle, a missing file), reported at its path
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
