"""`@record`: dataclass-style value classes that cost a fifth of what `@dataclass` costs to define.

Before Python 3.13, `@dataclass` compiles every method it generates from source, five or six `exec`s per
frozen class; with a hundred classes on the start-up path that was a quarter of a one-file cold start
(docs/performance.md). `record` compiles only `__init__` (defaults, `field(default_factory=...)`,
`init=False`, `__post_init__`), so that construction stays as fast as a hand-written one, and builds
`__repr__`, `__eq__`, ordering and, for frozen classes, `__hash__` and the refusing
`__setattr__`/`__delattr__` from shared closures. Fields are read from the annotations of the class and its
record bases, in definition order, as dataclasses reads them; `replace()` makes a changed copy.
"""

from __future__ import annotations

import operator
from dataclasses import MISSING, Field, FrozenInstanceError, field
from typing import Any, Callable, TypeVar

__all__ = ["field", "record", "replace"]

T = TypeVar("T")

_FIELDS = "__record_fields__"


def record(
    cls: type[T] | None = None,
    /,
    *,
    frozen: bool = False,
    eq: bool = True,
    order: bool = False,
    slots: bool = False,
) -> Any:
    """Decorate a class like `@dataclass(frozen=..., eq=..., order=..., slots=...)`."""

    def build(target: type[T]) -> type[T]:
        return _build(target, frozen=frozen, eq=eq, order=order, slots=slots)

    return build if cls is None else build(cls)


def replace(instance: T, /, **changes: Any) -> T:
    """A copy of `instance` with `changes` applied, like `dataclasses.replace`."""
    for name, spec in getattr(type(instance), _FIELDS).items():
        if spec.init and name not in changes:
            changes[name] = getattr(instance, name)
    return type(instance)(**changes)


def _build(cls: type, *, frozen: bool, eq: bool, order: bool, slots: bool) -> type:
    fields = _collect_fields(cls)
    if slots:
        cls = _with_slots(cls, fields)
    setattr(cls, _FIELDS, fields)
    own = dict(cls.__dict__)
    methods: dict[str, Any] = {}
    if "__init__" not in own:
        methods["__init__"] = _init_method(cls, fields, frozen, slots)
    if "__repr__" not in own:
        methods["__repr__"] = _repr_method(tuple(name for name, spec in fields.items() if spec.repr))
    compared = _getter(tuple(name for name, spec in fields.items() if spec.compare))
    if eq and "__eq__" not in own:
        methods["__eq__"] = _compare_method(operator.eq, compared)
    if order:
        for name, test in (("__lt__", operator.lt), ("__le__", operator.le), ("__gt__", operator.gt), ("__ge__", operator.ge)):
            methods[name] = _compare_method(test, compared)
    # a class body that defines __eq__ gets __hash__ = None from Python: that is not an explicit choice
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if frozen:
        methods.update(_frozen_methods(cls, frozenset(fields)))
        if eq and not explicit_hash:
            hashed = _getter(tuple(name for name, spec in fields.items() if (spec.compare if spec.hash is None else spec.hash)))
            methods["__hash__"] = lambda self: hash(hashed(self))
    elif eq and not explicit_hash:
        methods["__hash__"] = None  # mutable and compared by value: unhashable, as dataclasses makes it
    for name, method in methods.items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    cls.__match_args__ = tuple(name for name, spec in fields.items() if spec.init)
    return cls


def _collect_fields(cls: type) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(getattr(base, _FIELDS, {}))
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        default = cls.__dict__.get(name, MISSING)
        spec = default if isinstance(default, Field) else field(default=default)
        spec.name = name
        spec.type = annotation
        if isinstance(default, Field):
            if spec.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        fields[name] = spec
    return fields


def _with_slots(cls: type, fields: dict[str, Field]) -> type:
    body = {key: value for key, value in cls.__dict__.items() if key not in fields and key not in ("__dict__", "__weakref__")}
    body["__slots__"] = tuple(fields)
    return type(cls)(cls.__name__, cls.__bases__, body)


def _init_method(cls: type, fields: dict[str, Field], frozen: bool, slots: bool) -> Any:
    """The one generated method: a real signature keeps construction as fast as a hand-written __init__.
    A frozen instance with a `__dict__` gets its fields written into it directly (no __setattr__ calls)."""
    namespace: dict[str, Any] = {"__setattr": object.__setattr__, "__MISSING": MISSING}
    parameters = ["self"]
    body: list[str] = [" __fields = self.__dict__"] if frozen and not slots else []
    for name, spec in fields.items():
        if spec.default_factory is not MISSING:
            namespace[f"__factory_{name}"] = spec.default_factory
            if spec.init:
                parameters.append(f"{name}=__MISSING")
                value = f"__factory_{name}() if {name} is __MISSING else {name}"
            else:
                value = f"__factory_{name}()"
        elif not spec.init:
            if spec.default is MISSING:
                continue
            namespace[f"__default_{name}"] = spec.default
            value = f"__default_{name}"
        else:
            if spec.default is not MISSING:
                namespace[f"__default_{name}"] = spec.default
                parameters.append(f"{name}=__default_{name}")
            else:
                parameters.append(name)
            value = name
        if frozen:
            body.append(f" __setattr(self, {name!r}, {value})" if slots else f" __fields[{name!r}] = {value}")
        else:
            body.append(f" self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append(" self.__post_init__()")
    generated: dict[str, Any] = {}
    source = f"def __init__({', '.join(parameters)}):\n" + ("\n".join(body) or " pass")
    exec(source, namespace, generated)  # noqa: S102 - source built above from field names only
    return generated["__init__"]


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        return lambda instance: (single(instance),)
    if not names:
        return lambda instance: ()
    return operator.attrgetter(*names)


def _repr_method(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    return __repr__


def _compare_method(test: Callable[[Any, Any], bool], values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return test(values(self), values(other))

    return compare


def _frozen_methods(cls: type, names: frozenset[str]) -> dict[str, Callable[..., None]]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}
