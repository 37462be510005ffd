#!/usr/bin/env python3
"""Derive `schemas/api-firstseen.json` (the data behind VMSS-GEN-005 and VMSS-UNI-001).

Inputs (read-only reference material, by default the `shared` folder next to the repository):
  <shared>/facts/api-firstseen/*.tsv     one row per property path: path, first version, enum values
  <shared>/azure-schemas/compute/*.json  the ARM deployment schemas of Microsoft.Compute, one per version

Output: compact, deterministic JSON (sorted keys, no timestamps), one entry per resource type with
  versions      the apiVersions the schemas declare for that type (its `apiVersion` enum), sorted
  paths         case-folded property path (arrays as `[*]`) -> first apiVersion in which it exists
  enums         case-folded path -> {case-folded enum value -> first apiVersion}
plus `compute_versions`, every Microsoft.Compute schema version.

Re-run it when Azure publishes new Compute API versions (refresh the inputs first):
    python tools/derive_api_versions.py [--shared ../shared] [--output schemas/api-firstseen.json]

How the rows are turned into data, and why:
* ARM matches property names case-insensitively, so paths are case-folded and a path's first version is
  the earliest over all its spellings (2015-06-15 `overProvision` makes `overprovision` valid there).
* A path is kept only if some spelling of it still exists in the newest schema (no "last seen" mark).
  Rows of removed paths come from hand-written or oddly structured old schemas and are not reliable
  enough to call a template wrong; they only lower the first version of a surviving spelling.
* The TSV labels versions by schema file. The 2015-08-01 file declares the apiVersions 2015-05-01-preview
  and 2015-06-15, so a first-seen label is mapped to the oldest apiVersion its file declares.
* The two spellings of the scale-set VM child type (`virtualMachineScaleSets_virtualmachines` up to
  2021-07-01, `..._virtualMachines` after) are merged into one resource type.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TYPES = {
    "vmss": "Microsoft.Compute/virtualMachineScaleSets",
    "vm": "Microsoft.Compute/virtualMachines",
    "avset": "Microsoft.Compute/availabilitySets",
    "vmssvm": "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
    "vmssvm2": "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
}
# Schema resourceDefinitions keys of those types (compared case-folded).
DEFINITIONS = {
    "virtualmachinescalesets": TYPES["vmss"],
    "virtualmachines": TYPES["vm"],
    "availabilitysets": TYPES["avset"],
    "virtualmachinescalesets_virtualmachines": TYPES["vmssvm"],
}
# apiVersions the Compute resource provider advertises that no published schema declares. Source: the
# service's own NoRegisteredProviderFound text ("The supported api-versions are '2015-05-01-preview,
# 2015-06-15, 2016-03-30, 2016-04-30-preview, 2016-08-30, 2017-03-30, ...'"), quoted in
# MicrosoftDocs/azure-docs PR #62621 (2020-09-14). Listing them keeps VMSS-UNI-001 quiet on real versions.
ADVERTISED_WITHOUT_SCHEMA = {
    TYPES["vmss"]: ("2016-08-30",),
    TYPES["vm"]: ("2016-08-30",),
    TYPES["avset"]: ("2016-08-30",),
}
VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}(-[A-Za-z]+)?$")
FIRST_SEEN = re.compile(r"^(?P<first>\S+)(?:\s+\(last seen (?P<last>[^)]+)\))?$")


def version_key(version: str) -> tuple[str, int, str]:
    """Date first; a suffixed version (`-preview`) sorts after the GA version of the same date.

    The same order as `vmss_lint.azure.api_versions.version_key` (kept standalone so the tool needs no install).
    """
    date, suffix = version[:10], version[11:]
    return (date, 1 if suffix else 0, suffix.casefold())


def schema_versions(schema_dir: Path) -> tuple[list[str], dict[str, dict[str, list[str]]]]:
    """All schema labels, and per schema label and resource type the apiVersions that file declares."""
    labels: list[str] = []
    declared: dict[str, dict[str, list[str]]] = {}
    for file in sorted(schema_dir.glob("*.json")):
        label = file.stem
        labels.append(label)
        document = json.loads(file.read_text(encoding="utf-8-sig"))
        for key, definition in (document.get("resourceDefinitions") or {}).items():
            resource_type = DEFINITIONS.get(key.casefold())
            if resource_type is None:
                continue
            enum = (((definition.get("properties") or {}).get("apiVersion")) or {}).get("enum") or [label]
            declared.setdefault(label, {})[resource_type] = sorted({str(value) for value in enum}, key=version_key)
    return sorted(labels, key=version_key), declared


def read_tsv(path: Path) -> list[tuple[str, str, bool, list[tuple[str, str]]]]:
    """Rows as (path, first label, still present, [(enum value, first label)])."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        prop, seen = fields[0], fields[1]
        enum_text = fields[2] if len(fields) > 2 else ""
        match = FIRST_SEEN.match(seen.strip())
        if match is None:
            raise SystemExit(f"{path.name}: cannot read the first-seen column {seen!r}")
        enums = []
        for item in filter(None, (part.strip() for part in enum_text.split(";"))):
            value, _, label = item.rpartition("@")
            enums.append((value, label))
        rows.append((prop, match.group("first"), match.group("last") is None, enums))
    return rows


