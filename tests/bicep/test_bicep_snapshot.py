"""Every Bicep file of fixtures/ and tests/ gives the findings recorded in tests/golden/bicep-findings.json.

The snapshot was first taken with the Bicep evaluator that the lowering to the ARM form replaced (issue 16),
so it holds the lowering to the old behaviour at each Bicep line and column; docs/bicep-lowering.md lists
the one deliberate difference. Rewrite it with `python tests/bicep/bicep_snapshot.py` and explain the diff.
"""

from __future__ import annotations

import json

import pytest

from bicep_snapshot import ROOT, SNAPSHOT, bicep_files, findings_of

RECORDED = json.loads(SNAPSHOT.read_text(encoding="utf-8"))  # a missing snapshot fails here, it is never written by a test


def test_the_snapshot_covers_every_bicep_file() -> None:
    assert sorted(RECORDED) == [path.relative_to(ROOT).as_posix() for path in bicep_files()]


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_findings_match_the_snapshot(name: str) -> None:
    assert findings_of(ROOT / name) == RECORDED[name]
