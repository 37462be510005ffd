"""Evaluator behaviour: expressions, bounds, degradation to Unknown, ids, child resources, overrides."""

from __future__ import annotations

import json
from pathlib import Path

from vmss_lint.arm.expressions import ExpressionSyntaxError, parse_expression, parse_template_string
from vmss_lint.discover import Kind, SourceJob
from vmss_lint.frontend import Settings, load
from vmss_lint.values import Unknown

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def evaluate(tmp_path: Path, template: dict, overrides=None, parameter_files=(), root=None):
    path = tmp_path / "main.json"
    path.write_text(json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", **template}, indent=2))
    job = SourceJob(path, path.name, Kind.ARM_TEMPLATE, list(parameter_files))
    return load(job, Settings(root=str(root or tmp_path))).evaluate(overrides)


def vmss(properties: dict, **extra) -> dict:
    return {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "web", "properties": properties, **extra}


def codes(deployment) -> list[str]:
    return [item.code for item in deployment.notes + deployment.diagnostics]


def test_parser_keeps_positions_and_escapes() -> None:
    node = parse_expression("concat('it''s', parameters('a').b[0])")
    assert node.name == "concat" and node.args[0].value == "it's" and (node.start, node.end) == (0, 37)
    assert parse_template_string("[[literal]").literal == "[literal]"
    assert parse_template_string("plain").literal == "plain"
    error = parse_template_string("[concat('a']").error
    assert isinstance(error, ExpressionSyntaxError)


def test_variables_parameters_and_property_copy(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {
        "parameters": {"n": {"type": "int", "defaultValue": 2}},
        "variables": {"base": "[mul(parameters('n'), 10)]", "copy": [{"name": "luns", "count": "[parameters('n')]", "input": "[copyIndex('luns')]"}]},
        "resources": [vmss({"a": "[variables('base')]", "b": "[variables('luns')]",
                            "copy": [{"name": "disks", "count": 2, "input": {"lun": "[add(copyIndex('disks'), 5)]"}}]})],
    })
    (resource,) = deployment.resources
    assert resource.get("properties") == {"a": 20, "b": [0, 1], "disks": [{"lun": 5}, {"lun": 6}]}
    assert resource.resource_id.endswith("/resourceGroups/resource-group/providers/Microsoft.Compute/virtualMachineScaleSets/web")


def test_variable_cycle_is_a_limit_diagnostic(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {
        "variables": {"a": "[variables('b')]", "b": "[variables('a')]"},
        "resources": [vmss({"orchestrationMode": "[variables('a')]"})],
    })
    assert isinstance(deployment.resources[0].get("properties.orchestrationMode"), Unknown)
    assert "LINT-005" in codes(deployment)


def test_user_function_recursion_is_bounded(tmp_path: Path) -> None:
    functions = [{"namespace": "my", "members": {
        "loop": {"parameters": [{"name": "x", "type": "int"}], "output": {"type": "int", "value": "[my.loop(parameters('x'))]"}},
        "twice": {"parameters": [{"name": "x", "type": "int"}], "output": {"type": "int", "value": "[mul(parameters('x'), 2)]"}},
    }}]
    deployment = evaluate(tmp_path, {"functions": functions, "resources": [vmss({"a": "[my.twice(4)]", "b": "[my.loop(1)]"})]})
    assert deployment.resources[0].get("properties.a") == 8
    assert isinstance(deployment.resources[0].get("properties.b"), Unknown)
    assert "LINT-005" in codes(deployment)


def test_copy_count_is_capped_at_800(tmp_path: Path) -> None:
    resource = vmss({}, copy={"name": "many", "count": 1000})
    resource["name"] = "[concat('s', copyIndex())]"
    deployment = evaluate(tmp_path, {"resources": [resource]})
    assert len(deployment.resources) == 800
    assert "LINT-005" in codes(deployment)
    assert deployment.resources[3].iteration == "copy 'many' index 3"


def test_a_bad_expression_degrades_one_value(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {"resources": [vmss({"a": "[noSuchFunction(1)]", "b": "[concat('x']", "c": "[add(1, 2)]"})]})
    properties = deployment.resources[0].get("properties")
    assert isinstance(properties["a"], Unknown) and isinstance(properties["b"], Unknown) and properties["c"] == 3
    assert codes(deployment).count("LINT-004") == 2


def test_child_resources_get_full_type_and_name(tmp_path: Path) -> None:
    child = {"type": "extensions", "apiVersion": "2024-07-01", "name": "health", "properties": {}}
    deployment = evaluate(tmp_path, {"resources": [vmss({}, resources=[child])]})
    assert [(r.type, r.name) for r in deployment.resources][1] == ("Microsoft.Compute/virtualMachineScaleSets/extensions", "web/health")
    assert deployment.resources[1].resource_id.endswith("virtualMachineScaleSets/web/extensions/health")


def test_overrides_replace_parameter_values(tmp_path: Path) -> None:
    template = {
        "parameters": {"mode": {"type": "string", "defaultValue": "Uniform", "allowedValues": ["Uniform", "Flexible"]}},
        "resources": [vmss({"orchestrationMode": "[parameters('mode')]"})],
    }
    base = evaluate(tmp_path, template)
    assert [choice.name for choice in base.choices] == ["mode"] and base.choices[0].current == "Uniform"
    assert evaluate(tmp_path, template, {"mode": "Flexible"}).resources[0].get("properties.orchestrationMode") == "Flexible"


def test_key_vault_reference_and_bare_parameter_file(tmp_path: Path) -> None:
    parameters = tmp_path / "p.json"
    parameters.write_text(json.dumps({"secret": {"reference": {"keyVault": {"id": "x"}, "secretName": "s"}}, "mode": {"value": "Flexible"}}))
    deployment = evaluate(tmp_path, {
        "parameters": {"secret": {"type": "securestring"}, "mode": {"type": "string"}},
        "resources": [vmss({"orchestrationMode": "[parameters('mode')]", "s": "[parameters('secret')]"})],
    }, parameter_files=[parameters])
    assert deployment.resources[0].get("properties.orchestrationMode") == "Flexible"
    assert isinstance(deployment.resources[0].get("properties.s"), Unknown)


def test_linked_template_outside_the_root_is_refused(tmp_path: Path) -> None:
    inside = tmp_path / "repo"
    inside.mkdir()
    (tmp_path / "outside.json").write_text(json.dumps({"$schema": SCHEMA, "resources": [vmss({})]}))
    link = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "d",
            "properties": {"mode": "Incremental", "templateLink": {"relativePath": "../../outside.json"}}}
    deployment = evaluate(inside, {"resources": [link]}, root=inside)
    assert [r.type for r in deployment.resources] == ["Microsoft.Resources/deployments"]
    assert "LINT-009" in codes(deployment)


def test_language_version_2_symbolic_and_existing(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {"languageVersion": "2.0", "resources": {
        "old": {"existing": True, "type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "old"},
        "set": vmss({"orchestrationMode": "Flexible"}),
    }})
    assert [(r.symbolic_name, r.existing) for r in deployment.resources] == [("old", True), ("set", False)]


def test_unknown_condition_keeps_the_resource(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {"parameters": {"on": {"type": "bool"}}, "resources": [vmss({}, condition="[parameters('on')]")]})
    assert len(deployment.resources) == 1 and "LINT-007" in codes(deployment)
