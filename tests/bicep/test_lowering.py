"""The Bicep lowering (issue 16): the ARM template form it builds, and what only the lowering must get right.
Behaviour held at the switch-over: tools/bicep_report_diff.py compares the reports of two revisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmss_lint.arm.reader import JsonObject, to_python
from vmss_lint.bicep import load_bicep
from vmss_lint.bicep.build import build_program
from vmss_lint.bicep.lower import lower_program
from vmss_lint.bicep.lowered import LoweredBicep
from vmss_lint.discover import Kind, SourceJob, parameter_file_for
from vmss_lint.frontend import Settings


def lowered(text: str) -> dict:
    root = lower_program(build_program(text), lambda name, args: None).root
    assert isinstance(root, JsonObject)
    return to_python(root)


def evaluate(path: Path):
    return load_bicep(SourceJob(path, path.name, Kind.BICEP, parameter_file_for(path)), Settings(root=str(path.parent))).evaluate()


@pytest.fixture
def lowering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_loops_conditions_and_modules_take_the_arm_form() -> None:
    template = lowered(
        "param names array = ['a']\n"
        "resource ips 'Microsoft.Network/publicIPAddresses@2024-05-01' = [for (n, i) in names: if (i > 0) {\n  name: n\n}]\n"
        "module m './m.bicep' = if (true) {\n  name: 'm'\n  params: {\n    p: names[0]\n  }\n}\n"
    )
    assert template["languageVersion"] == "2.0"
    ips = template["resources"]["ips"]
    assert ips["copy"] == {"name": "ips", "count": "[length(parameters('names'))]"}
    assert ips["condition"] == "[greater(copyIndex('ips'), 0)]"
    assert ips["name"] == "[parameters('names')[copyIndex('ips')]]"
    module = template["resources"]["m"]
    assert module["type"] == "Microsoft.Resources/deployments" and module["condition"] == "[true]"
    assert module["properties"]["expressionEvaluationOptions"] == {"scope": "inner"}
    assert module["properties"]["templateLink"] == {"relativePath": "./m.bicep"}
    assert module["properties"]["parameters"] == {"p": {"value": "[parameters('names')[0]]"}}


def test_the_switch_selects_the_lowering(lowering: Path) -> None:
    path = lowering / "main.bicep"
    path.write_text("resource r 'A.B/c@1' = {\n  name: 'r'\n}\n")
    loaded = load_bicep(SourceJob(path, path.name, Kind.BICEP, []), Settings(root=str(lowering)))
    assert isinstance(loaded, LoweredBicep)
    assert loaded.evaluate().resources[0].declared_at.column == 1


def test_module_outputs_are_known_before_the_module_is_declared(lowering: Path) -> None:
    (lowering / "m.bicep").write_text("param prefix string\noutput name string = '${prefix}-x'\n")
    path = lowering / "main.bicep"
    path.write_text(
        "resource r 'A.B/c@1' = {\n  name: 'r'\n  properties: {\n    got: later.outputs.name\n  }\n}\n"
        "module later 'm.bicep' = {\n  name: 'later'\n  params: {\n    prefix: first.outputs.name\n  }\n}\n"
        "module first 'm.bicep' = {\n  name: 'first'\n  params: {\n    prefix: 'p'\n  }\n}\n"
    )
    resource = evaluate(path).resources[0]
    assert resource.get("properties.got") == "p-x-x"


def test_a_chosen_branch_keeps_its_positions(lowering: Path) -> None:
    path = lowering / "main.bicep"
    path.write_text("param on bool = true\nresource r 'A.B/c@1' = {\n  name: 'r'\n  properties: on ? {\n    deep: 1\n  } : null\n}\n")
    resource = evaluate(path).resources[0]
    assert resource.get("properties.deep") == 1
    assert (resource.locate("properties.deep").line, resource.locate("properties.deep").column) == (5, 5)


def test_imported_variables_and_functions(lowering: Path) -> None:
    (lowering / "lib.bicep").write_text("@export()\nvar tier = 'T'\n\n@export()\nfunc name(n string) string => '${n}-${tier}'\n")
    path = lowering / "main.bicep"
    path.write_text(
        "import { name, tier } from 'lib.bicep'\nimport * as lib from 'lib.bicep'\n"
        "resource r 'A.B/c@1' = {\n  name: name('r')\n  properties: {\n    a: tier\n    b: lib.name('x')\n  }\n}\n"
    )
    resource = evaluate(path).resources[0]
    assert resource.name == "r-T" and resource.get("properties") == {"a": "T", "b": "x-T"}


def test_bicepparam_values_are_evaluated(lowering: Path) -> None:
    path = lowering / "main.bicep"
    path.write_text("param n string\nresource r 'A.B/c@1' = {\n  name: n\n}\n")
    (lowering / "main.bicepparam").write_text("using 'main.bicep'\nvar suffix = 'z'\nparam n = 'from-${suffix}'\n")
    deployment = evaluate(path)
    assert deployment.resources[0].name == "from-z"
