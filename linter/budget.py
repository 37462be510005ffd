"""The total work one linted file may cause: modules, nested deployments, loop iterations, user function
calls and resources, across every evaluation of the file (the base deployment and each explored variant).

Per-construct limits (copy count, depth, value size) each allow a lot; together they multiply (a module
that calls the next file twice, 18 deep; loops of 800 over modules with loops of 800). One shared budget
bounds the product: when it is spent the rest is treated as unknown and LINT-005 says so.
"""

from __future__ import annotations

from .functions.base import ValueTooLarge

MAX_WORK = 50_000  # steps per linted file; the most any corpus template uses is 1,200
MODULE_COST = 20  # steps of one module or nested-deployment instance (a fresh evaluation of a template)


class WorkBudgetSpent(ValueTooLarge):
    """The file's work budget is spent: what needed the work is unknown (LINT-005)."""


class WorkBudget:
    """Steps left for one linted file; shared by every evaluation of it."""

    def __init__(self, limit: int = MAX_WORK) -> None:
        self.limit = limit
        self.used = 0

    @property
    def spent(self) -> bool:
        return self.used >= self.limit

    def allows(self, steps: int) -> bool:
        """Take `steps` when they fit; False (and nothing taken) when the budget is spent."""
        if self.used + steps > self.limit:
            self.used = self.limit
            return False
        self.used += steps
        return True

    def message(self, what: str) -> str:
        return (
            f"this file's work budget of {self.limit:,} steps (modules, nested deployments, loop iterations, "
            f"function calls, explored variants) is spent at this {what}"
        )

    def charge(self, steps: int = 1, what: str = "work") -> None:
        """Take `steps`, or raise WorkBudgetSpent (every later charge raises at once: no work piles up)."""
        if not self.allows(steps):
            raise WorkBudgetSpent(self.message(what))
