"""What `vmss-lint --format json` finds in every Bicep file of fixtures/ and tests/, one line per finding.

`python tests/bicep/bicep_snapshot.py` rewrites tests/golden/bicep-findings.json;
test_bicep_snapshot.py compares against it. The file was first written by the Bicep evaluator that the
lowering replaced (issue 16): a difference in it is a change of behaviour that its commit must explain.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent.parent
SNAPSHOT = ROOT / "tests" / "golden" / "bicep-findings.json"


def bicep_files() -> list[Path]:
    found = [path for folder in ("fixtures", "tests") for path in (ROOT / folder).rglob("*.bicep")]
    return sorted(found, key=lambda path: path.relative_to(ROOT).as_posix())


def findings_of(path: Path) -> dict[str, object]:
    """Exit code and findings (rule, file and place, fingerprint, message) of one file linted alone."""
    from vmss_lint.cli import main

    run = CliRunner().invoke(main, ["check", "--format", "json", str(path)], catch_exceptions=False)
    report = json.loads(run.stdout)
    lines = sorted(
        f"{item['ruleId']} {item['path']}:{item['line']}:{item['column']}-{item['endLine']}:{item['endColumn']} {item['fingerprint']} {item['message']}"
        for item in report["findings"]
    )
    return {"exit": run.exit_code, "findings": lines}


def snapshot() -> dict[str, dict[str, object]]:
    return {path.relative_to(ROOT).as_posix(): findings_of(path) for path in bicep_files()}


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(snapshot(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}")
