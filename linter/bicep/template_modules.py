"""Bicep modules that are ARM JSON: a local `.json` file, or a registry / template-spec module read from
Bicep's local module cache (module_cache.py). Each is evaluated by the ARM evaluator as a nested deployment
with inner scope (arm/module_call.py); a cached module's findings are placed in the caller's file
(relocate.py).

Templates are read and parsed once per linted file; a call whose inputs did not change since an earlier
evaluation (the other allowed-value variants of the caller) reuses that evaluation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import diagnostics
from ..discover import Kind, SourceJob, display_path
from ..functions import FunctionContext
from ..model import Diagnostic, Related
from ..values import Unknown, same_value
from .module_cache import CachedModule, ModuleCache
from .relocate import PassedValue, RegistryPlacer, relocate_diagnostic

if TYPE_CHECKING:
    from ..arm.module_call import CallResult
    from ..arm.reader import JsonObject
    from ..arm.template import LoadedTemplate
    from ..contracts import Settings

EXTERNAL_SCHEMES = ("br:", "br/", "ts:", "ts/")


@dataclass
class Template:
    """A parsed JSON module: the template object to deploy (a template spec's `mainTemplate`)."""

    loaded: LoadedTemplate
    root: JsonObject | None
    problems: list[Diagnostic]
    runs: dict[Any, tuple[Any, CallResult]] = field(default_factory=dict)  # signature -> (inputs, result) of an earlier call


@dataclass
class ModuleOutcome:
    """What a module call adds to the caller's deployment."""

    result: CallResult | None
    diagnostics: list[Diagnostic]
    notes: list[Diagnostic]
    outputs: Any


@dataclass
class TemplateModules:
    """The JSON modules of one linted file, and where registry modules are cached."""

    settings: Settings
    cache: ModuleCache
    templates: dict[Path, Template] = field(default_factory=dict)

    def template(self, path: Path, template_spec: bool, cached: bool = False) -> Template:
        """A JSON module; `cached`: a file of Bicep's module cache, which may lie outside the linted tree
        (its own links stay inside its cache folder)."""
        key = path.resolve()
        if key not in self.templates:
            settings = replace(self.settings, root=str(key.parent)) if cached else self.settings
            self.templates[key] = _read_template(key, settings, template_spec)
        return self.templates[key]

    def call_lowered(
        self, template: Template, given: dict[str, tuple[Any, Related | None, tuple[Related, ...]]], call_sites: tuple[Related, ...],
        declaration: Related, context: FunctionContext, depth: int, cached: CachedModule,
    ) -> ModuleOutcome:
        """Evaluate one call of a cached `template` (value, origin, trail per parameter); its findings are
        placed in the caller's file. A call with the inputs of an earlier one reuses its evaluation."""
        from ..arm.module_call import ModuleCall, evaluate_call

        if template.root is None:
            problems = [_relocated(problem, cached, declaration) for problem in template.problems]
            return ModuleOutcome(None, problems, [], Unknown("the module's template cannot be read"))
        inputs = ({name: value for name, (value, _, _) in given.items()}, call_sites, context, depth)
        signature = _signature(inputs)
        earlier = template.runs.get(signature)
        result = earlier[1] if earlier is not None and _same_inputs(earlier[0], inputs) else None
        if result is None:
            call = ModuleCall({name: (value, origin) for name, (value, origin, _) in given.items()}, call_sites, context, depth + 1, declaration)
            result = evaluate_call(template.loaded, template.root, call)
            placer = RegistryPlacer(
                cached.reference, declaration.location, template.loaded.job.display,
                {origin: PassedValue(name, value, trail) for name, (value, origin, trail) in given.items() if origin is not None},
                result.defaults,
            )
            for resource in result.deployment.resources:
                resource.placer = placer
            result.deployment.diagnostics[:] = [relocate_diagnostic(item, placer) for item in result.deployment.diagnostics]
            result.deployment.notes[:] = [relocate_diagnostic(item, placer) for item in result.deployment.notes]
            template.runs[signature] = (inputs, result)
        problems = [_relocated(problem, cached, declaration) for problem in template.problems]
        return ModuleOutcome(result, problems + result.deployment.diagnostics, list(result.deployment.notes), result.outputs)


def is_external(path: str) -> bool:
    return path.casefold().startswith(EXTERNAL_SCHEMES)


def _read_template(path: Path, settings: Settings, template_spec: bool) -> Template:
    from ..arm.reader import JsonObject
    from ..arm.template import load_template

    display = display_path(path, Path(settings.display_root))
    loaded = load_template(SourceJob(path, display, Kind.ARM_TEMPLATE), settings)
    problems = list(loaded.problems)
    root = loaded.parsed.root if loaded.parsed is not None else None
    if template_spec and isinstance(root, JsonObject):
        properties = root.get("properties")
        root = properties.get("mainTemplate") if isinstance(properties, JsonObject) else None
        if not isinstance(root, JsonObject):
            start = loaded.source.location(0, 1) if loaded.source is not None else None
            if start is not None:
                problems.append(Diagnostic(diagnostics.INVALID_TEMPLATE, "the cached template spec has no `properties.mainTemplate` object", start))
            root = None
    return Template(loaded, root if isinstance(root, JsonObject) else None, problems)


def _relocated(problem: Diagnostic, cached: CachedModule | None, declaration: Related) -> Diagnostic:
    if cached is None:
        return problem
    here = Related(problem.location, f"here in the module '{cached.reference}' (Bicep's cache)")
    return Diagnostic(problem.code, f"in the module '{cached.reference}': {problem.message}", declaration.location, (here, *problem.related))


def _signature(inputs: Any) -> Any:
    """A hashable digest of a call's inputs: equal inputs have equal signatures (then compared exactly)."""
    values, call_sites, context, depth = inputs
    return json.dumps(values, sort_keys=True, default=repr), call_sites, repr(context), depth


def _same_inputs(one: Any, other: Any) -> bool:
    values, call_sites, context, depth = one
    other_values, other_sites, other_context, other_depth = other
    if depth != other_depth or call_sites != other_sites or values.keys() != other_values.keys():
        return False
    if context is not other_context and context != other_context:
        return False
    return all(same_value(values[name], other_values[name]) for name in values)
