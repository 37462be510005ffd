"""`reference()` to a resource declared in the same template (or the same nested-deployment scope).

Azure answers `reference(id or name)` with the deployed resource; before deployment the best anyone
knows is what the template declares for it. The resources of a template are indexed on the first
`reference()` (types, names, ids, copy iterations, conditions: the same expansion as the evaluator's), and
a referenced resource's body is evaluated once, when first read, so declaration order does not matter.
What the template does not declare stays Unknown: resources outside it, `existing` ones, ones whose
condition is false (the template does not deploy them) or whose copy count is unknown, and every member
Azure computes (`DeclaredObject`).
A resource that reaches itself through references is a cycle: Unknown with a LINT-005 note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..functions import FunctionContext
from ..functions.deployed import declared_view, with_child_ids
from ..functions.resources import _type_and_names
from ..model import Related
from ..values import Unknown, lookup_key
from .copy import copy_count, evaluate_node
from .reader import JsonArray, JsonMember, JsonNode, JsonObject, JsonScalar
from .scope import Frame, LimitReached, Reads, Scope

RESOURCE_KEYWORDS = frozenset(
    {"type", "apiversion", "name", "dependson", "copy", "condition", "comments", "resources", "scope", "existing", "import"}
)
DEPLOYMENTS = "Microsoft.Resources/deployments"


@dataclass
class Declared:
    """One resource instance the template declares, as far as a reference needs it."""

    node: JsonObject
    frame: Frame
    type: str
    name: str | Unknown
    resource_id: str | Unknown
    api_version: Any
    symbolic: str | None  # languageVersion 2.0: `symbol`, or `symbol[i]` for a copy
    unreadable: str | None  # why its values cannot be read (existing, unknown copy count)


def resource_id(context: FunctionContext, full_type: str, name: Any, scope_value: Any) -> str | Unknown:
    """The id Azure gives a resource of `full_type` named `name` (`a/b` for a child) at `scope_value`."""
    if not isinstance(name, str):
        return Unknown("the resource name is unknown")
    if isinstance(scope_value, Unknown):
        return scope_value
    try:
        tail = _type_and_names("resourceId", [full_type, name])
    except Exception:  # an id ARM could not form either: leave it unknown
        return Unknown(f"cannot form the id of {full_type} '{name}'")
    if isinstance(scope_value, str) and scope_value:
        return f"{scope_value.rstrip('/')}/{tail}"
    return f"/subscriptions/{context.subscription_id}/resourceGroups/{context.resource_group_name}/{tail}"


def without_template(member: JsonMember) -> JsonNode:
    """A deployment's `properties` without the nested template (its resources are evaluated on their own)."""
    value = member.value
    if member.key.casefold() != "properties" or not isinstance(value, JsonObject):
        return value
    kept = [item for item in value.members if item.key.casefold() != "template"]
    return JsonObject(value.start, value.end, kept)


def template_entries(template: JsonObject) -> list[tuple[str | None, JsonNode]]:
    """The resource entries of a template: array items, or (symbolic name, body) in languageVersion 2.0."""
    resources = template.get("resources")
    if isinstance(resources, JsonArray):
        return [(None, item) for item in resources.items]
    if isinstance(resources, JsonObject):
        return [(member.key, member.value) for member in resources.members]
    return []


