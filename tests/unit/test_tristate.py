"""Three-valued helpers: True, False or Unknown."""

from __future__ import annotations

from vmss_lint.tristate import any_true, any_unknown, maybe
from vmss_lint.values import MISSING, Unknown


def test_maybe_is_true_or_unknown() -> None:
    assert maybe(True)
    assert maybe(Unknown("x"))
    assert not maybe(False)
    assert not maybe(None)
    assert not maybe(MISSING)
    assert not maybe(1)  # only a known True counts, not a truthy value


def test_any_true_is_three_valued_or() -> None:
    first, second = Unknown("first"), Unknown("second")
    assert any_true([]) is False
    assert any_true([False, False]) is False
    assert any_true([False, first, True]) is True
    assert any_true([second, False, first]) is second
    assert any_true([False, first, second]) is first


def test_any_true_stops_at_the_first_true() -> None:
    asked: list[int] = []

    def answer(index: int) -> bool:
        asked.append(index)
        return index == 1

    assert any_true(answer(index) for index in range(4)) is True
    assert asked == [0, 1]


def test_any_unknown() -> None:
    assert any_unknown(1, Unknown("x"))
    assert not any_unknown(1, None, MISSING)
    assert not any_unknown()
