"""reference() to a resource declared in the same template reads its declared, evaluated values; what the
template does not declare (or cannot be known) stays Unknown."""

from __future__ import annotations

import json
from pathlib import Path

from vmss_lint.discover import Kind, SourceJob
from vmss_lint.frontend import Settings, load
from vmss_lint.values import Unknown

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
VMSS = "Microsoft.Compute/virtualMachineScaleSets"
LB = "Microsoft.Network/loadBalancers"
BASE_ID = f"resourceId('{VMSS}', 'base')"


def evaluate(tmp_path: Path, template: dict):
    path = tmp_path / "main.json"
    path.write_text(json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", **template}, indent=2))
    job = SourceJob(path, path.name, Kind.ARM_TEMPLATE, [])
    return load(job, Settings(root=str(tmp_path))).evaluate(None)


def base(**extra) -> dict:
    return {
        "type": VMSS, "apiVersion": "2024-07-01", "name": "base", "location": "westeurope",
        "sku": {"name": "Standard_D2s_v5", "capacity": 2}, "zones": ["1", "2"],
        "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": 1}, **extra,
    }


def reader(properties: dict, **extra) -> dict:
    return {"type": "Microsoft.Resources/tags", "apiVersion": "2022-09-01", "name": "default", "properties": properties, **extra}


def read(tmp_path: Path, resources: list, **template):
    """The evaluated `properties` of the resource named 'default' (the reader) and the notes' codes."""
    deployment = evaluate(tmp_path, {"resources": resources, **template})
    (resource,) = [item for item in deployment.resources if item.name == "default"]
    return resource.get("properties"), [note.code for note in deployment.notes + deployment.diagnostics]


def test_reference_by_id_reads_the_declared_properties(tmp_path: Path) -> None:
    got, codes = read(tmp_path, [
        base(),
        reader({
            "mode": f"[reference({BASE_ID}).orchestrationMode]",
            "withVersion": f"[reference({BASE_ID}, '2024-07-01').platformFaultDomainCount]",
            "byConcat": f"[reference(concat(resourceGroup().id, '/providers/{VMSS}/base')).orchestrationMode]",
        }),
    ])
    assert got == {"mode": "Flexible", "withVersion": 1, "byConcat": "Flexible"}
    assert codes == []


def test_full_reads_the_top_level_members(tmp_path: Path) -> None:
    full = f"reference({BASE_ID}, '2024-07-01', 'Full')"
    got, _ = read(tmp_path, [
        base(),
        reader({
            "location": f"[{full}.location]", "sku": f"[{full}.sku.name]", "zone": f"[{full}.zones[1]]",
            "mode": f"[{full}.properties.orchestrationMode]", "id": f"[{full}.id]", "name": f"[{full}.name]",
            "type": f"[{full}.type]", "apiVersion": f"[{full}.apiVersion]", "same": f"[equals({full}.id, {BASE_ID})]",
        }),
    ])
    assert got == {
        "location": "westeurope", "sku": "Standard_D2s_v5", "zone": "2", "mode": "Flexible",
        "id": got["id"],
        "name": "base", "type": VMSS, "apiVersion": "2024-07-01", "same": True,
    }
    assert got["id"].endswith("/providers/Microsoft.Compute/virtualMachineScaleSets/base")


def test_bare_name_and_declaration_order(tmp_path: Path) -> None:
    got, _ = read(tmp_path, [
        reader({"mode": "[reference('base').orchestrationMode]", "fullName": "[reference('BASE', '2024-07-01', 'full').name]"}),
        base(),  # declared after the resource that reads it
    ])
    assert got == {"mode": "Flexible", "fullName": "base"}


def test_undeclared_member_is_unknown_without_a_note(tmp_path: Path) -> None:
    got, codes = read(tmp_path, [
        base(),
        reader({
            "state": f"[reference({BASE_ID}).provisioningState]",
            "identity": f"[reference({BASE_ID}, '2024-07-01', 'Full').identity.principalId]",
            "nested": f"[reference({BASE_ID}, '2024-07-01', 'Full').sku.tier]",
        }),
    ])
    assert all(isinstance(value, Unknown) for value in got.values()), got
    assert codes == []


def test_key_set_of_a_read_object_is_unknown(tmp_path: Path) -> None:
    got, _ = read(tmp_path, [
        base(),
        reader({
            "count": f"[length(reference({BASE_ID}))]",
            "has": f"[contains(reference({BASE_ID}), 'provisioningState')]",
            "whole": f"[reference({BASE_ID}, '2024-07-01', 'Full').sku]",
            "scalar": f"[toUpper(reference({BASE_ID}).orchestrationMode)]",
        }),
    ])
    assert isinstance(got["count"], Unknown) and isinstance(got["has"], Unknown) and isinstance(got["whole"], Unknown)
    assert got["scalar"] == "FLEXIBLE"


