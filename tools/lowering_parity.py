"""Parity of the Bicep lowering (issue 16): every Bicep file of the repository, evaluated by the Bicep
evaluator and, lowered, by the ARM evaluator, must give the same resources and the same findings.

Compared per file: resources keyed by (type, name, iteration) with their existing flag, evaluated body
(Unknown as one marker) and the line/column of every located property path; and the (rule id, line,
column) of every finding `lint` reports. `python tools/lowering_parity.py [--verbose] [paths]` prints the
figure and every difference; tests/bicep/test_lowering_parity.py runs the same comparison.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SWITCH = "VMSS_LINT_BICEP_LOWERING"


def bicep_files(root: Path = ROOT) -> list[Path]:
    """Every Bicep template under fixtures/ and tests/ (modules and corpus included), sorted."""
    return sorted(path for folder in ("fixtures", "tests") for path in (root / folder).rglob("*.bicep"))


def _normal(value: Any) -> Any:
    from vmss_lint.values import Unknown

    if isinstance(value, Unknown):
        return "<unknown>"
    if isinstance(value, dict):
        return {str(key): _normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    return value


def _leaf_paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _leaf_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _leaf_paths(item, path + (index,))
    return found


def resources(path: Path, lowered: bool) -> dict[tuple, Any]:
    """The resources one evaluation (without overrides) gives, keyed by (type, name, iteration)."""
    from vmss_lint.discover import discover
    from vmss_lint.frontend import Settings, load

    previous = os.environ.get(SWITCH)
    os.environ[SWITCH] = "1" if lowered else "0"
    try:
        found = discover([path], root=path.parent)
        result: dict[tuple, Any] = {}
        for job in found.jobs:
            deployment = load(job, Settings(root=str(job.root))).evaluate()
            for resource in deployment.resources:
                name = resource.name if isinstance(resource.name, str) else "<unknown>"
                key = (resource.type.casefold(), name, resource.iteration or "")
                body = _normal(resource.body)
                located = {
                    "/".join(map(str, leaf)): (resource.locate(leaf).path, resource.locate(leaf).line, resource.locate(leaf).column)
                    for leaf in _leaf_paths(resource.body)
                }
                declared = (resource.declared_at.path, resource.declared_at.line, resource.declared_at.column)
                result.setdefault(key, []).append({"existing": resource.existing, "body": body, "locations": located, "declared": declared})
        return result
    finally:
        if previous is None:
            os.environ.pop(SWITCH, None)
        else:
            os.environ[SWITCH] = previous


def findings(path: Path, lowered: bool) -> set[tuple[str, str, int, int, bool]]:
    from vmss_lint.config import Config
    from vmss_lint.engine import lint

    previous = os.environ.get(SWITCH)
    os.environ[SWITCH] = "1" if lowered else "0"
    try:
        report = lint([path], Config())
        return {
            (finding.rule_id, finding.location.path, finding.location.line, finding.location.column, bool(finding.suppressed))
            for finding in report.findings
            if not finding.rule_id.startswith("LINT-")
        }
    finally:
        if previous is None:
            os.environ.pop(SWITCH, None)
        else:
            os.environ[SWITCH] = previous


def diagnostics(path: Path, lowered: bool) -> set[tuple[str, str, int, int]]:
    """The input diagnostics and notes (LINT-*) one evaluation gives: compared for information only
    (their messages, and some of their places, are the ARM evaluator's)."""
    from vmss_lint.discover import discover
    from vmss_lint.frontend import Settings, load

    previous = os.environ.get(SWITCH)
    os.environ[SWITCH] = "1" if lowered else "0"
    try:
        found = discover([path], root=path.parent)
        return {
            (item.code, item.location.path, item.location.line, item.location.column)
            for job in found.jobs
            for deployment in [load(job, Settings(root=str(job.root))).evaluate()]
            for item in deployment.diagnostics + deployment.notes
        }
    finally:
        if previous is None:
            os.environ.pop(SWITCH, None)
        else:
            os.environ[SWITCH] = previous


def compare(path: Path) -> list[str]:
    """Every difference between the two evaluations of one file, as `class: detail` lines."""
    differences: list[str] = []
    before, after = resources(path, False), resources(path, True)
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            differences.append(f"{'extra' if old is None else 'missing'} resource: {key}")
            continue
        if len(old) != len(new):
            differences.append(f"resource count: {key} {len(old)} != {len(new)}")
            continue
        for first, second in zip(old, new):
            if first["existing"] != second["existing"]:
                differences.append(f"existing flag: {key}")
            if first["body"] != second["body"]:
                differences.append(f"body: {key}: {_first_difference(first['body'], second['body'])}")
            if first["declared"] != second["declared"]:
                differences.append(f"declared at: {key}: {first['declared']} != {second['declared']}")
            for leaf in sorted(set(first["locations"]) & set(second["locations"])):
                if first["locations"][leaf] != second["locations"][leaf]:
                    differences.append(f"location: {key} {leaf}: {first['locations'][leaf]} != {second['locations'][leaf]}")
                    break
    old_findings, new_findings = findings(path, False), findings(path, True)
    for finding in sorted(old_findings - new_findings):
        differences.append(f"finding lost: {finding}")
    for finding in sorted(new_findings - old_findings):
        differences.append(f"finding added: {finding}")
    return differences


def _first_difference(old: Any, new: Any, path: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                return f"{path}/{key}: {'absent' if key not in old else repr(old[key])[:60]} != {'absent' if key not in new else repr(new[key])[:60]}"
            if old[key] != new[key]:
                return _first_difference(old[key], new[key], f"{path}/{key}")
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (first, second) in enumerate(zip(old, new)):
            if first != second:
                return _first_difference(first, second, f"{path}/{index}")
    return f"{path}: {repr(old)[:80]} != {repr(new)[:80]}"


def main(arguments: list[str]) -> int:
    verbose = "--verbose" in arguments
    paths = [Path(argument) for argument in arguments if not argument.startswith("--")] or bicep_files()
    equal = 0
    if "--diagnostics" in arguments:  # the LINT-* diagnostics and notes, for information
        same = 0
        for path in paths:
            before, after = diagnostics(path, False), diagnostics(path, True)
            same += before == after
            if before != after and verbose:
                print(f"{path}:")
                for item in sorted(before - after):
                    print(f"    only Bicep evaluator: {item}")
                for item in sorted(after - before):
                    print(f"    only lowering: {item}")
        print(f"diagnostics: {same}/{len(paths)} files equal")
    for path in paths:
        try:
            differences = compare(path)
        except Exception as error:  # a crash is a difference too
            differences = [f"crash: {type(error).__name__}: {error}"]
        if not differences:
            equal += 1
        elif verbose:
            print(f"{path.relative_to(ROOT) if path.is_absolute() else path}:")
            for line in differences:
                print(f"    {line}")
    print(f"parity: {equal}/{len(paths)} files equal")
    return 0 if equal == len(paths) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
