"""Compare `vmss-lint --format json` reports over every Bicep file, before and after a change.

`python tools/bicep_report_diff.py save DIR [paths]` writes one report per Bicep file (of fixtures/, tests/
and ../shared/corpus unless paths are given) into DIR; `python tools/bicep_report_diff.py compare OLD NEW`
prints every file whose report differs, with the differing findings, diagnostics and notes. Run `save` on
the old revision (a `git worktree` of it) and on the new one, then `compare`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def bicep_files(paths: list[str]) -> list[Path]:
    folders = [Path(path) for path in paths] or [ROOT / "fixtures", ROOT / "tests", CORPUS]
    found: list[Path] = []
    for folder in folders:
        if folder.is_file():
            found.append(folder.resolve())
        elif folder.is_dir():
            found += [path.resolve() for path in folder.rglob("*.bicep")]
    return sorted(set(found))


def _name(path: Path) -> str:
    try:
        relative = path.relative_to(ROOT)
    except ValueError:
        relative = path.relative_to(CORPUS.parent)
    return str(relative).replace("/", "__") + ".json"


def save(target: Path, paths: list[str]) -> int:
    """One report per file, each from the CLI run in this process (a subprocess each costs a cold start)."""
    import os

    from click.testing import CliRunner

    from vmss_lint.cli import main

    target.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    for path in bicep_files(paths):
        os.chdir(path.parent)
        run = runner.invoke(main, ["check", "--format", "json", str(path)], catch_exceptions=True)
        stderr = repr(run.exception) if run.exception is not None and not isinstance(run.exception, SystemExit) else ""
        (target / _name(path)).write_text(json.dumps({"exit": run.exit_code, "stdout": run.stdout, "stderr": stderr}))
    return 0


def _entries(report: dict[str, Any]) -> dict[str, list[str]]:
    try:
        parsed = json.loads(report["stdout"])
    except ValueError:
        return {"raw": [report["stdout"]], "stderr": [report["stderr"]]}
    found: dict[str, list[str]] = {"exit": [str(report["exit"])], "stderr": [report["stderr"]]}
    if isinstance(parsed, dict):
        for key, value in parsed.items():
            if isinstance(value, list):
                found[key] = sorted(json.dumps(item, sort_keys=True) for item in value)
            else:
                found[key] = [json.dumps(value, sort_keys=True)]
    return found


def compare(old: Path, new: Path) -> int:
    differing = 0
    names = sorted({path.name for path in old.glob("*.json")} | {path.name for path in new.glob("*.json")})
    for name in names:
        before = _entries(json.loads((old / name).read_text())) if (old / name).exists() else {}
        after = _entries(json.loads((new / name).read_text())) if (new / name).exists() else {}
        if before == after:
            continue
        differing += 1
        print(f"== {name}")
        for key in sorted(set(before) | set(after)):
            gone = [item for item in before.get(key, []) if item not in after.get(key, [])]
            added = [item for item in after.get(key, []) if item not in before.get(key, [])]
            for item in gone:
                print(f"  - {key}: {item}")
            for item in added:
                print(f"  + {key}: {item}")
    print(f"{len(names) - differing}/{len(names)} reports equal")
    return 1 if differing else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "save":
        sys.exit(save(Path(sys.argv[2]), sys.argv[3:]))
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    print(__doc__)
    sys.exit(2)