def test_child_ids_match_resource_id(tmp_path: Path) -> None:
    got, _ = read(tmp_path, [
        {"type": LB, "apiVersion": "2024-05-01", "name": "lb", "location": "westeurope",
         "properties": {"backendAddressPools": [{"name": "pool"}], "frontendIPConfigurations": [{"name": "front", "properties": {}}]}},
        reader({
            "pool": "[reference(variables('lbId')).backendAddressPools[0].id]",
            "expected": f"[resourceId('{LB}/backendAddressPools', 'lb', 'pool')]",
            "frontState": "[reference(variables('lbId')).frontendIPConfigurations[0].properties.provisioningState]",
        }),
    ], variables={"lbId": f"[resourceId('{LB}', 'lb')]"})
    assert got["pool"] == got["expected"] and got["pool"].endswith("/loadBalancers/lb/backendAddressPools/pool")
    assert isinstance(got["frontState"], Unknown)


def test_reference_cycle_is_unknown_with_a_limit_note(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {"resources": [
        reader({"x": "[reference('other').y]"}),
        {**reader({"y": "[reference('default').x]"}), "name": "other"},
    ]})
    for resource in deployment.resources:
        assert all(isinstance(value, Unknown) for value in resource.get("properties").values())
    assert "LINT-005" in [note.code for note in deployment.notes + deployment.diagnostics]


def test_self_reference_is_a_cycle(tmp_path: Path) -> None:
    got, codes = read(tmp_path, [reader({"a": "x", "b": "[reference('default').a]"})])
    assert got["a"] == "x" and isinstance(got["b"], Unknown)
    assert "LINT-005" in codes


def test_false_condition_and_outside_resources_are_unknown(tmp_path: Path) -> None:
    got, _ = read(tmp_path, [
        base(condition=False),
        reader({
            "notDeployed": f"[reference({BASE_ID}).orchestrationMode]",
            "elsewhere": f"[reference(resourceId('other-group', '{VMSS}', 'base')).orchestrationMode]",
            "unknownId": "[reference(parameters('id')).orchestrationMode]",
            "missing": "[reference('nowhere').orchestrationMode]",
        }),
    ], parameters={"id": {"type": "string"}})
    assert all(isinstance(value, Unknown) for value in got.values()), got


def test_unknown_condition_reads_the_declared_values(tmp_path: Path) -> None:
    # if the resource were not deployed, reading it would fail the deployment: a template that deploys reads it
    got, _ = read(tmp_path, [
        base(condition="[parameters('deploy')]"),
        reader({"mode": f"[reference({BASE_ID}).orchestrationMode]"}),
    ], parameters={"deploy": {"type": "bool"}})
    assert got == {"mode": "Flexible"}


def test_existing_and_symbolic_names_in_language_version_2(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {
        "languageVersion": "2.0",
        "resources": {
            "old": {"type": VMSS, "apiVersion": "2024-07-01", "name": "old", "existing": True},
            "base": base(),
            "sets": {**base(), "name": "[format('set-{0}', copyIndex())]", "copy": {"name": "sets", "count": 2},
                     "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": "[add(copyIndex(), 1)]"}},
            "reader": reader({
                "existing": "[reference('old').orchestrationMode]",
                "existingById": f"[reference(resourceId('{VMSS}', 'old'), '2024-07-01', 'full').location]",
                "symbol": "[reference('base').orchestrationMode]",
                "copy": "[reference('sets[1]').platformFaultDomainCount]",
                "copyByName": "[reference('set-0').platformFaultDomainCount]",
            }),
        },
    })
    (resource,) = [item for item in deployment.resources if item.name == "default"]
    got = resource.get("properties")
    assert isinstance(got["existing"], Unknown) and isinstance(got["existingById"], Unknown)
    assert (got["symbol"], got["copy"], got["copyByName"]) == ("Flexible", 2, 1)


