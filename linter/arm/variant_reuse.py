"""Allowed-value variants reuse what the first evaluation of a template worked out, wherever the changed
parameters could not have reached it.

The engine evaluates a template once with its own parameter values, then once per allowed value it explores
(`LoadedTemplate.evaluate({name: value})`). Most of a template does not read the explored parameter, so the
first evaluation records, for each top-level resource entry, the resources it produced and every top-level
parameter it read (`scope.Reads.parameters`: through variables, parameter defaults, copy counts, conditions,
nested deployments and `reference()` to other resources of the template). A variant then reuses the
resources of every entry that read none of the changed parameters, the variables that read none of them,
and the `reference()` index and bodies (declared.DeclaredResources) likewise, and evaluates the rest anew.
The result is exactly a full re-evaluation's (tests/reliability/test_incremental_variants.py).

The core (evaluator.py) knows nothing of this: the layer hands `evaluate_template` its own way of evaluating
the top-level entries (`top_level`) and, for a variant, the outputs the first evaluation's nested deployments
gave (`outputs`), which the reused entries would have given again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Deployment, Resource
from .declared import DeclaredResources, template_entries
from .evaluator import Evaluator, LoadedTemplate, evaluate_template
from .reader import JsonObject
from .scope import Frame, Reads
from .template_scope import TemplateScope


@dataclass(frozen=True)
class EntryRecord:
    """What one top-level resource entry (with its copies, children and nested deployments) produced in the
    first evaluation, and every top-level parameter (case-folded) it read on the way."""

    parameters: frozenset[str]
    resources: tuple[Resource, ...]


@dataclass
class FirstEvaluation:
    """What the evaluation without overrides worked out, for variants to reuse."""

    entries: list[EntryRecord]
    declared: DeclaredResources | None  # the resources reference() read, indexed, with the bodies it evaluated
    variables: dict[str, tuple[Any, Reads]]  # case-folded name -> (value, what it read)
    outputs: dict[str, Any]  # nested deployments' outputs by busy key (`Run.outputs`), as the entries left them


@dataclass
class VariantReuse:
    """Kept by a loaded template across its evaluations."""

    recorded: bool = False  # the first evaluation without overrides has run
    first: FirstEvaluation | None = None  # what it recorded; None if a bound cut it short (reuse would not be exact)

    def evaluate(self, loaded: LoadedTemplate, overrides: Mapping[str, Any]) -> Deployment:
        """The first evaluation without overrides records; a later one with overrides reuses what it can. Any
        other evaluation is a full one: lowered Bicep evaluates its registry modules' explored values without
        overrides here (bicep/lowered.py), so a second evaluation without overrides is not the first again."""
        changed = {name.casefold() for name in overrides}
        recording = not changed and not self.recorded
        first = self.first if changed else None

        def top_level(evaluator: Evaluator, scope: TemplateScope, root: JsonObject) -> None:
            if recording:
                self.first = record(evaluator, scope, root)
            elif first is not None:
                reuse(first, changed, evaluator, scope, root)
            else:
                evaluator.evaluate_resources(scope, root, (), Frame())

        self.recorded = self.recorded or recording
        # a variant starts from the outputs the first evaluation's nested deployments gave: some it reuses
        return evaluate_template(loaded, overrides, top_level, dict(first.outputs) if first is not None else {})


def record(evaluator: Evaluator, scope: TemplateScope, root: JsonObject) -> FirstEvaluation | None:
    """Evaluate the main template's resources, recording what each entry read and produced."""
    records = []
    resources = scope.run.deployment.resources
    for symbolic, node in template_entries(root):
        first = len(resources)
        reads = Reads()
        scope.collect(lambda: evaluator.resource(scope, node, symbolic, None, Frame(), ()), reads)
        records.append(EntryRecord(frozenset(reads.parameters), tuple(resources[first:])))
    if evaluator.limit_reported:
        return None
    return FirstEvaluation(records, scope.declared, dict(scope.variable_values), scope.run.outputs)


def reuse(first: FirstEvaluation, changed: set[str], evaluator: Evaluator, scope: TemplateScope, root: JsonObject) -> None:
    """An allowed-value variant: what never read a changed parameter evaluates exactly as in the first
    evaluation (every value it used was recorded as read, including the parameters that a reference() to
    another resource of the template read), so it is taken over; the rest is evaluated."""
    scope.variable_values.update((name, cached) for name, cached in first.variables.items() if not cached[1].parameters & changed)
    if first.declared is not None:
        scope.declared = _declared(first.declared, changed, scope, root)
    resources = scope.run.deployment.resources
    for (symbolic, node), entry in zip(template_entries(root), first.entries):
        fits = len(resources) + len(entry.resources) <= evaluator.settings.max_resources
        if fits and not (entry.parameters & changed):
            resources.extend(entry.resources)
        else:
            evaluator.resource(scope, node, symbolic, None, Frame(), ())


def _declared(earlier: DeclaredResources, changed: set[str], scope: TemplateScope, root: JsonObject) -> DeclaredResources:
    """The variant's reference() lookup, with the first evaluation's index (if it read none of the changed
    parameters) and the resource bodies it evaluated that read none of them."""
    declared = DeclaredResources(scope, root)
    if earlier.entries is not None and not earlier.index_reads.parameters & changed:
        declared.entries, declared.index_reads, declared.by_key = earlier.entries, earlier.index_reads, earlier.by_key
        declared.views = {position: view for position, view in earlier.views.items() if not view[1].parameters & changed}
    return declared
