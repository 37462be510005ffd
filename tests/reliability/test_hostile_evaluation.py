"""Templates built to make the evaluator explode, loop or reach outside: each gets a clear diagnostic
within bounded time and memory, never a traceback, never a read outside the linted tree, never a network call."""

from __future__ import annotations

import json
import os
import resource
import socket
import time
from pathlib import Path

import pytest

from vmss_lint.config import Config
from vmss_lint.engine import Report, lint

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
VMSS = "Microsoft.Compute/virtualMachineScaleSets"
TIME_LIMIT = 20.0  # seconds: generous for a shared CI machine; each case takes well under one


def _template(resources: list, variables: dict | None = None, parameters: dict | None = None, functions: list | None = None) -> str:
    body: dict = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": resources}
    if variables:
        body["variables"] = variables
    if parameters:
        body["parameters"] = parameters
    if functions:
        body["functions"] = functions
    return json.dumps(body, indent=1)


def _scale_set(properties: dict, **extra: object) -> dict:
    return {"type": VMSS, "apiVersion": "2024-07-01", "name": "web", "location": "westeurope",
            "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": 1, **properties}, **extra}


def _lint(path: Path, **settings: object) -> tuple[Report, float, float]:
    """The report, the seconds taken and the growth of this process's peak memory in MB."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    config = Config()
    for name, value in settings.items():
        setattr(config, name, value)
    report = lint([path], config)
    elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert not [f for f in report.findings if f.rule_id == "LINT-014"], [f.message for f in report.findings]
    return report, elapsed, grown


def _messages(report: Report, code: str) -> list[str]:
    return [finding.message for result in report.files for finding in result.findings + result.notes if finding.rule_id == code]


def test_string_doubled_sixty_times_stops_at_the_size_bound(tmp_path: Path) -> None:
    variables = {"v0": "abcdefgh", **{f"v{i}": f"[concat(variables('v{i - 1}'), variables('v{i - 1}'))]" for i in range(1, 61)}}
    path = tmp_path / "double.json"
    path.write_text(_template([_scale_set({"x": "[variables('v60')]"})], variables))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    assert any("concat() builds a value larger than" in message for message in _messages(report, "LINT-005"))


def test_array_doubled_sixty_times_stops_at_the_size_bound(tmp_path: Path) -> None:
    variables = {"v0": ["x"], **{f"v{i}": f"[union(variables('v{i - 1}'), createArray(variables('v{i - 1}')), concat(variables('v{i - 1}'), variables('v{i - 1}')))]" for i in range(1, 61)}}
    path = tmp_path / "double-array.json"
    path.write_text(_template([_scale_set({"x": "[length(variables('v60'))]"})], variables))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    assert _messages(report, "LINT-005")


def test_objects_nesting_each_other_sixty_levels_stop_at_the_size_bound(tmp_path: Path) -> None:
    """No function involved: each variable is an object literal holding the previous one twice."""
    variables = {"v0": {"leaf": "x" * 10}, **{f"v{i}": {"a": f"[variables('v{i - 1}')]", "b": f"[variables('v{i - 1}')]"} for i in range(1, 61)}}
    path = tmp_path / "objects.json"
    path.write_text(_template([_scale_set({"x": "[variables('v60')]", "y": "[string(variables('v60'))]"})], variables))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    assert any("expands to more than" in message for message in _messages(report, "LINT-005"))


def test_many_references_to_a_large_value_stop_at_the_expansion_bound(tmp_path: Path) -> None:
    """Every value is below the per-value bound, but 200 copies of it in 800 resources are not checked."""
    variables = {"big": "[range(0, 10000)]"}
    looped = _scale_set({f"p{i}": "[variables('big')]" for i in range(200)}, copy={"name": "sets", "count": 800})
    looped["name"] = "[concat('web', copyIndex())]"
    path = tmp_path / "fanout.json"
    path.write_text(_template([looped], variables))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    assert any("the evaluated resources hold more than" in message for message in _messages(report, "LINT-005"))


def test_nested_copy_loops_stop_at_the_iteration_bound(tmp_path: Path) -> None:
    inner = {"name": "c", "count": 800, "input": {"copy": [{"name": "d", "count": 800, "input": "[copyIndex('d')]"}]}}
    variables = {"copy": [{"name": "outer", "count": 800, "input": {"copy": [inner]}}]}
    path = tmp_path / "nested-copy.json"
    path.write_text(_template([_scale_set({"x": "[length(variables('outer'))]"})], variables))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    # the per-file work budget (50,000 steps) now stops the product before the 100,000-iteration bound
    assert any("iterate more than" in message or "work budget" in message for message in _messages(report, "LINT-005"))


def test_copy_count_beyond_arms_limit_is_capped(tmp_path: Path) -> None:
    looped = _scale_set({}, copy={"name": "sets", "count": 100000})
    looped["name"] = "[concat('web', copyIndex())]"
    path = tmp_path / "copy.json"
    path.write_text(_template([looped]))
    report, elapsed, _ = _lint(path)
    assert elapsed < TIME_LIMIT
    assert any("exceeds ARM's limit of 800" in message for message in _messages(report, "LINT-005"))


def test_huge_widths_in_string_functions_are_refused_before_allocation(tmp_path: Path) -> None:
    properties = {
        "a": "[padLeft('x', 2000000000)]",
        "b": "[format('{0,-2000000000}', 'x')]",
        "c": "[format('{0:D2000000000}', 1)]",
        "d": "[replace(string(range(0, 10000)), ',', string(range(0, 10000)))]",
        "e": "[join(range(0, 10000), string(range(0, 10000)))]",
    }
    path = tmp_path / "widths.json"
    path.write_text(_template([_scale_set(properties)]))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    assert len(_messages(report, "LINT-005")) == len(properties)


def test_cyclic_variables_are_a_diagnostic(tmp_path: Path) -> None:
    variables = {"a": "[variables('b')]", "b": "[concat(variables('c'), 'x')]", "c": "[variables('a')]"}
    path = tmp_path / "cycle.json"
    path.write_text(_template([_scale_set({"x": "[variables('a')]"})], variables))
    report, elapsed, _ = _lint(path)
    assert elapsed < TIME_LIMIT
    assert any("refers to itself" in message for message in _messages(report, "LINT-005"))


def test_recursive_and_exploding_user_functions_are_bounded(tmp_path: Path) -> None:
    members = {
        "loop": {"parameters": [{"name": "n", "type": "int"}], "output": {"type": "int", "value": "[my.loop(parameters('n'))]"}},
        "twice": {"parameters": [{"name": "s", "type": "string"}], "output": {"type": "string", "value": "[concat(parameters('s'), parameters('s'))]"}},
    }
    nested = "'ab'"
    for _ in range(40):
        nested = f"my.twice({nested})"
    functions = [{"namespace": "my", "members": members}]
    path = tmp_path / "functions.json"
    path.write_text(_template([_scale_set({"x": "[my.loop(1)]", "y": f"[{nested}]"})], functions=functions))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    messages = _messages(report, "LINT-005")
    assert any("recurses deeper than" in message for message in messages)
    assert any("larger than" in message for message in messages)


def test_a_user_function_that_calls_itself_twice_is_bounded(tmp_path: Path) -> None:
    """Depth 64 bounds recursion, not its calls: two self-calls per level would mean 2**64 of them."""
    members = {"fork": {"parameters": [{"name": "n", "type": "int"}],
                        "output": {"type": "int", "value": "[add(my.fork(parameters('n')), my.fork(parameters('n')))]"}}}
    path = tmp_path / "fork.json"
    path.write_text(_template([_scale_set({"x": "[my.fork(1)]"})], functions=[{"namespace": "my", "members": members}]))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    assert any("called more than 10,000 times" in message for message in _messages(report, "LINT-005"))


def test_bicep_functions_that_double_their_calls_are_bounded(tmp_path: Path) -> None:
    lines = ["func f0(n int) int => n"] + [f"func f{level}(n int) int => f{level - 1}(n) + f{level - 1}(n)" for level in range(1, 40)]
    lines += ["resource set 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {", "  name: 'set'", "  properties: {", "    x: f39(1)", "  }", "}"]
    path = tmp_path / "fork.bicep"
    path.write_text("\n".join(lines) + "\n")
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 300
    assert any("called more than 10,000 times" in message for message in _messages(report, "LINT-005"))


def _linked(tmp_path: Path, relative: str) -> Report:
    inside = tmp_path / "tree"
    inside.mkdir(exist_ok=True)
    link = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
            "properties": {"mode": "Incremental", "templateLink": {"relativePath": relative}}}
    path = inside / "main.json"
    path.write_text(_template([link]))
    report, elapsed, grown = _lint(path)
    assert elapsed < TIME_LIMIT and grown < 100
    return report


def test_linked_template_outside_the_tree_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text(_template([_scale_set({"overprovision": True})]))
    report = _linked(tmp_path, "../secret.json")
    assert any("outside the linted tree" in message for message in _messages(report, "LINT-009"))
    assert not [f for f in report.findings if f.rule_id.startswith("VMSS")]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/stdin", "/dev/urandom"])
def test_linked_template_pointing_at_a_device_is_refused(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "dev.json").symlink_to(device)
    report = _linked(tmp_path, "dev.json")
    assert _messages(report, "LINT-009")


def test_linked_template_pointing_at_a_fifo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tree").mkdir()
    os.mkfifo(tmp_path / "tree" / "pipe.json")  # opening it for reading would block forever
    report = _linked(tmp_path, "pipe.json")
    assert any("not a regular file" in message for message in _messages(report, "LINT-009"))


def test_bicep_module_outside_the_tree_or_at_a_device_is_refused(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tmp_path / "outside.bicep").write_text("resource x 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: 'x'\n}\n")
    os.mkfifo(tree / "pipe.bicep")
    (tree / "zero.bicep").symlink_to("/dev/zero")
    (tree / "main.bicep").write_text(
        "module a '../outside.bicep' = {\n  name: 'a'\n}\n"
        "module b 'pipe.bicep' = {\n  name: 'b'\n}\n"
        "module c 'zero.bicep' = {\n  name: 'c'\n}\n"
        "var text = loadTextContent('pipe.bicep')\n"
    )
    report, elapsed, grown = _lint(tree / "main.bicep")
    assert elapsed < TIME_LIMIT and grown < 100
    assert len(_messages(report, "LINT-009")) >= 3


def test_no_network_for_registry_modules_and_remote_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registry modules and remote template links are reported, never fetched: any socket use fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("vmss-lint opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    (tmp_path / "main.bicep").write_text(
        "module registry 'br/public:avm/res/compute/virtual-machine-scale-set:0.1.0' = {\n  name: 'vmss'\n}\n"
        "module spec 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {\n  name: 'spec'\n}\n"
    )
    link = {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "remote",
            "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.com/azuredeploy.json"}}}
    (tmp_path / "remote.json").write_text(_template([link]))
    report, elapsed, _ = _lint(tmp_path)
    assert elapsed < TIME_LIMIT
    messages = _messages(report, "LINT-009")
    assert any("registry" in message for message in messages)
    assert any("remote URI" in message for message in messages)
