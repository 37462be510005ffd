"""`@record` behaves as `@dataclass` does for everything vmss-lint uses."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from vmss_lint.records import field, record, replace


@record(frozen=True, order=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = field(default=(), compare=False)


@record(frozen=True)
class Labelled(Point):
    label: str = ""


@record
class Bag:
    name: str
    items: list[int] = field(default_factory=list)
    count: int = field(init=False, default=0)
    cache: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.count = len(self.items)


@record(eq=False, slots=True)
class Slotted:
    value: int
    note: str = "n"


def test_init_defaults_and_factories() -> None:
    assert Point(1) == Point(1, 0)
    first, second = Bag("a"), Bag("b")
    assert first.items == [] and first.items is not second.items
    assert Bag("c", [1, 2]).count == 2
    with pytest.raises(TypeError):
        Bag("d", count=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_repr_skips_hidden_fields() -> None:
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(Bag("a")) == "Bag(name='a', items=[], count=0)"
    assert repr(Labelled(1, label="l")) == "Labelled(x=1, y=0, tags=(), label='l')"


def test_equality_hash_and_order() -> None:
    assert Point(1, 2, ("a",)) == Point(1, 2, ("b",))  # tags are not compared
    assert hash(Point(1, 2, ("a",))) == hash(Point(1, 2))
    assert Point(1, 2) != Labelled(1, 2)  # another class is never equal
    assert sorted([Point(2), Point(1, 5), Point(1, 3)]) == [Point(1, 3), Point(1, 5), Point(2)]
    with pytest.raises(TypeError):
        hash(Bag("a"))  # mutable and compared by value
    assert Slotted(1) != Slotted(1) and hash(Slotted(1)) != 0  # identity semantics


def test_frozen_refuses_changes() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del point.y  # type: ignore[misc]


def test_inherited_fields_come_first() -> None:
    labelled = Labelled(3, 4, label="z")
    assert (labelled.x, labelled.y, labelled.label) == (3, 4, "z")
    assert Labelled.__match_args__ == ("x", "y", "tags", "label")


def test_slots() -> None:
    slotted = Slotted(5)
    assert not hasattr(slotted, "__dict__") and slotted.note == "n"
    with pytest.raises(AttributeError):
        slotted.other = 1  # type: ignore[attr-defined]


def test_replace_keeps_unchanged_fields() -> None:
    assert replace(Labelled(1, 2, ("t",), "a"), label="b") == Labelled(1, 2, ("t",), "b")
    bag = replace(Bag("a", [1]), name="b")
    assert (bag.name, bag.items, bag.count) == ("b", [1], 1)


def test_pickles_for_worker_processes() -> None:
    assert pickle.loads(pickle.dumps(Labelled(1, label="p"))) == Labelled(1, label="p")


def test_own_eq_keeps_a_generated_hash_when_frozen() -> None:
    @record(frozen=True)
    class Folded:
        name: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Folded) and self.name.casefold() == other.name.casefold()

    assert Folded("A") == Folded("a")
    assert isinstance(hash(Folded("A")), int)


def test_frozen_with_slots() -> None:
    @record(frozen=True, slots=True)
    class Pair:
        left: int
        right: int = 2

    pair = Pair(1)
    assert (pair.left, pair.right) == (1, 2) and not hasattr(pair, "__dict__")
    with pytest.raises(FrozenInstanceError):
        pair.left = 3  # type: ignore[misc]