def test_copy_loop_by_concrete_name_and_unknown_count(tmp_path: Path) -> None:
    got, _ = read(tmp_path, [
        {**base(), "name": "[concat('vm', copyIndex())]", "copy": {"name": "vms", "count": 3},
         "properties": {"platformFaultDomainCount": "[copyIndex(1)]"}},
        {**base(), "name": "[concat('other', copyIndex())]", "copy": {"name": "others", "count": "[parameters('n')]"}},
        reader({
            "second": f"[reference(resourceId('{VMSS}', 'vm1')).platformFaultDomainCount]",
            "beyond": f"[reference(resourceId('{VMSS}', 'vm3')).platformFaultDomainCount]",
            "unknownIndex": f"[reference(resourceId('{VMSS}', concat('vm', parameters('i')))).platformFaultDomainCount]",
            "unknownCount": f"[reference(resourceId('{VMSS}', 'other0')).platformFaultDomainCount]",
        }),
    ], parameters={"n": {"type": "int"}, "i": {"type": "int"}})
    assert got["second"] == 2
    assert isinstance(got["beyond"], Unknown) and isinstance(got["unknownIndex"], Unknown) and isinstance(got["unknownCount"], Unknown)


def test_ambiguous_name_is_unknown(tmp_path: Path) -> None:
    got, _ = read(tmp_path, [
        base(),
        {"type": LB, "apiVersion": "2024-05-01", "name": "base", "properties": {"orchestrationMode": "Uniform"}},
        reader({"byName": "[reference('base').orchestrationMode]", "byId": f"[reference({BASE_ID}).orchestrationMode]"}),
    ])
    assert isinstance(got["byName"], Unknown) and got["byId"] == "Flexible"


def test_child_resource_and_deployment_outputs(tmp_path: Path) -> None:
    got, _ = read(tmp_path, [
        {**base(), "resources": [{"type": "extensions", "apiVersion": "2024-07-01", "name": "health", "properties": {"publisher": "Microsoft.ManagedServices"}}]},
        {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "settings",
         "properties": {"mode": "Incremental", "template": {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [],
                                                              "outputs": {"mode": {"type": "string", "value": "Flexible"}}}}},
        reader({
            "child": f"[reference(resourceId('{VMSS}/extensions', 'base', 'health')).publisher]",
            "childByName": "[reference('base/health').publisher]",
            "outputs": "[reference('settings').outputs.mode.value]",
        }),
    ])
    assert got["child"] == got["childByName"] == "Microsoft.ManagedServices"
    assert isinstance(got["outputs"], Unknown)


def test_inner_nested_deployment_reads_its_own_resources_only(tmp_path: Path) -> None:
    inner_template = {
        "$schema": SCHEMA, "contentVersion": "1.0.0.0",
        "resources": [
            {**base(), "name": "inner"},
            reader({"own": f"[reference(resourceId('{VMSS}', 'inner')).orchestrationMode]",
                    "outer": f"[reference({BASE_ID}).orchestrationMode]"}),
        ],
    }
    deployment = evaluate(tmp_path, {"resources": [
        base(),
        {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "nested",
         "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": inner_template}},
    ]})
    (resource,) = [item for item in deployment.resources if item.name == "default"]
    got = resource.get("properties")
    assert got["own"] == "Flexible" and isinstance(got["outer"], Unknown)


def test_reference_reads_make_the_parameter_explorable(tmp_path: Path) -> None:
    deployment = evaluate(tmp_path, {
        "parameters": {"mode": {"type": "string", "defaultValue": "Uniform", "allowedValues": ["Uniform", "Flexible"]}},
        "resources": [
            {**base(), "type": "Microsoft.Resources/tags", "properties": {"orchestrationMode": "[parameters('mode')]"}},
            {**base(), "name": "copy", "properties": {"orchestrationMode": "[reference('base').orchestrationMode]"}},
        ],
    })
    scale_set = next(item for item in deployment.resources if item.name == "copy")
    assert scale_set.get("properties.orchestrationMode") == "Uniform"
    assert [choice.name for choice in deployment.choices] == ["mode"]
    assert any("declared here" in related.message for related in scale_set.related_for(("properties", "orchestrationMode")))


def test_a_resource_not_deployed_is_not_evaluated_for_the_index(tmp_path: Path) -> None:
    # the usual guard: the name only evaluates when the condition holds
    got, codes = read(tmp_path, [
        {**base(), "condition": "[not(empty(parameters('optional')))]", "name": "[parameters('optional').name]"},
        reader({"mode": f"[reference({BASE_ID}).orchestrationMode]"}),
    ], parameters={"optional": {"type": "object", "defaultValue": {}}})
    assert isinstance(got["mode"], Unknown)
    assert codes == []


def overprovision_findings(tmp_path: Path, parameters: dict, resources: list) -> list[tuple[str, str]]:
    """(resource, message) of the VMSS-FLEX-032 findings of a linted template, variants explored."""
    from vmss_lint.config import Config
    from vmss_lint.engine import lint

    path = tmp_path / "main.json"
    path.write_text(json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters, "resources": resources}, indent=2))
    report = lint([path], Config())
    return [(finding.resource_name, finding.message) for finding in report.active_findings if finding.rule_id == "VMSS-FLEX-032"]