def fold_path(path: str) -> str:
    return path.replace("[]", "[*]").casefold()


def derive(shared: Path) -> dict:
    schema_dir = shared / "azure-schemas" / "compute"
    tsv_dir = shared / "facts" / "api-firstseen"
    if not schema_dir.is_dir() or not tsv_dir.is_dir():
        raise SystemExit(f"inputs not found under {shared}: need azure-schemas/compute/ and facts/api-firstseen/")
    labels, declared = schema_versions(schema_dir)

    def effective(label: str, resource_type: str) -> str:
        versions = declared.get(label, {}).get(resource_type)
        return min([label, *versions], key=version_key) if versions else label

    out: dict[str, dict] = {}
    for tsv in sorted(tsv_dir.glob("*_firstseen.tsv")):
        resource_type = TYPES.get(tsv.name.split("_firstseen")[0])
        if resource_type is None:
            continue
        entry = out.setdefault(resource_type, {"first": {}, "alive": set(), "enums": {}})
        for prop, first, alive, enums in read_tsv(tsv):
            if prop.casefold() in ("apiversion", "type", "name"):
                continue
            key = fold_path(prop)
            first = effective(first, resource_type)
            entry["first"][key] = min(entry["first"].get(key, first), first, key=version_key)
            if alive:
                entry["alive"].add(key)
            for value, label in enums:
                seen = effective(label, resource_type)
                values = entry["enums"].setdefault(key, {})
                folded = value.casefold()
                values[folded] = min(values.get(folded, seen), seen, key=version_key)

    types: dict[str, dict] = {}
    for resource_type in sorted(out):
        entry = out[resource_type]
        versions = {version for per_type in declared.values() for version in per_type.get(resource_type, [])}
        versions.update(ADVERTISED_WITHOUT_SCHEMA.get(resource_type, ()))
        paths = {key: entry["first"][key] for key in sorted(entry["alive"])}
        enums = {key: dict(sorted(values.items())) for key, values in sorted(entry["enums"].items()) if key in paths}
        types[resource_type] = {
            "versions": sorted(versions, key=version_key),
            "paths": paths,
            "enums": enums,
        }
    bad = [version for version in labels if not VERSION.match(version)]
    if bad:
        raise SystemExit(f"unexpected schema file names: {bad}")
    return {
        "$comment": "Generated by tools/derive_api_versions.py from facts/api-firstseen/*.tsv and "
        "azure-schemas/compute/*.json; do not edit by hand.",
        "compute_versions": labels,
        "resource_types": types,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared reference folder (default: ../shared next to the repository)")
    parser.add_argument("--output", type=Path, default=REPO / "schemas" / "api-firstseen.json")
    args = parser.parse_args(argv)
    data = derive(args.shared)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True) + "\n"
    args.output.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{name.rsplit('/', 1)[-1]}: {len(entry['paths'])} paths"
                       for name, entry in data["resource_types"].items())
    print(f"wrote {args.output} ({counts})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
