"""Generated parity of the Bicep lowering (issue 16): every Bicep file under fixtures/ and tests/, lowered
to the ARM template form and evaluated by the ARM evaluator, gives the resources (type, name, iteration,
existing flag, body, property locations, declaration place) and the findings (rule, file, line, column,
suppressed) that the Bicep evaluator gives. The comparison is tools/lowering_parity.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))

from lowering_parity import bicep_files, compare  # noqa: E402

FILES = bicep_files(REPO)
# Differences that are the ARM semantics the lowering adopts, each with its reason.
KNOWN = {
    # `zonal ? 'Flexible' : 'Uniform'`: ARM's if() records that the value depends on the parameter `zonal`
    # (as for the JSON `bicep build` makes); the Bicep evaluator dropped the condition's provenance.
    "tests/bicep/lowering/constructs.bicep": {
        "finding added: ('VMSS-GEN-001', 'tests/bicep/lowering/constructs.bicep', 70, 5, False)",
    },
}


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(REPO)) for path in FILES])
def test_lowered_bicep_evaluates_like_the_bicep_evaluator(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    relative = path.relative_to(REPO).as_posix()
    assert set(compare(Path(relative))) == KNOWN.get(relative, set())
