"""Issue 15: each hostile input from the attack write-up, run by the CLI in a bounded child process
(bounded.py: wall-clock timeout and address-space limit), so a regression fails instead of hanging CI."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from bounded import run_lint

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
MEMORY = 768 * 1024 * 1024


def _arm(resources: list, **extra: object) -> str:
    return json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": resources, **extra})


def _deployment(name: str, path: str) -> dict:
    return {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": name,
            "properties": {"mode": "Incremental", "templateLink": {"relativePath": path}}}


def test_doubling_interpolation_is_bounded(tmp_path: Path) -> None:
    lines = ["var v0 = 'ab'"] + [f"var v{i} = '${{v{i - 1}}}${{v{i - 1}}}'" for i in range(1, 41)] + ["output o string = v40"]
    (tmp_path / "main.bicep").write_text("\n".join(lines) + "\n")
    done = run_lint(["main.bicep"], tmp_path, timeout=30, memory=MEMORY)
    assert "LINT-005" in done.stdout and "builds a value larger than" in done.stdout  # the lowered interpolation is concat()


def test_doubling_spread_is_bounded(tmp_path: Path) -> None:
    lines = ["var a0 = [1, 2]"] + [f"var a{i} = [...a{i - 1}, ...a{i - 1}]" for i in range(1, 41)] + ["output o array = a40"]
    (tmp_path / "main.bicep").write_text("\n".join(lines) + "\n")
    done = run_lint(["main.bicep"], tmp_path, timeout=30, memory=MEMORY)
    assert "LINT-005" in done.stdout


def test_doubling_function_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text(
        "func twice(v array) array => [...v, ...v]\n"
        + "var a0 = [1]\n" + "".join(f"var a{i} = twice(twice(a{i - 1}))\n" for i in range(1, 25)) + "output o array = a24\n"
    )
    done = run_lint(["main.bicep"], tmp_path, timeout=30, memory=MEMORY)
    assert "LINT-005" in done.stdout


def test_nested_map_over_range_stops_while_building(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("var m = map(range(0, 10000), i => map(range(0, 10000), j => j))\noutput o array = m\n")
    done = run_lint(["main.bicep"], tmp_path, timeout=45, memory=MEMORY)
    assert "LINT-005" in done.stdout


def test_modules_calling_the_next_file_twice_18_deep(tmp_path: Path) -> None:
    for index in range(18):
        (tmp_path / f"m{index}.bicep").write_text(f"module a 'm{index + 1}.bicep' = {{ name: 'a' }}\nmodule b 'm{index + 1}.bicep' = {{ name: 'b' }}\n")
    (tmp_path / "m18.bicep").write_text("resource r 'Microsoft.Network/virtualNetworks@2023-04-01' = { name: 'x', location: 'y' }\n")
    done = run_lint(["m0.bicep"], tmp_path, timeout=30, memory=MEMORY)
    assert "work budget" in done.stdout


def test_module_loops_over_module_loops(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("module m 'inner.bicep' = [for i in range(0, 800): { name: 'm${i}' }]\n")
    (tmp_path / "inner.bicep").write_text("module n 'leaf.bicep' = [for j in range(0, 800): { name: 'n${j}' }]\n")
    (tmp_path / "leaf.bicep").write_text("resource r 'Microsoft.Network/virtualNetworks@2023-04-01' = { name: 'x', location: 'y' }\n")
    done = run_lint(["main.bicep"], tmp_path, timeout=30, memory=MEMORY)
    assert "work budget" in done.stdout


def test_file_that_uses_itself_twice_is_a_named_cycle(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("module m1 'main.bicep' = { name: 'm1' }\nmodule m2 'main.bicep' = { name: 'm2' }\n")
    done = run_lint(["main.bicep"], tmp_path, timeout=20, memory=MEMORY)
    assert done.returncode == 1 and "LINT-010" in done.stdout and "cycle (main.bicep -> main.bicep)" in done.stdout


def test_linked_template_that_links_itself_twice_is_a_named_cycle(tmp_path: Path) -> None:
    (tmp_path / "main.json").write_text(_arm([_deployment("a", "main.json"), _deployment("b", "main.json")]))
    done = run_lint(["main.json"], tmp_path, timeout=20, memory=MEMORY)
    assert "cycle (main.json -> main.json)" in done.stdout


@pytest.mark.parametrize(("name", "text"), [
    ("object", "var o = {\n" + "".join(f"  p{i}: {i}\n" for i in range(40_000)) + "}\n"),
    ("array", "var a = [\n" + "".join(f"  {i}\n" for i in range(150_000)) + "]\n"),
])
def test_large_bicep_lists_parse_in_linear_time(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / f"{name}.bicep").write_text(text)
    done = run_lint([f"{name}.bicep"], tmp_path, timeout=120, memory=MEMORY)
    assert done.returncode == 0


def test_million_duplicate_keys_give_a_capped_report(tmp_path: Path) -> None:
    members = ",".join('"a":1' for _ in range(1_000_000))
    (tmp_path / "dup.json").write_text('{"$schema":"' + SCHEMA + '","resources":[],"variables":{' + members + "}}")
    done = run_lint(["dup.json", "--format", "json"], tmp_path, timeout=60, memory=1536 * 1024 * 1024)
    report = json.loads(done.stdout)
    assert len(report["findings"]) <= 1001
    assert any("more duplicate keys" in finding["message"] for finding in report["findings"])


@pytest.mark.parametrize("text", ["var a = '${a b}'\n", "var b = '${}'\n", "var c = '\\u{110000}'\n", "var d = " + "9" * 5000 + "\n"])
def test_bicep_typos_are_syntax_errors_at_the_place(tmp_path: Path, text: str) -> None:
    (tmp_path / "main.bicep").write_text(text + "var ok = 1\n")
    done = run_lint(["main.bicep"], tmp_path, timeout=20, memory=MEMORY)
    assert "LINT-006" in done.stdout and "LINT-014" not in done.stdout and "main.bicep:1:1:" not in done.stdout


def test_arm_date_past_year_9999_is_unknown_with_a_note(tmp_path: Path) -> None:
    vmss = {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "x", "location": "y",
            "tags": {"t": "[dateTimeFromEpoch(253402300800)]"}, "properties": {"orchestrationMode": "Flexible"}}
    (tmp_path / "main.json").write_text(_arm([vmss]))
    done = run_lint(["main.json", "-v"], tmp_path, timeout=20, memory=MEMORY)
    assert "LINT-004" in done.stdout and "year 10000" in done.stdout and "LINT-014" not in done.stdout


def test_huge_integer_and_lone_surrogate_and_nul_relative_path(tmp_path: Path) -> None:
    vmss = {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "x\ud800", "location": "y",
            "properties": {"orchestrationMode": "Flexible"}}
    (tmp_path / "surrogate.json").write_text(_arm([vmss, _deployment("n", "a\u0000b.json")]))
    (tmp_path / "integer.json").write_text(_arm([]).replace('"resources"', '"variables": {"v": ' + "9" * 5000 + '}, "resources"'))
    for arguments in (["."], [".", "--format", "json"], [".", "--format", "sarif"], [".", "--format", "github"]):
        done = run_lint(arguments, tmp_path, timeout=30, memory=MEMORY)
        assert done.returncode in (0, 1) and "LINT-014" not in done.stdout
    assert "LINT-001" in run_lint(["integer.json"], tmp_path).stdout


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_file_names_with_bad_bytes_and_newlines(tmp_path: Path) -> None:
    vmss = {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "x", "location": "y",
            "properties": {"orchestrationMode": "Flexible"}}
    os.makedirs(tmp_path, exist_ok=True)
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.json"), "w") as handle:
        handle.write(_arm([vmss]))
    (tmp_path / "nl\n::error ::x.json").write_text(_arm([vmss]))
    for arguments in (["."], [".", "--format", "sarif"], [".", "--format", "json"], [".", "--jobs", "2"]):
        done = run_lint(arguments, tmp_path, timeout=30, memory=MEMORY)
        assert done.returncode in (0, 1), done.stderr
    text = run_lint(["."], tmp_path).stdout
    assert not any(line.startswith("::") for line in text.splitlines())
    assert "nl\\x0a::error ::x.json" in text


def test_unreadable_proc_link_does_not_end_the_run(tmp_path: Path) -> None:
    if not os.path.lexists("/proc/1/root"):
        pytest.skip("needs /proc")
    (tmp_path / "p.bicep").symlink_to("/proc/1/root/etc/hostname")
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    done = run_lint([".", "-v"], tmp_path, timeout=20, memory=MEMORY)
    assert done.returncode == 0 and "in 1 file" in done.stdout


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["VMSS","VMSS","VMSS","VMSS","VMSS","VMSS","VMSS","VMSS","VMSS"]']
    for index in range(1, 9):
        before, name = chr(96 + index), chr(97 + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{before}"] * 9) + "]")
    (tmp_path / ".vmss-lint.yaml").write_text("\n".join(lines) + "\nselect: *i\n")
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    done = run_lint(["."], tmp_path, timeout=20, memory=MEMORY)
    assert done.returncode == 2 and "alias" in done.stderr


@pytest.mark.parametrize("text", ["options:\n  x: " + "[" * 5000 + "]" * 5000 + "\n", "select: " + "[" * 5000 + "\n"])
def test_deep_yaml_is_a_configuration_error(tmp_path: Path, text: str) -> None:
    (tmp_path / ".vmss-lint.yaml").write_text(text)
    done = run_lint(["."], tmp_path, timeout=20, memory=MEMORY)
    assert done.returncode == 2 and "vmss-lint:" in done.stderr


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "main.bicep"
    template.write_text("param a int = 1\n")
    for output in ("main.bicep", "./x/../main.bicep"):
        done = run_lint(["main.bicep", "-o", output], tmp_path)
        assert done.returncode == 2 and "would replace" in done.stderr
    assert run_lint([".", "-o", "main.bicep"], tmp_path).returncode == 2
    assert template.read_text() == "param a int = 1\n"


@pytest.mark.parametrize("arguments", [["--select", "NOPE-999"], ["--ignore", "VMSS-FLX-001"]])
def test_unknown_selectors_are_usage_errors(tmp_path: Path, arguments: list) -> None:
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    done = run_lint([".", *arguments], tmp_path)
    assert done.returncode == 2 and "matches no rule" in done.stderr
    if arguments[1] == "VMSS-FLX-001":
        assert "VMSS-FLEX-001" in done.stderr


def test_unknown_selector_in_the_configuration_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".vmss-lint.yaml").write_text("select: [NOPE]\n")
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    assert run_lint(["."], tmp_path).returncode == 2


@pytest.mark.parametrize(("opening", "closing"), [("(", ")"), ("[", "]")])
def test_bicep_nesting_is_a_syntax_error_at_the_place(tmp_path: Path, opening: str, closing: str) -> None:
    (tmp_path / "main.bicep").write_text("var a = " + opening * 500 + "1" + closing * 500 + "\nvar ok = 1\n")
    done = run_lint(["main.bicep"], tmp_path)
    assert "LINT-006" in done.stdout and "nest more than" in done.stdout


def test_two_allowed_value_parameters_are_not_called_free(tmp_path: Path) -> None:
    parameters = {name: {"type": "string", "defaultValue": "Flexible", "allowedValues": ["Flexible", "Uniform"]} for name in ("p0", "p1")}
    resources = [{"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": name, "location": "y",
                  "properties": {"orchestrationMode": f"[parameters('{name}')]", "platformFaultDomainCount": 1}} for name in ("p0", "p1")]
    (tmp_path / "main.json").write_text(_arm(resources, parameters=parameters))
    assert "accepts any value" not in run_lint(["main.json"], tmp_path).stdout


def test_baseline_entries_that_are_not_objects_are_refused(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("param a int = 1\n")
    (tmp_path / "baseline.json").write_text('{"version": 1, "tool": "vmss-lint", "findings": [1, null]}')
    done = run_lint([".", "--baseline", "baseline.json"], tmp_path)
    assert done.returncode == 2 and "entry 1" in done.stderr


def test_verbose_notes_are_counted(tmp_path: Path) -> None:
    vmss = {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "x", "location": "y",
            "tags": {"t": "[dateTimeFromEpoch(253402300800)]"}, "properties": {"orchestrationMode": "Flexible"}}
    (tmp_path / "main.json").write_text(_arm([vmss]))
    assert "1 note in 1 file" in run_lint(["main.json", "-v"], tmp_path).stdout
