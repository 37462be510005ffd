"""An ARM template deployed as a module: a nested deployment with inner scope, parameters from the caller.

Bicep modules that are ARM JSON (a local `.json` file, a registry module from Bicep's cache, a template
spec) are evaluated here by the ARM evaluator itself: the caller's values (with the place each was written)
become the template's parameters, conditions, copies and nested deployments run as for any template, and
the outputs go back to the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import diagnostics
from ..functions import FunctionContext
from ..model import Deployment, Diagnostic, Related
from ..values import Unknown
from .copy import expand_copy_array
from .evaluator import Evaluator
from .reader import JsonArray, JsonObject, to_python
from .scope import Frame, LimitReached, Run, Scope
from .template_scope import TemplateScope
from .template import LoadedTemplate

MAX_CHOICE_VALUES = 8


@dataclass
class ModuleCall:
    """What the caller gives: parameter values with the place each is written, where the call is, its scope."""

    given: Mapping[str, tuple[Any, Related | None]]
    call_sites: tuple[Related, ...]
    context: FunctionContext
    depth: int
    declaration: Related  # the module declaration, for problems that have no place of their own in the caller


@dataclass
class CallResult:
    deployment: Deployment  # resources, diagnostics and notes (at their places in the template)
    outputs: dict[str, Any] | Unknown
    # parameters the caller passed an unknown value to, with allowedValues, that decide inspected resources
    explorable: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    # where the default of each parameter the call left out is written -> (parameter, its value)
    defaults: dict[Related, tuple[str, Any]] = field(default_factory=dict)


def evaluate_call(loaded: LoadedTemplate, root: JsonObject, call: ModuleCall) -> CallResult:
    """Evaluate `root` (a template in `loaded.source`) as deployed by a module call."""
    source = loaded.source
    assert source is not None
    evaluator = Evaluator(loaded)
    deployment = Deployment(source.path)
    run = Run(deployment, loaded.settings.max_call_depth, spans=loaded.spans)
    run.depth = call.depth
    scope = TemplateScope(run, source, call.context, top_level=True)
    scope.source_path = loaded.job.path
    scope.declare(root)
    for name, (value, origin) in call.given.items():
        if not scope.give(name, value, origin):
            where = origin.location if origin is not None else call.declaration.location
            deployment.diagnostics.append(
                Diagnostic(diagnostics.INVALID_PARAMETERS, f"the module declares no parameter '{name}': Bicep refuses the call", where)
            )
    evaluator.evaluate_resources(scope, root, call.call_sites, Frame())
    deployment.diagnostics.extend(evaluator.out_of_bounds(scope, root))
    outputs = _outputs(scope, root)
    explorable = []
    defaults: dict[Related, tuple[str, Any]] = {}
    for folded, parameter in scope.parameters.items():
        if parameter.has_given:
            allowed = parameter.declaration.get("allowedValues") if parameter.declaration else None
            if isinstance(parameter.given, Unknown) and folded in evaluator.influences and isinstance(allowed, JsonArray) and len(allowed.items) > 1:
                explorable.append((parameter.name, tuple(to_python(allowed)[:MAX_CHOICE_VALUES])))
        elif parameter.resolved and parameter.origin is not None:
            defaults[parameter.origin] = (parameter.name, parameter.value)
    return CallResult(deployment, outputs, explorable, _not_deploy_time_inputs(deployment, defaults))


def _not_deploy_time_inputs(deployment: Deployment, defaults: dict[Related, tuple[str, Any]]) -> dict[Related, tuple[str, Any]]:
    """A module's parameter is set by its caller, never at deployment: the default's place stays a related
    location but no longer names a deployment parameter (`Related.parameter`), which rules read as one a user
    could set when deploying. Returns the defaults keyed by the places as the resources now hold them."""
    if not defaults:
        return defaults
    renamed = {origin: replace(origin, parameter=None) for origin in defaults}
    for resource in deployment.resources:
        resource.related = {path: tuple(renamed.get(item, item) for item in items) for path, items in resource.related.items()}
    return {renamed[origin]: entry for origin, entry in defaults.items()}


def _outputs(scope: Scope, root: JsonObject) -> dict[str, Any] | Unknown:
    outputs = root.get("outputs")
    if outputs is None:
        return {}
    if not isinstance(outputs, JsonObject):
        return Unknown("the module's `outputs` is not an object")
    values: dict[str, Any] = {}
    for member in outputs.members:
        node = member.value
        if not isinstance(node, JsonObject):
            continue
        try:
            condition = node.get("condition")
            if condition is not None and scope.value(condition, Frame()) is False:
                continue
            copy = node.get("copy")
            value_node = node.get("value")
            if isinstance(copy, JsonObject):
                values[member.key] = expand_copy_array(scope, copy, Frame())
            elif value_node is not None:
                values[member.key] = scope.value(value_node, Frame())
            else:
                values[member.key] = Unknown(f"the output '{member.key}' has no value")
        except LimitReached as error:
            values[member.key] = Unknown(str(error))
    return values
