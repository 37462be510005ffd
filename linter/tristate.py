"""Three-valued answers for unknown-aware rules: True, False, or `Unknown` (with the reason).

A rule asks a question about values that may not be known before deployment. It fires only on a known
True, stays quiet on False, and on `Unknown` stays quiet too (or says it could not decide). These name the
shapes that rules otherwise write out by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .values import Unknown

Tri = bool | Unknown  # a known answer, or Unknown with the reason


def maybe(answer: Any) -> bool:
    """True unless the answer is known to be no: True or Unknown (the rule cannot rule it out)."""
    return answer is True or isinstance(answer, Unknown)


def any_true(answers: Iterable[Tri]) -> Tri:
    """Three-valued or: True as soon as one answer is True; else the first Unknown; else False.

    Answers are taken in order and no further than the first True, so a generator computes no more
    than it must."""
    undecided: Unknown | None = None
    for answer in answers:
        if answer is True:
            return True
        if undecided is None and isinstance(answer, Unknown):
            undecided = answer
    return undecided if undecided is not None else False


def any_unknown(*values: Any) -> bool:
    """Some of these values are not known before deployment (so a comparison of them cannot decide)."""
    return any(isinstance(value, Unknown) for value in values)
