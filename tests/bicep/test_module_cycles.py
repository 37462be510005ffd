"""Bicep module cycles are found from the module paths before evaluation: each module that closes a cycle is
one LINT-010 naming the cycle and is not evaluated, however many loops lead to it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from vmss_lint.bicep.module_cycles import closing_links

SCALE_SET = """resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: 'web'
  location: 'westeurope'
  properties: { orchestrationMode: 'Flexible', overprovision: true }
}
"""


def lint(*paths: Path) -> Result:
    from vmss_lint.cli import main

    return CliRunner().invoke(main, ["check", "--format", "json", *map(str, paths)], catch_exceptions=False)


def graph(edges: dict[str, list[str]]) -> list[tuple[str, str, tuple[str, ...]]]:
    found = closing_links("a", lambda file: [(f"{file}->{target}", target) for target in edges.get(file, [])])
    return [(closing.link, closing.declared_in, closing.cycle) for closing in found]


def test_a_self_reference_closes_a_cycle_of_one_file() -> None:
    assert graph({"a": ["a"]}) == [("a->a", "a", ("a", "a"))]


def test_the_link_back_to_a_file_being_walked_closes_the_cycle() -> None:
    assert graph({"a": ["b"], "b": ["c"], "c": ["a", "b"]}) == [
        ("c->a", "c", ("a", "b", "c", "a")),
        ("c->b", "c", ("b", "c", "b")),
    ]


def test_a_diamond_has_no_cycle() -> None:
    assert graph({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}) == []


def test_a_chain_of_ten_thousand_files_does_not_recurse() -> None:
    edges = {str(index): [str(index + 1)] for index in range(10_000)}
    edges["a"] = ["0"]
    edges["10000"] = ["a"]
    [(link, declared_in, cycle)] = graph(edges)
    assert (link, declared_in, len(cycle)) == ("10000->a", "10000", 10_003)


def test_a_module_loop_over_a_cycle_is_one_finding_and_the_rest_is_checked(tmp_path: Path) -> None:
    loop = "[for i in range(0, 800): { name: 'm${i}' }]"
    (tmp_path / "main.bicep").write_text(f"module a 'a.bicep' = {loop}\nmodule b 'a.bicep' = {loop}\n", encoding="utf-8")
    (tmp_path / "a.bicep").write_text(f"module back 'main.bicep' = {loop}\n" + SCALE_SET, encoding="utf-8")
    run = lint(tmp_path / "main.bicep")
    findings = [(item["ruleId"], Path(item["path"]).name, item["line"], item["message"]) for item in _findings(run)]
    cycles = [finding for finding in findings if finding[0] == "LINT-010"]
    assert cycles == [("LINT-010", "a.bicep", 1, "the module 'back' makes a cycle (main.bicep -> a.bicep -> main.bicep): Bicep refuses it, it is not evaluated")]
    assert any(rule == "VMSS-FLEX-032" and path == "a.bicep" for rule, path, _, _ in findings)  # a.bicep is still checked
    assert not [finding for finding in findings if finding[0] in ("LINT-005", "LINT-014")]  # no budget spent, no internal error


def test_a_file_that_uses_itself_says_so_at_its_module(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text("module again 'main.bicep' = {\n  name: 'again'\n}\n" + SCALE_SET, encoding="utf-8")
    findings = _findings(lint(tmp_path / "main.bicep"))
    [cycle] = [item for item in findings if item["ruleId"] == "LINT-010"]
    assert (cycle["line"], cycle["column"]) == (1, 14)
    assert "(main.bicep -> main.bicep)" in cycle["message"]


def _findings(run: Result) -> list[dict]:
    import json

    findings: list[dict] = json.loads(run.output)["findings"]
    return findings


def test_a_module_path_with_a_nul_character_is_refused_at_the_path(tmp_path: Path) -> None:
    """Found by benchmarks/fuzz.py (bicep files): was LINT-014 "embedded null byte"."""
    (tmp_path / "main.bicep").write_text("module network 'm\0dules/network.bicep' = {\n  name: 'network'\n}\n" + SCALE_SET, encoding="utf-8")
    findings = _findings(lint(tmp_path / "main.bicep"))
    assert [item["ruleId"] for item in findings if item["ruleId"].startswith("LINT")] == ["LINT-009"]
    assert "holds a NUL character" in findings[0]["message"] or any("NUL" in item["message"] for item in findings)
