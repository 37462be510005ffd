"""The Bicep front end: parse Bicep with exact positions and evaluate it into the resource model.

grammar.py is the grammar (pycep-parser's, with our run-time overrides) and Lark's LALR parser for it
(its tables in Lark's cache); parser.py drives it; build.py makes the
positioned syntax tree (syntax.py), expressions.py and evaluator.py evaluate it, loader.py ties files,
parameter files, modules and imports together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..contracts import Settings
    from ..discover import SourceJob
    from .loader import LoadedBicep
    from .lowered import LoweredBicep

LOWERING_SWITCH = "VMSS_LINT_BICEP_LOWERING"  # "1": lower Bicep to the ARM template form and evaluate that (lowered.py)


def lowering_enabled() -> bool:
    import os

    return os.environ.get(LOWERING_SWITCH) == "1"


def load_bicep(job: SourceJob, settings: Settings) -> LoadedBicep | LoweredBicep:
    """Read and parse a Bicep job; `evaluate()` on the result builds its `Deployment` (through the lowering
    to the ARM template form when `LOWERING_SWITCH` is set, see docs/bicep-lowering.md)."""
    if lowering_enabled():
        from .lowered import load_lowered

        return load_lowered(job, settings)
    from .loader import load_bicep as load

    return load(job, settings)
