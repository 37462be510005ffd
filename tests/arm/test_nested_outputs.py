"""Nested deployments: outputs read through reference(), iteration labels of what a copied deployment deploys,
and children that take their parent's iteration (additions made for the Bicep lowering, issue 16)."""

from __future__ import annotations

from pathlib import Path

from test_evaluator import evaluate

INNER = {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {"prefix": {"type": "string"}},
    "resources": [{"type": "A.B/c", "apiVersion": "1", "name": "[concat(parameters('prefix'), '-inner')]"}],
    "outputs": {"name": {"type": "string", "value": "[concat(parameters('prefix'), '-out')]"}},
}


def _deployment(**extra) -> dict:
    return {
        "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "[concat('d', copyIndex())]",
        "copy": {"name": "d", "count": 2},
        "properties": {
            "mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": INNER,
            "parameters": {"prefix": {"value": "[concat('p', copyIndex())]"}},
        },
        **extra,
    }


def test_outputs_are_read_and_iterations_are_labelled(tmp_path: Path) -> None:
    reader = {"type": "A.B/r", "apiVersion": "1", "name": "reader", "properties": {"got": "[reference('d1').outputs.name.value]"}}
    deployment = evaluate(tmp_path, {"resources": [_deployment(), reader]})
    by_name = {resource.name: resource for resource in deployment.resources}
    assert by_name["reader"].get("properties.got") == "p1-out"
    assert by_name["p0-inner"].iteration == "copy 'd' index 0"
    assert by_name["p1-inner"].iteration == "copy 'd' index 1"


def test_a_child_takes_its_parents_iteration(tmp_path: Path) -> None:
    parent = {
        "type": "A.B/c", "apiVersion": "1", "name": "[concat('p', copyIndex())]", "copy": {"name": "loop", "count": 2},
        "resources": [{"type": "kids", "apiVersion": "1", "name": "k"}],
    }
    deployment = evaluate(tmp_path, {"resources": [parent]})
    labels = {resource.name: resource.iteration for resource in deployment.resources}
    assert labels["p1/k"] == "copy 'loop' index 1"
