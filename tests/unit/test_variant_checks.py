"""A variant skips a check only when nothing the check read has changed."""

from __future__ import annotations

from vmss_lint.model import Resource
from vmss_lint.source import Location
from vmss_lint.variant_checks import CheckProfiles

HERE = Location("t.json", 1, 1, 1, 2)


def scale_set(body: dict) -> Resource:
    return Resource("Microsoft.Compute/virtualMachineScaleSets", "2024-07-01", "set", body, HERE)


def repeats(first: Resource, variant: Resource, reads: dict[str, list[tuple[str, object]]]):
    profiles = CheckProfiles()
    profiles.first([first])
    profiles.record(first, reads)
    [found] = profiles.pair([variant])
    return found


BODY = {"sku": {"name": "Standard_D2s_v5"}, "properties": {"disks": [{"size": 1}, {"size": 2}], "mode": "Flexible"}}


def test_a_check_whose_paths_did_not_change_is_skipped() -> None:
    variant = scale_set({**BODY, "sku": {"name": "Standard_B1ls"}})
    found = repeats(scale_set(BODY), variant, {"MODE": [("get", "properties.mode")], "SIZE": [("get", ("sku", "name"))]})
    assert found.known("MODE") is True
    assert found.known("SIZE") is False
    assert found.known("NOT-RECORDED") is False


def test_reads_above_below_and_across_arrays_see_a_change() -> None:
    changed = {**BODY, "properties": {**BODY["properties"], "disks": [{"size": 1}, {"size": 3}]}}
    found = repeats(scale_set(BODY), scale_set(changed), {
        "WHOLE": [("get", ())], "PARENT": [("get", "properties")], "EACH": [("each", "properties.disks[*].size")],
        "OTHER-ITEM": [("get", ("properties", "disks", 0, "size"))], "CASE": [("get", "PROPERTIES.Disks")],
    })
    assert not found.known("WHOLE") and not found.known("PARENT") and not found.known("EACH") and not found.known("CASE")
    assert found.known("OTHER-ITEM")


def test_a_different_resource_at_the_same_place_is_checked_in_full() -> None:
    other = Resource("Microsoft.Compute/virtualMachineScaleSets", "2024-07-01", "another", BODY, HERE)
    profiles = CheckProfiles()
    first = scale_set(BODY)
    profiles.first([first])
    profiles.record(first, {"MODE": [("get", "properties.mode")]})
    assert profiles.pair([other]) == [None]
    assert profiles.pair([first, other]) == [None, None]  # a different number of resources: no pairing


def test_values_that_differ_only_as_1_and_true_are_different() -> None:
    found = repeats(scale_set({"properties": {"flag": 1}}), scale_set({"properties": {"flag": True}}), {"FLAG": [("get", "properties.flag")]})
    assert found.known("FLAG") is False


def test_checks_read_their_resource_through_get_and_each() -> None:
    """Read tracking sees `get` and `each` only: a check that read `resource.body` directly could be
    skipped in a variant although what it read changed."""
    import ast
    from pathlib import Path

    offenders = []
    for path in sorted((Path(__file__).resolve().parents[2] / "rules").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.args.args):
            checked = function.args.args[0].arg
            for node in ast.walk(function):
                if isinstance(node, ast.Attribute) and node.attr == "body" and isinstance(node.value, ast.Name) and node.value.id == checked:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
