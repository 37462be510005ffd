"""Resource functions: ids (resourceId, subscriptionResourceId, tenantResourceId, extensionResourceId,
managementGroupResourceId), scopes (resourceGroup, subscription, tenant, managementGroup) with the
documented placeholders of `FunctionContext`, and the runtime-only ones (reference, list*, pickZones,
providers, getSecret) that are Unknown before deployment.
"""

from __future__ import annotations

from typing import Any

from ..values import Unknown
from .base import EvaluationError, FunctionContext, Table, expect

TABLE = Table()


def _type_and_names(name: str, args: list[Any]) -> str:
    """`Microsoft.X/a/b`, n1, n2 -> `providers/Microsoft.X/a/n1/b/n2`."""
    resource_type = expect(name, args[0], "string")
    names = [expect(name, item, "string") for item in args[1:]]
    segments = [segment for segment in resource_type.split("/") if segment]
    if len(segments) < 2:
        raise EvaluationError(f"{name}(): {resource_type!r} is not a resource type")
    names = [part for item in names for part in item.split("/")]
    if len(names) != len(segments) - 1:
        raise EvaluationError(f"{name}(): the type {resource_type!r} needs {len(segments) - 1} name(s), got {len(names)}")
    path = [segments[0], segments[1], names[0]]
    for child_type, child_name in zip(segments[2:], names[1:]):
        path += [child_type, child_name]
    return "providers/" + "/".join(path)


def _split_scope(name: str, args: list[Any], max_scope: int) -> tuple[list[Any], list[Any]]:
    """Leading scope arguments (subscription id, group name) come before the first arg holding a '/'."""
    for index, arg in enumerate(args[: max_scope + 1]):
        if isinstance(arg, str) and "/" in arg:
            return args[:index], args[index:]
    raise EvaluationError(f"{name}(): no resource type among the arguments")


@TABLE.add("resourceId", min_args=2)
def resource_id(args: list[Any], context: FunctionContext) -> Any:
    scope, rest = _split_scope("resourceId", args, 2)
    subscription = context.subscription_id
    group = context.resource_group_name
    if len(scope) == 2:
        subscription, group = expect("resourceId", scope[0], "string"), expect("resourceId", scope[1], "string")
    elif len(scope) == 1:
        group = expect("resourceId", scope[0], "string")
    return f"/subscriptions/{subscription}/resourceGroups/{group}/{_type_and_names('resourceId', rest)}"


@TABLE.add("subscriptionResourceId", min_args=2)
def subscription_resource_id(args: list[Any], context: FunctionContext) -> Any:
    scope, rest = _split_scope("subscriptionResourceId", args, 1)
    subscription = expect("subscriptionResourceId", scope[0], "string") if scope else context.subscription_id
    return f"/subscriptions/{subscription}/{_type_and_names('subscriptionResourceId', rest)}"


@TABLE.add("tenantResourceId", min_args=2)
def tenant_resource_id(args: list[Any], context: FunctionContext) -> Any:
    return "/" + _type_and_names("tenantResourceId", args)


@TABLE.add("managementGroupResourceId", min_args=2)
def management_group_resource_id(args: list[Any], context: FunctionContext) -> Any:
    scope, rest = _split_scope("managementGroupResourceId", args, 1)
    group = scope[0] if scope else context.management_group
    if isinstance(group, Unknown):
        return group
    return f"/providers/Microsoft.Management/managementGroups/{group}/{_type_and_names('managementGroupResourceId', rest)}"


@TABLE.add("extensionResourceId", min_args=3)
def extension_resource_id(args: list[Any], context: FunctionContext) -> Any:
    base = expect("extensionResourceId", args[0], "string").rstrip("/")
    return f"{base}/{_type_and_names('extensionResourceId', args[1:])}"


@TABLE.add("resourceGroup", max_args=0)
def resource_group(args: list[Any], context: FunctionContext) -> Any:
    return context.resource_group()


@TABLE.add("subscription", max_args=0)
def subscription(args: list[Any], context: FunctionContext) -> Any:
    return context.subscription()


@TABLE.add("tenant", max_args=0)
def tenant(args: list[Any], context: FunctionContext) -> Any:
    return context.tenant()


@TABLE.add("managementGroup", max_args=1)
def management_group(args: list[Any], context: FunctionContext) -> Any:
    return context.management_group_object(args[0] if args else None)


def _runtime(reason: str) -> Any:
    def implementation(args: list[Any], context: FunctionContext) -> Any:
        return Unknown(reason)

    return implementation


# The ARM evaluator answers reference() to a resource of the same template itself (arm/declared.py); this
# entry is what any other reference() reads.
TABLE.add("reference", min_args=1, max_args=3, unknown_ok=True)(_runtime("reference() reads a deployed resource"))
TABLE.add("list", min_args=2, max_args=3, unknown_ok=True)(_runtime("list*() reads a deployed resource"))
TABLE.add("pickZones", min_args=3, max_args=5, unknown_ok=True)(_runtime("pickZones() depends on the region's zones at deployment"))
TABLE.add("providers", min_args=1, max_args=2, unknown_ok=True)(_runtime("providers() reads the resource provider registry"))
TABLE.add("getSecret", min_args=1, max_args=2, unknown_ok=True)(_runtime("a Key Vault secret is read at deployment"))


def is_list_function(name: str) -> bool:
    """listKeys, listSecrets, listAccountSas, ...: every list* function is runtime-only."""
    return name.casefold().startswith("list") and len(name) > 4
