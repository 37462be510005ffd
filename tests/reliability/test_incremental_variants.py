"""Allowed-value variants re-evaluate only the resources an overridden parameter reaches: the result must
be exactly what a full re-evaluation gives, on every corpus template and every explored value."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, shared_or_skip
from vmss_lint.discover import discover
from vmss_lint.frontend import Settings, load
from vmss_lint.model import Deployment
from vmss_lint.values import same_value


def _signature(deployment: Deployment) -> list[tuple]:
    return [
        (r.type, r.name, r.api_version, r.resource_id, r.iteration, r.existing, r.symbolic_name, r.declared_at, r.call_sites,
         r.body, dict(r.locations), dict(r.related))
        for r in deployment.resources
    ]


def _check_variants(root: Path) -> int:
    found = discover([root], excludes=(), parameter_map={}, extra_parameters=[])
    compared = 0
    for job in found.jobs:
        if not job.path.name.endswith(".json"):
            continue
        settings = Settings(root=str(job.root))
        incremental = load(job, settings)
        try:
            base = incremental.evaluate()
        except Exception:  # noqa: BLE001 - the engine reports these as LINT-014; not this test's concern
            continue
        for choice in base.choices:
            for value in choice.values:
                variant = incremental.evaluate({choice.name: value})
                full = load(job, settings).evaluate({choice.name: value})
                assert _signature(variant) == _signature(full), f"{job.display}: {choice.name} = {value!r}"
                assert all(same_value(a.body, b.body) for a, b in zip(variant.resources, full.resources))
                compared += 1
    return compared


def test_incremental_variants_equal_full_reevaluation_on_the_fixtures() -> None:
    assert _check_variants(FIXTURES) > 0


def test_incremental_variants_equal_full_reevaluation_on_the_corpus() -> None:
    assert _check_variants(shared_or_skip("corpus")) > 50


def test_a_parameter_read_through_a_variable_chain_reevaluates_its_resource(tmp_path: Path) -> None:
    template = tmp_path / "chain.json"
    template.write_text("""{
      "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      "parameters": {"mode": {"type": "string", "defaultValue": "Uniform", "allowedValues": ["Uniform", "Flexible"]},
                     "alias": {"type": "string", "defaultValue": "[parameters('mode')]"}},
      "variables": {"a": "[parameters('alias')]", "b": "[variables('a')]"},
      "resources": [
        {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "net", "properties": {}},
        {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "[concat('s-', variables('b'))]",
         "properties": {"orchestrationMode": "[variables('b')]"}}
      ]}""")
    found = discover([template], excludes=(), parameter_map={}, extra_parameters=[])
    loaded = load(found.jobs[0], Settings(root=str(tmp_path)))
    base = loaded.evaluate()
    assert [choice.name for choice in base.choices] == ["mode"]
    variant = loaded.evaluate({"mode": "Flexible"})
    assert variant.resources[0] is base.resources[0]  # the network never read `mode`: reused
    assert variant.resources[1].name == "s-Flexible"
    assert variant.resources[1].get("properties.orchestrationMode") == "Flexible"