class DeclaredResources:
    """The resources of one template scope, and what `reference()` reads from them."""

    def __init__(self, scope: Scope, template: JsonObject) -> None:
        self.scope = scope
        self.template = template
        # What is worked out once, each with what it read: a later evaluation of the same template may start
        # from them where the parameters they read are unchanged (variant_reuse.py).
        self.entries: list[Declared] | None = None  # the index, in declaration order
        self.index_reads = Reads()
        self.by_key: dict[tuple[str, str], list[Declared]] | None = None
        self.views: dict[int, tuple[dict[str, Any], Reads]] = {}  # id(Declared) -> its evaluated body, what that read

    # --- the index ------------------------------------------------------------------------------

    def index(self) -> list[Declared]:
        if self.entries is None:
            key = "reference:index"
            if key in self.scope.in_progress:
                raise LimitReached("reference() is used in the type, name, count or condition of a resource of the same template")
            self.scope.in_progress.add(key)
            entries: list[Declared] = []
            try:
                self._isolated(self.index_reads, lambda: self._walk_template(entries))
            finally:
                self.scope.in_progress.discard(key)
            self.entries = entries
        self._replay(self.index_reads, None)
        return self.entries

    def _walk_template(self, entries: list[Declared]) -> None:
        for symbolic, node in template_entries(self.template):
            self._walk(entries, node, symbolic, None, Frame(), None)

    def _walk(self, entries: list[Declared], node: JsonNode, symbolic: str | None, parent: Declared | None, frame: Frame, unreadable: str | None) -> None:
        if not isinstance(node, JsonObject):
            return
        copy = node.get("copy")
        if not isinstance(copy, JsonObject):
            self._instance(entries, node, symbolic, parent, frame, unreadable)
            return
        name_node = copy.get("name")
        loop = name_node.value if isinstance(name_node, JsonScalar) and isinstance(name_node.value, str) else ""
        count = copy_count(self.scope, copy, frame)
        if isinstance(count, Unknown):
            self._instance(entries, node, symbolic, parent, frame.with_copy(loop, Unknown(count.reason)), unreadable or f"the count of copy '{loop}' is unknown")
            return
        for index in range(count):
            label = f"{symbolic}[{index}]" if symbolic is not None else None
            self._instance(entries, node, label, parent, frame.with_copy(loop, index), unreadable)

    def _instance(self, entries: list[Declared], node: JsonObject, symbolic: str | None, parent: Declared | None, frame: Frame, unreadable: str | None) -> None:
        scope = self.scope
        condition_node = node.get("condition")
        if condition_node is not None and scope.value(condition_node, frame) is False:
            return  # not deployed; like the evaluator, read nothing else of it (its name may not even evaluate)
        type_value = _member(scope, node, "type", frame)
        if not isinstance(type_value, str):
            return
        name = _member(scope, node, "name", frame)
        full_type, full_name = type_value, name
        if parent is not None and "/" not in type_value:
            full_type = f"{parent.type}/{type_value}"
            full_name = f"{parent.name}/{name}" if isinstance(parent.name, str) and isinstance(name, str) else Unknown("the parent's name is unknown")
        if not isinstance(full_name, str):
            full_name = Unknown("the resource name is unknown")
        scope_value = _member(scope, node, "scope", frame)
        existing = node.get("existing")
        if isinstance(existing, JsonScalar) and existing.value is True:
            unreadable = unreadable or "it is an existing resource: its values are not in this template"
        entry = Declared(
            node, frame, full_type, full_name, resource_id(scope.context, full_type, full_name, scope_value),
            _member(scope, node, "apiVersion", frame), symbolic, unreadable,
        )
        entries.append(entry)
        children = node.get("resources")
        if isinstance(children, JsonArray):
            for child in children.items:
                self._walk(entries, child, None, entry, frame, unreadable)

    # --- reference() ----------------------------------------------------------------------------

    def find(self, target: str) -> Declared | Unknown:
        """The declared resource `target` (a resource id, a name, or a languageVersion 2.0 symbolic name) names."""
        keys = self.keys()
        folded = target.casefold()
        if folded.startswith("/"):
            matches = keys.get(("id", folded), [])
        else:
            matches = keys.get(("symbol", folded)) or keys.get(("name", folded), [])
        if not matches:
            return Unknown(f"reference('{target}'): this template deploys no such resource")
        if len(matches) > 1:
            return Unknown(f"reference('{target}'): more than one resource of this template has that name")
        return matches[0]

    def keys(self) -> dict[tuple[str, str], list[Declared]]:
        """The index by ("id" | "name" | "symbol", case-folded key)."""
        entries = self.index()
        if self.by_key is None:
            by_key: dict[tuple[str, str], list[Declared]] = {}
            for entry in entries:
                for kind, key in (("id", entry.resource_id), ("name", entry.name), ("symbol", entry.symbolic)):
                    if isinstance(key, str):
                        by_key.setdefault((kind, key.casefold()), []).append(entry)
            self.by_key = by_key
        return self.by_key

    def reference(self, target: str, api_version: Any, full: bool) -> Any:
        """What `reference(target, api_version[, 'Full'])` reads before deployment."""
        entry = self.find(target)
        if isinstance(entry, Unknown):
            return entry
        if entry.unreadable is not None:
            return Unknown(f"reference('{target}'): {entry.unreadable}")
        body = self._body(entry)
        properties_key = lookup_key(body, "properties")
        properties = body[properties_key] if properties_key is not None else {}
        if isinstance(entry.resource_id, str):
            properties = with_child_ids(properties, entry.resource_id)
        origin = f"{entry.type} '{entry.name}'"
        if not full:
            return declared_view(properties, origin)
        result = {key: value for key, value in body.items() if key != properties_key}
        result.update(
            properties=properties, id=entry.resource_id, name=entry.name, type=entry.type,
            apiVersion=entry.api_version if entry.api_version is not None else api_version,
        )
        return declared_view(result, origin)

    def _body(self, entry: Declared) -> dict[str, Any]:
        position = id(entry)
        body: dict[str, Any]
        if position in self.views:
            body, reads = self.views[position]
        else:
            key = busy_key(entry.node, entry.frame)
            if key in self.scope.in_progress:
                raise LimitReached(f"this reference() to {entry.type} '{entry.name}' closes a cycle (that resource's values depend on this one): the value is unknown")
            run = self.scope.run
            if run.depth >= run.max_depth:
                raise LimitReached(f"reference() chains deeper than {run.max_depth} resources")
            self.scope.in_progress.add(key)
            run.depth += 1
            reads = Reads()
            try:
                body = self._isolated(reads, lambda: self._evaluate_body(entry))
            finally:
                run.depth -= 1
                self.scope.in_progress.discard(key)
            self.views[position] = (body, reads)
        self._replay(reads, entry)
        return body

    def _evaluate_body(self, entry: Declared) -> dict[str, Any]:
        is_deployment = entry.type.casefold() == DEPLOYMENTS.casefold()
        body: dict[str, Any] = {}
        for member in entry.node.members:
            if member.key.casefold() in RESOURCE_KEYWORDS:
                continue
            value_node = without_template(member) if is_deployment else member.value
            body[member.key] = evaluate_node(self.scope, value_node, entry.frame, None, (member.key,))
        outputs = self.scope.run.outputs.get(busy_key(entry.node, entry.frame)) if is_deployment else None
        properties = body.get(lookup_key(body, "properties") or "properties")
        if outputs is not None and isinstance(properties, dict):
            properties["outputs"] = outputs  # what the nested deployment evaluated (it is declared before this read)
        return body

    # --- what a reference read ------------------------------------------------------------------

    def _isolated(self, reads: Reads, compute: Any) -> Any:
        """Compute with only `reads` listening: the referencing value must not collect every place the
        referenced resource (or the whole index) read; `_replay` passes on what matters."""
        run = self.scope.run
        saved = run.readers
        run.readers = [reads]
        try:
            return compute()
        finally:
            run.readers = saved

    def _replay(self, reads: Reads, entry: Declared | None) -> None:
        """The referencing value depends on the parameters the lookup read, and on the referenced resource."""
        related = None
        if entry is not None:
            start = entry.node.start
            related = Related(self.scope.span(start, start + 1), f"value read from {entry.type} '{entry.name}', declared here")
        key = ("reference", f"{id(self)}:{id(entry) if entry is not None else 'index'}")
        self.scope.run.record(key, related, None, Reads(parameters=set(reads.parameters)))


def busy_key(node: JsonObject, frame: Frame) -> str:
    """Marks a resource instance whose body is being evaluated: reading it through reference() is a cycle."""
    return f"resource:{id(node)}:{frame.copies!r}"


def _member(scope: Scope, node: JsonObject, key: str, frame: Frame) -> Any:
    value_node = node.get(key)
    return None if value_node is None else scope.value(value_node, frame)
