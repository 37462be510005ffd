"""The Bicep front end: parse Bicep with exact positions and lower it to the ARM template form, which the ARM
evaluator evaluates (docs/bicep-lowering.md).

grammar.py is the grammar (pycep-parser's, with our run-time overrides) and Lark's LALR parser for it
(its tables in Lark's cache); parser.py drives it; build.py makes the positioned syntax tree (syntax.py);
lower.py, lower_expressions.py and lower_imports.py lower it; lowered.py ties files, parameter files,
modules (local, registry, template spec) and imports together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..contracts import Settings
    from ..discover import SourceJob
    from .lowered import LoweredBicep


def load_bicep(job: SourceJob, settings: Settings) -> LoweredBicep:
    """Read, parse and lower a Bicep job; `evaluate()` on the result builds its `Deployment`."""
    from .lowered import load_lowered

    return load_lowered(job, settings)
