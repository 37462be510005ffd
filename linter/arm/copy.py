"""Copy loops over values: property `copy` (in resource properties and variable objects), variable
`copy`, and the count of resource `copy` loops (ARM allows at most 800 iterations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import diagnostics
from ..model import Related
from ..source import Location, SourceFile
from ..values import Path, Unknown
from .expressions import parse_template_string
from .reader import JsonArray, JsonChoice, JsonNode, JsonObject, JsonScalar
from .scope import Frame, Reads, Scope

MAX_COPY = 800  # ARM's documented limit for one copy loop
MAX_COPY_ITERATIONS = 100_000  # every copy loop of one evaluation together (nested loops multiply)
MAX_RELATED = 4


@dataclass
class Sink:
    """Where values land in a resource: source spans and provenance per property path. A span stays
    (source file, start, end) until a finding asks for its line and column (`Resource.locate`)."""

    locations: dict[Path, Location | tuple[SourceFile, int, int]] = field(default_factory=dict)
    related: dict[Path, tuple[Related, ...]] = field(default_factory=dict)


def evaluate_node(scope: Scope, node: JsonNode, frame: Frame, sink: Sink | None, path: Path) -> Any:
    """Evaluate a JSON node; with a sink, record each property's location and what it was computed from."""
    if isinstance(node, JsonScalar):
        if not isinstance(node.value, str):
            return node.value
        if sink is None:
            return scope.string(node, frame)
        literal = parse_template_string(node.value).literal
        if literal is not None:  # most strings: nothing is read, nothing to record
            return literal
        reads = Reads()
        value = scope.collect(lambda: scope.string(node, frame), reads)
        if reads.related:
            sink.related[path] = tuple(reads.related.values())[:MAX_RELATED]
        return value
    if isinstance(node, JsonChoice):
        return _choose(scope, node, frame, sink, path)
    if isinstance(node, JsonArray):
        items = []
        for index, item in enumerate(node.items):
            if sink is not None:
                sink.locations[path + (index,)] = (scope.source, item.start, item.end)
            items.append(evaluate_node(scope, item, frame, sink, path + (index,)))
        return items
    assert isinstance(node, JsonObject)
    result: dict[str, Any] = {}
    for member in node.members:
        if member.key.casefold() == "copy" and _is_property_copy(member.value):
            for element in member.value.items:  # type: ignore[attr-defined]
                name_node = element.get("name")
                name = name_node.value if isinstance(name_node, JsonScalar) else None
                if not isinstance(name, str):
                    continue
                if sink is not None:
                    sink.locations[path + (name,)] = (scope.source, member.key_start, member.key_end)
                result[name] = expand_copy_array(scope, element, frame, sink, path + (name,))
            continue
        if sink is not None:
            sink.locations[path + (member.key,)] = (scope.source, member.key_start, member.key_end)
        result[member.key] = evaluate_node(scope, member.value, frame, sink, path + (member.key,))
    return result


def _choose(scope: Scope, node: JsonChoice, frame: Frame, sink: Sink | None, path: Path) -> Any:
    test = evaluate_node(scope, node.test, frame, sink, path)
    if test is True or test is False:
        return evaluate_node(scope, node.then if test else node.otherwise, frame, sink, path)
    if not isinstance(test, Unknown):
        scope.run.note(diagnostics.UNSUPPORTED_EXPRESSION, "the condition of '?' must be a bool", scope.location(node.test))
        return Unknown("the condition of '?' is not a bool")
    then, otherwise = scope.value(node.then, frame), scope.value(node.otherwise, frame)
    from ..functions.base import deep_equals

    return then if deep_equals(then, otherwise) is True else test


def _is_property_copy(node: JsonNode) -> bool:
    return isinstance(node, JsonArray) and bool(node.items) and all(
        isinstance(item, JsonObject) and item.get("input") is not None and item.get("name") is not None for item in node.items
    )


def copy_count(scope: Scope, copy: JsonObject, frame: Frame) -> Any:
    """The evaluated `count` of a copy element: an int in 0..800, or Unknown (with a note)."""
    count_node = copy.get("count")
    if count_node is None:
        scope.run.note(diagnostics.INVALID_TEMPLATE, "a copy loop needs a `count`", scope.location(copy))
        return Unknown("copy without count")
    count = scope.value(count_node, frame)
    if isinstance(count, Unknown):
        return count
    if isinstance(count, float) and count.is_integer():
        count = int(count)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        scope.run.note(diagnostics.UNSUPPORTED_EXPRESSION, f"the copy count {count!r} is not a non-negative integer", scope.location(count_node))
        return Unknown("invalid copy count")
    if count > MAX_COPY:
        scope.run.note(
            diagnostics.EVALUATION_LIMIT,
            f"the copy count {count} exceeds ARM's limit of {MAX_COPY}; only the first {MAX_COPY} iterations are checked",
            scope.location(count_node),
        )
        count = MAX_COPY
    run = scope.run
    if run.copy_iterations + count > MAX_COPY_ITERATIONS:
        run.note(
            diagnostics.EVALUATION_LIMIT,
            f"the copy loops of this template iterate more than {MAX_COPY_ITERATIONS:,} times in total: this loop is not expanded",
            scope.location(count_node),
        )
        return Unknown("too many copy iterations")
    if not run.budget.allows(count):
        run.note(diagnostics.EVALUATION_LIMIT, f"{run.budget.message('copy loop')}: this loop is not expanded", scope.location(count_node))
        return Unknown("the work budget is spent")
    run.copy_iterations += count
    return count


def expand_copy_array(scope: Scope, element: JsonObject, frame: Frame, sink: Sink | None = None, path: Path = ()) -> Any:
    """A `{name, count, input}` element -> the list of inputs evaluated at copyIndex(name) = 0..count-1."""
    name_node = element.get("name")
    name = name_node.value if isinstance(name_node, JsonScalar) and isinstance(name_node.value, str) else ""
    count = copy_count(scope, element, frame)
    if isinstance(count, Unknown):
        return Unknown(f"the count of copy '{name}' is unknown ({count.reason})")
    input_node = element.get("input")
    assert input_node is not None
    items = []
    for index in range(count):
        if sink is not None:
            sink.locations[path + (index,)] = (scope.source, input_node.start, input_node.end)
        items.append(evaluate_node(scope, input_node, frame.with_copy(name, index), sink, path + (index,)))
    return items
