"""Turn a parsed ARM template into resources (walking-skeleton version: literal values only).

Every `[expression]` string is Unknown here; the full evaluator replaces this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import diagnostics
from ..model import Deployment, Diagnostic, Resource
from ..source import Location, SourceFile
from ..values import Path, Unknown
from .reader import JsonArray, JsonNode, JsonObject, JsonScalar

if TYPE_CHECKING:
    from .template import LoadedTemplate

RESOURCE_KEYWORDS = frozenset(
    {"type", "apiversion", "name", "dependson", "copy", "condition", "comments", "resources", "scope", "existing", "import"}
)


def evaluate_template(loaded: LoadedTemplate, overrides: Mapping[str, Any]) -> Deployment:
    source = loaded.source
    root = loaded.parsed.root  # type: ignore[union-attr]
    assert source is not None and isinstance(root, JsonObject)
    deployment = Deployment(source.path)
    resources = root.get("resources")
    if resources is None:
        return deployment
    if not isinstance(resources, (JsonArray, JsonObject)):
        deployment.diagnostics.append(
            Diagnostic(diagnostics.INVALID_TEMPLATE, "`resources` must be an array (or an object in languageVersion 2.0)", source.location(resources.start))
        )
        return deployment
    nodes = resources.items if isinstance(resources, JsonArray) else [m.value for m in resources.members]
    for node in nodes:
        _collect(node, source, deployment, parent=None)
    return deployment


def _collect(node: JsonNode, source: SourceFile, deployment: Deployment, parent: Resource | None) -> None:
    if not isinstance(node, JsonObject):
        deployment.diagnostics.append(Diagnostic(diagnostics.INVALID_TEMPLATE, "a resource must be a JSON object", source.location(node.start)))
        return
    type_value = _literal(node.get("type"))
    name_value = _literal(node.get("name"))
    if not isinstance(type_value, str):
        return
    full_type, full_name = type_value, name_value
    if parent is not None and type_value.count("/") == 0:
        full_type = f"{parent.type}/{type_value}"
        full_name = f"{parent.name}/{name_value}" if isinstance(parent.name, str) and isinstance(name_value, str) else Unknown("child name")
    locations: dict[Path, Location] = {}
    body: dict[str, Any] = {}
    for member in node.members:
        if member.key.casefold() in RESOURCE_KEYWORDS:
            continue
        locations[(member.key,)] = source.location(member.key_start, member.key_end)
        body[member.key] = _value(member.value, source, (member.key,), locations)
    api_version = _literal(node.get("apiVersion"))
    resource = Resource(
        type=full_type,
        api_version=api_version if isinstance(api_version, (str, Unknown)) else None,
        name=full_name if isinstance(full_name, (str, Unknown)) else Unknown("name"),
        body=body,
        declared_at=source.location(node.start, node.start + 1),
        locations=locations,
    )
    deployment.resources.append(resource)
    children = node.get("resources")
    if isinstance(children, JsonArray):
        for child in children.items:
            _collect(child, source, deployment, resource)


def _literal(node: JsonNode | None) -> Any:
    if node is None:
        return None
    if isinstance(node, JsonScalar):
        return _scalar(node.value)
    return Unknown("not a literal")


def _scalar(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        if value.startswith("[["):
            return value[1:]
        return Unknown(f"expression {value}")
    return value


def _value(node: JsonNode, source: SourceFile, path: Path, locations: dict[Path, Location]) -> Any:
    if isinstance(node, JsonScalar):
        return _scalar(node.value)
    if isinstance(node, JsonObject):
        result: dict[str, Any] = {}
        for member in node.members:
            child_path = path + (member.key,)
            locations[child_path] = source.location(member.key_start, member.key_end)
            result[member.key] = _value(member.value, source, child_path, locations)
        return result
    assert isinstance(node, JsonArray)
    items = []
    for index, item in enumerate(node.items):
        child_path = path + (index,)
        locations[child_path] = source.location(item.start, item.end)
        items.append(_value(item, source, child_path, locations))
    return items
