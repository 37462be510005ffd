"""The variant layer (arm/variant_reuse.py) around the evaluator core: a variant gives exactly what the core
alone gives for the same overrides, reusing only what read none of the changed parameters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vmss_lint.arm.evaluator import evaluate_template
from vmss_lint.arm.template import LoadedTemplate, load_template
from vmss_lint.discover import Kind, SourceJob
from vmss_lint.frontend import Settings
from vmss_lint.model import Deployment

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
VMSS = "Microsoft.Compute/virtualMachineScaleSets"
MODE = {"type": "string", "defaultValue": "Uniform", "allowedValues": ["Uniform", "Flexible"]}


def _load(tmp_path: Path, template: dict[str, Any], **settings: Any) -> LoadedTemplate:
    path = tmp_path / "main.json"
    path.write_text(json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", **template}, indent=2))
    return load_template(SourceJob(path, path.name, Kind.ARM_TEMPLATE, []), Settings(root=str(tmp_path), **settings))


def _signature(deployment: Deployment) -> list[tuple[Any, ...]]:
    return [(r.type, r.name, r.resource_id, r.iteration, r.body, dict(r.locations), dict(r.related)) for r in deployment.resources]


def _core_alone(tmp_path: Path, template: dict[str, Any], overrides: dict[str, Any], **settings: Any) -> Deployment:
    return evaluate_template(_load(tmp_path, template, **settings), overrides)


def _scale_set(name: str, mode: str) -> dict[str, Any]:
    return {"type": VMSS, "apiVersion": "2024-07-01", "name": name, "location": "westeurope", "properties": {"orchestrationMode": mode}}


TEMPLATE = {
    "parameters": {"mode": MODE},
    "variables": {"fixed": "net", "chosen": "[parameters('mode')]"},
    "resources": [
        {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "[variables('fixed')]", "properties": {"note": "x"}},
        _scale_set("chosen", "[variables('chosen')]"),
        # reads `mode` only through reference() to the scale set above
        {"type": "Microsoft.Resources/tags", "apiVersion": "2022-09-01", "name": "default",
         "properties": {"seen": "[reference('chosen').orchestrationMode]", "net": "[reference('net').note]"}},
    ],
}


def test_a_variant_equals_the_core_alone_and_reuses_what_the_parameter_never_reached(tmp_path: Path) -> None:
    loaded = _load(tmp_path, TEMPLATE)
    base = loaded.evaluate()
    variant = loaded.evaluate({"mode": "Flexible"})
    assert _signature(variant) == _signature(_core_alone(tmp_path, TEMPLATE, {"mode": "Flexible"}))
    network, scale_set, tags = variant.resources
    assert network is base.resources[0]
    assert scale_set is not base.resources[1] and scale_set.get("properties.orchestrationMode") == "Flexible"
    assert tags is not base.resources[2] and tags.get("properties.seen") == "Flexible"  # the reference() carried `mode`


def test_the_first_evaluation_is_recorded_once_and_variants_leave_it(tmp_path: Path) -> None:
    loaded = _load(tmp_path, TEMPLATE)
    loaded.evaluate()
    assert loaded.reuse is not None and loaded.reuse.first is not None
    first = loaded.reuse.first
    assert [sorted(entry.parameters) for entry in first.entries] == [[], ["mode"], ["mode"]]
    loaded.evaluate({"mode": "Flexible"})
    assert loaded.reuse.first is first


def test_a_first_evaluation_cut_short_by_a_bound_is_not_reused(tmp_path: Path) -> None:
    template = {"parameters": {"mode": MODE}, "resources": [_scale_set(f"s{index}", "[parameters('mode')]") for index in range(3)]}
    loaded = _load(tmp_path, template, max_resources=2)
    loaded.evaluate()
    assert loaded.reuse is not None and loaded.reuse.first is None
    variant = loaded.evaluate({"mode": "Flexible"})
    assert _signature(variant) == _signature(_core_alone(tmp_path, template, {"mode": "Flexible"}, max_resources=2))
    assert len(variant.resources) == 2


def test_the_core_alone_keeps_nothing_between_evaluations(tmp_path: Path) -> None:
    loaded = _load(tmp_path, TEMPLATE)
    first, second = evaluate_template(loaded, {}), evaluate_template(loaded, {})
    assert loaded.reuse is None
    assert all(one is not other for one, other in zip(first.resources, second.resources))
    assert _signature(first) == _signature(second)


MODULE = Path(__file__).resolve().parents[2] / "fixtures" / "modules" / "scale-set-module.json"
CALLER = """\
param mode string

@allowed(['a', 'b'])
param tag string = 'a'

module vmss 'br:contoso.azurecr.io/modules/vmss:v1' = {
  name: 'vmss'
  params: {
    name: 'web'
    orchestrationMode: mode
  }
}

resource t 'Microsoft.Resources/tags@2022-09-01' = {
  name: 'default'
  properties: {
    tags: {
      x: tag
    }
  }
}
"""


def test_a_bicep_module_variant_does_not_stand_for_the_first_evaluation(tmp_path: Path) -> None:
    """Lowered Bicep evaluates an explored value of a registry module's parameter without overrides: the
    variants after it must still reuse the first evaluation's resources, not the module variant's."""
    from vmss_lint.bicep import load_bicep

    cache = tmp_path / "cache" / "br" / "contoso.azurecr.io" / "modules$vmss" / "v1$"
    cache.mkdir(parents=True)
    (cache / "main.json").write_text(MODULE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "main.bicep").write_text(CALLER, encoding="utf-8")
    job = SourceJob(tmp_path / "main.bicep", "main.bicep", Kind.BICEP, [])
    settings = Settings(root=str(tmp_path), module_cache=str(tmp_path / "cache"))
    loaded = load_bicep(job, settings)
    choices = [choice.name for choice in loaded.evaluate().choices]
    assert choices == ["vmss.params.orchestrationMode", "tag"]
    loaded.evaluate({"vmss.params.orchestrationMode": "Uniform"})
    variant = loaded.evaluate({"tag": "b"})
    full = load_bicep(job, settings).evaluate({"tag": "b"})
    assert _signature(variant) == _signature(full)
    assert [resource.get("properties.orchestrationMode") for resource in variant.resources if resource.type == VMSS] == [
        resource.get("properties.orchestrationMode") for resource in full.resources if resource.type == VMSS
    ]