def test_allowed_value_variant_reaches_the_resource_that_reads_it(tmp_path: Path) -> None:
    """The copy reads the parameter only through reference(): exploring the parameter must re-evaluate it."""
    hits = overprovision_findings(
        tmp_path,
        {"mode": {"type": "string", "defaultValue": "Uniform", "allowedValues": ["Uniform", "Flexible"]}},
        [
            {**base(), "properties": {"orchestrationMode": "[parameters('mode')]", "platformFaultDomainCount": 1}},
            {**base(), "name": "copy", "properties": {
                "orchestrationMode": f"[reference({BASE_ID}).orchestrationMode]", "platformFaultDomainCount": 1, "overprovision": True}},
        ],
    )
    assert len(hits) == 1 and hits[0][0].startswith("copy") and "when mode = 'Flexible'" in hits[0][1]


def test_variant_where_the_parameter_decides_which_resource_a_reference_finds(tmp_path: Path) -> None:
    """The index of declared resources read the parameter (a name): the variant must not reuse it."""
    hits = overprovision_findings(
        tmp_path,
        {"source": {"type": "string", "defaultValue": "uniform", "allowedValues": ["uniform", "flexible"]}},
        [
            {**base(), "name": "uniform", "properties": {"orchestrationMode": "Uniform", "platformFaultDomainCount": 1}},
            {**base(), "name": "[if(equals(parameters('source'), 'flexible'), 'flexible', 'spare')]"},
            {**base(), "name": "copy", "properties": {
                "orchestrationMode": "[reference(parameters('source')).orchestrationMode]", "platformFaultDomainCount": 1, "overprovision": True}},
        ],
    )
    assert len(hits) == 1 and hits[0][0].startswith("copy") and "when source = 'flexible'" in hits[0][1]


def test_variant_of_an_unrelated_parameter_keeps_what_references_read(tmp_path: Path) -> None:
    from vmss_lint.discover import Kind, SourceJob

    path = tmp_path / "main.json"
    path.write_text(json.dumps({
        "$schema": SCHEMA, "contentVersion": "1.0.0.0",
        "parameters": {"size": {"type": "string", "defaultValue": "Standard_D2s_v5", "allowedValues": ["Standard_D2s_v5", "Standard_D4s_v5"]}},
        "resources": [
            {**base(), "sku": {"name": "[parameters('size')]", "capacity": 2}},
            {**base(), "name": "copy", "sku": {"name": "[parameters('size')]", "capacity": 2},
             "properties": {"orchestrationMode": f"[reference({BASE_ID}).orchestrationMode]", "platformFaultDomainCount": 1}},
        ],
    }, indent=2))
    loaded = load(SourceJob(path, path.name, Kind.ARM_TEMPLATE, []), Settings(root=str(tmp_path)))
    first = loaded.evaluate(None)
    variant = loaded.evaluate({"size": "Standard_D4s_v5"})
    for deployment, size in ((first, "Standard_D2s_v5"), (variant, "Standard_D4s_v5")):
        copy = next(item for item in deployment.resources if item.name == "copy")
        assert copy.get("properties.orchestrationMode") == "Flexible" and copy.get("sku.name") == size


def test_a_long_reference_chain_is_bounded(tmp_path: Path) -> None:
    chain = [reader({"next": "end"}, name="r0")] + [reader({"next": f"[reference('r{index - 1}').next]"}, name=f"r{index}") for index in range(1, 300)]
    deployment = evaluate(tmp_path, {"resources": list(reversed(chain))})
    values = {resource.name: resource.get("properties.next") for resource in deployment.resources}
    assert values["r1"] == "end" and isinstance(values["r299"], Unknown)
    assert "LINT-005" in [note.code for note in deployment.notes + deployment.diagnostics]


def test_reference_in_a_resource_name_does_not_loop(tmp_path: Path) -> None:
    # ARM rejects reference() in a name; here it must stay unknown, with a note, and end
    deployment = evaluate(tmp_path, {"resources": [
        reader({"a": "x"}, name="[reference('other').a]"),
        {**reader({"a": "[reference('default').a]"}), "name": "other", "condition": "[equals(reference('other').a, 'x')]"},
    ]})
    assert "LINT-005" in [note.code for note in deployment.notes + deployment.diagnostics]
    assert all(isinstance(resource.name, (str, Unknown)) for resource in deployment.resources)
