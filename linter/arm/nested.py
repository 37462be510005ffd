"""Nested deployments (`Microsoft.Resources/deployments`): inline templates evaluated in the outer scope
(default: the parent's parameters and variables) or the inner scope (`expressionEvaluationOptions.scope:
inner`, parameters passed in), and linked templates given by a local `templateLink.relativePath`.

A linked template must be a regular file below `Settings.root`; anything else (remote URIs, template
specs, paths leaving the tree, device files) is reported as LINT-009 and not evaluated.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .. import diagnostics
from ..budget import MODULE_COST
from ..guarded_read import ReadRefused, check
from ..model import Related, Resource
from ..values import Unknown, get_path
from .reader import JsonObject, JsonScalar
from .declared import busy_key
from .scope import Frame, LimitReached, Scope

if TYPE_CHECKING:
    from ..contracts import Settings
    from ..source import SourceFile
    from .reader import JsonNode


class Evaluator(Protocol):
    """What a nested deployment needs of the template evaluator (evaluator.Evaluator)."""

    settings: Settings

    def evaluate_resources(self, scope: Scope, template: JsonObject, call_sites: tuple[Related, ...], frame: Frame) -> None: ...

    def load_linked(self, path: Path) -> tuple[SourceFile, JsonObject] | None: ...

    def call_registry(self, scope: Scope, node: JsonObject, deployment: Resource, frame: Frame, call_sites: tuple[Related, ...]) -> None: ...


def deploy_nested(evaluator: Evaluator, scope: Scope, node: JsonObject, deployment: Resource, frame: Frame, call_sites: tuple[Related, ...]) -> None:
    """Evaluate the template a deployment resource deploys and add its resources."""
    properties = node.get("properties")
    if not isinstance(properties, JsonObject):
        return
    run = scope.run
    if run.depth >= run.max_depth:
        run.note(diagnostics.EVALUATION_LIMIT, f"nested deployments deeper than {run.max_depth} levels are not evaluated", scope.location(node))
        return
    if getattr(node, "registry", ""):  # lowered Bicep: a registry or template-spec module, read from Bicep's cache
        evaluator.call_registry(scope, node, deployment, frame, call_sites)
        return
    template_node = properties.get("template")
    source = scope.source
    template_file: Path | None = None
    real = ""  # the linked template's resolved path
    if not isinstance(template_node, JsonObject):
        link = properties.get("templateLink")
        if link is None:
            return
        loaded = _load_linked(evaluator, scope, link, frame)
        if loaded is None:
            return
        source, template_node, template_file, real = loaded
        if real in run.linked_chain:
            cycle = " -> ".join(os.path.basename(step) for step in (*run.linked_chain[run.linked_chain.index(real):], real))
            message = f"the linked template makes a cycle ({cycle}): ARM refuses it, it is not evaluated"  # Bicep module cycles are found before (bicep/module_cycles.py)
            run.note(diagnostics.INVALID_TEMPLATE, message, scope.location(link))
            return
    if not run.budget.allows(MODULE_COST):
        run.note(diagnostics.EVALUATION_LIMIT, f"{run.budget.message('nested deployment')}: it is not evaluated", scope.location(node))
        return
    name = deployment.name if isinstance(deployment.name, str) else "<unknown>"
    here = Related(deployment.declared_at, f"deployed by nested deployment '{name}'")
    if getattr(node, "loop_word", None) == "module":  # lowered Bicep: say it as the Bicep source does
        here = Related(deployment.declared_at, f"module '{getattr(node, 'symbol', name)}' called here")
    context = _context_for(scope, deployment, template_file)
    options = get_path(deployment.body, "properties.expressionEvaluationOptions.scope")
    inner = template_file is not None or (isinstance(options, str) and options.casefold() == "inner")
    if inner:
        child = type(scope)(run, source, context, top_level=False)
        child.source_path = template_file if template_file is not None else scope.source_path
        child.declare(template_node)
        _pass_parameters(scope, properties, child, frame)
    else:
        child = scope
    run.depth += 1
    label, run.label = run.label, deployment.iteration
    if template_file is not None:
        run.linked_chain.append(real)
    try:
        evaluator.evaluate_resources(child, template_node, call_sites + (here,), frame if not inner else Frame())
        if inner:
            run.outputs[busy_key(node, frame)] = _outputs(child, template_node)
    finally:
        run.depth -= 1
        run.label = label
        if template_file is not None:
            run.linked_chain.pop()


def _outputs(child: Scope, template: JsonObject) -> dict[str, Any]:
    """The evaluated outputs of an inner-scope template, as `reference(deployment).outputs` shows them."""
    outputs = template.get("outputs")
    result: dict[str, Any] = {}
    for member in outputs.members if isinstance(outputs, JsonObject) else ():
        value_node = member.value.get("value") if isinstance(member.value, JsonObject) else None
        if value_node is not None:
            try:
                result[member.key] = {"value": child.value(value_node, Frame())}
            except LimitReached as error:
                result[member.key] = {"value": Unknown(str(error))}
    return result


def _context_for(scope: Scope, deployment: Resource, template_file: Path | None) -> Any:
    """A resourceGroup / subscriptionId on the deployment moves the ids of what it deploys."""
    context = scope.context
    changes: dict[str, Any] = {"deployment_name": deployment.name}
    group = deployment.body.get("resourceGroup")
    if isinstance(group, str):
        changes["resource_group_name"] = group
    subscription = deployment.body.get("subscriptionId")
    if isinstance(subscription, str):
        changes["subscription_id"] = subscription
    return replace(context, **changes)


def _pass_parameters(outer: Scope, properties: JsonObject, child: Scope, frame: Frame) -> None:
    given = properties.get("parameters")
    if not isinstance(given, JsonObject):
        return
    for member in given.members:
        entry = member.value
        value_node = entry.get("value") if isinstance(entry, JsonObject) else None
        if value_node is None:
            reference = entry.get("reference") if isinstance(entry, JsonObject) else None
            value: Any = Unknown(f"parameter '{member.key}' is a Key Vault reference") if reference is not None else Unknown("no value")
            location_node: JsonNode = entry
        else:
            value = outer.value(value_node, frame)
            location_node = value_node
        origin = Related(outer.location(location_node), f"value passed to parameter '{member.key}' of the nested deployment")
        child.give(member.key, value, origin)


def _load_linked(evaluator: Evaluator, scope: Scope, link: JsonNode, frame: Frame) -> Any:
    run = scope.run
    value = scope.value(link, frame)
    relative = get_path(value, "relativePath") if isinstance(value, dict) else None
    if not isinstance(relative, str):
        kind = "a template spec" if isinstance(value, dict) and "id" in {key.casefold() for key in value} else "a remote URI"
        run.note(diagnostics.UNRESOLVED_MODULE, f"the linked template is {kind}: its resources are not checked", scope.location(link))
        return None
    base = Path(scope.source_path).parent if getattr(scope, "source_path", None) else None
    if base is None:
        run.note(diagnostics.UNRESOLVED_MODULE, "the linked template cannot be located", scope.location(link))
        return None
    target = base / relative
    known = run.linked_files.get(str(target))
    if known is None:
        refusal = _refuse(target, Path(evaluator.settings.root))
        known = run.linked_files[str(target)] = (refusal, os.path.realpath(target) if refusal is None else "")
    refusal, real = known
    if refusal:
        run.note(diagnostics.UNRESOLVED_MODULE, f"linked template {relative!r} is not evaluated: {refusal}", scope.location(link))
        return None
    loaded = evaluator.load_linked(Path(real))
    if loaded is None:
        run.note(diagnostics.UNRESOLVED_MODULE, f"linked template {relative!r} cannot be read or is not a template", scope.location(link))
        return None
    source, root = loaded
    return source, root, target, real


def _refuse(target: Path, root: Path) -> str | None:
    if "\0" in str(target) or not os.path.lexists(target):
        return "the file does not exist"
    try:
        check(target, root)
    except ReadRefused as error:
        return error.strerror
    return None


def literal(node: Any) -> Any:
    return node.value if isinstance(node, JsonScalar) else None
