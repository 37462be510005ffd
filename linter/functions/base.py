"""The pieces every function module shares: errors, the lambda value, the evaluation context, the table.

A template function receives already-evaluated arguments (values, `Unknown`, or `Lambda`) and returns a
value. By default a function whose argument is Unknown returns Unknown without being called; functions
that can decide regardless (`if`, `and`, `coalesce`, `length`, ...) register with `unknown_ok=True`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..references import PLACEHOLDER_RESOURCE_GROUP, PLACEHOLDER_SUBSCRIPTION
from ..values import Unknown

# Placeholders for deployment facts that exist only at deployment time (documented in docs and reports).
PLACEHOLDER_TENANT = "00000000-0000-0000-0000-000000000001"
PLACEHOLDER_UTC_NOW = "2000-01-01T00:00:00Z"  # utcNow() in a parameter default
PLACEHOLDER_DEPLOYMENT_NAME = "deployment"


class EvaluationError(Exception):
    """A function was called with arguments of the wrong type or number (a template error)."""


# The largest value one expression may build, in characters and elements counted as if every shared part
# were copied out (as serialising it would). Templates built to explode (a variable doubled 60 times) stop
# here instead of exhausting memory; real templates stay far below it.
MAX_VALUE_SIZE = 1_000_000
# user-defined function calls in one evaluation: a function that calls itself twice doubles them per level
MAX_FUNCTION_CALLS = 10_000


class ValueTooLarge(EvaluationError):
    """A value would grow past MAX_VALUE_SIZE: it is treated as unknown and reported as LINT-005."""


def value_size(value: Any, budget: int = MAX_VALUE_SIZE, function: str | None = None) -> int:
    """The expanded size of `value` (characters of strings and keys, plus one per element), counted up to
    just past `budget` and no further, so measuring a hostile value costs no more than the budget.

    With `function`, a lambda inside an array or object is an EvaluationError: ARM accepts a lambda only
    as the argument of a function that takes one (map, filter, reduce, ...), never as a value.
    """
    if isinstance(value, str):
        return len(value) + 1
    size = 0
    stack = [value]
    while stack and size <= budget:
        current = stack.pop()
        size += 1
        if isinstance(current, str):
            size += len(current)
        elif isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            for key, member in current.items():
                size += len(key)
                stack.append(member)
        elif function is not None and isinstance(current, Lambda) and current is not value:
            raise EvaluationError(f"{function}(): a lambda can only be the argument of a function that takes one, not a value")
    return size


def check_size(function: str, value: Any) -> Any:
    """`value`, or ValueTooLarge when its expanded size passes MAX_VALUE_SIZE (EvaluationError when it
    holds a lambda)."""
    if type(value) is str:  # most arguments and results: no walk needed
        if len(value) >= MAX_VALUE_SIZE:
            raise ValueTooLarge(f"{function}() builds a value larger than {MAX_VALUE_SIZE:,} characters and elements")
        return value
    if value_size(value, MAX_VALUE_SIZE, function) > MAX_VALUE_SIZE:
        raise ValueTooLarge(f"{function}() builds a value larger than {MAX_VALUE_SIZE:,} characters and elements")
    return value


def check_length(function: str, length: int) -> int:
    """Refuse, before building it, a string or array whose length would pass MAX_VALUE_SIZE."""
    if length > MAX_VALUE_SIZE:
        raise ValueTooLarge(f"{function}() would build a value of {length:,} characters or elements, more than {MAX_VALUE_SIZE:,}")
    return length


class UnsupportedFunction(EvaluationError):
    """The function does not exist (or is not supported): the value is unknown."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown function '{name}'")
        self.name = name


@dataclass(frozen=True)
class Lambda:
    """A `lambda('x', 'y', body)` value: `body` maps the argument list to a result."""

    parameters: tuple[str, ...]
    body: Callable[[list[Any]], Any]

    def __call__(self, *args: Any) -> Any:
        if len(args) != len(self.parameters):
            raise EvaluationError(f"the lambda takes {len(self.parameters)} argument(s), got {len(args)}")
        return self.body(list(args))


UserFunction = Callable[[str, list[Any]], Any]


@dataclass
class FunctionContext:
    """Deployment-level facts, with documented placeholders for what only the deployment knows.

    `user_function(name, args)` evaluates a user-defined function (`namespace.name` in ARM, plain names
    in Bicep); it raises UnsupportedFunction when there is no such function.
    `utc_now_allowed` is True only while evaluating a parameter default (ARM's rule for utcNow()).
    """

    subscription_id: str = PLACEHOLDER_SUBSCRIPTION
    resource_group_name: str = PLACEHOLDER_RESOURCE_GROUP
    tenant_id: str = PLACEHOLDER_TENANT
    location: Any = field(default_factory=lambda: Unknown("the resource group's location is known only at deployment"))
    deployment_name: Any = field(default_factory=lambda: Unknown("the deployment name is given at deployment"))
    management_group: Any = field(default_factory=lambda: Unknown("the management group is known only at deployment"))
    template_link: Mapping[str, Any] | None = None
    user_function: UserFunction | None = None
    utc_now_allowed: bool = False

    def subscription(self) -> dict[str, Any]:
        return {
            "id": f"/subscriptions/{self.subscription_id}",
            "subscriptionId": self.subscription_id,
            "tenantId": self.tenant_id,
            "displayName": Unknown("subscription().displayName is known only at deployment"),
        }

    def resource_group(self) -> dict[str, Any]:
        return {
            "id": f"/subscriptions/{self.subscription_id}/resourceGroups/{self.resource_group_name}",
            "name": self.resource_group_name,
            "type": "Microsoft.Resources/resourceGroups",
            "location": self.location,
            "managedBy": Unknown("resourceGroup().managedBy is known only at deployment"),
            "tags": Unknown("resourceGroup().tags are known only at deployment"),
            "properties": {"provisioningState": "Succeeded"},
        }

    def tenant(self) -> dict[str, Any]:
        return {
            "id": f"/tenants/{self.tenant_id}",
            "tenantId": self.tenant_id,
            "countryCode": Unknown("tenant().countryCode is known only at deployment"),
            "displayName": Unknown("tenant().displayName is known only at deployment"),
        }

    def management_group_object(self, name: Any = None) -> dict[str, Any]:
        name = self.management_group if name is None else name
        return {
            "id": f"/providers/Microsoft.Management/managementGroups/{name}" if isinstance(name, str) else Unknown("management group id"),
            "name": name,
            "type": "/providers/Microsoft.Management/managementGroups",
            "properties": Unknown("managementGroup().properties are known only at deployment"),
        }

    def deployment(self) -> dict[str, Any]:
        properties: dict[str, Any] = {"template": {"contentVersion": "1.0.0.0"}, "mode": "Incremental", "provisioningState": "Accepted"}
        # A template deployed from a URI has a templateLink (quickstarts build `_artifactsLocation` from it)
        properties["templateLink"] = (
            dict(self.template_link) if self.template_link is not None else Unknown("deployment().properties.templateLink depends on how the template is deployed")
        )
        return {"name": self.deployment_name, "location": self.location, "properties": properties}

    def environment(self) -> dict[str, Any]:
        """The Azure public cloud (`AzureCloud`), as documented for environment()."""
        return {
            "name": "AzureCloud",
            "gallery": "https://gallery.azure.com/",
            "graph": "https://graph.windows.net/",
            "portal": "https://portal.azure.com",
            "graphAudience": "https://graph.windows.net/",
            "activeDirectoryDataLake": "https://datalake.azure.net/",
            "batch": "https://batch.core.windows.net/",
            "media": "https://rest.media.azure.net",
            "sqlManagement": "https://management.core.windows.net:8443/",
            "vmImageAliasDoc": "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json",
            "resourceManager": "https://management.azure.com/",
            "authentication": {
                "loginEndpoint": "https://login.microsoftonline.com/",
                "audiences": ["https://management.core.windows.net/", "https://management.azure.com/"],
                "tenant": "common",
                "identityProvider": "AAD",
            },
            "suffixes": {
                "acrLoginServer": ".azurecr.io",
                "azureDatalakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
                "azureDatalakeStoreFileSystem": "azuredatalakestore.net",
                "azureFrontDoorEndpointSuffix": "azurefd.net",
                "keyvaultDns": ".vault.azure.net",
                "sqlServerHostname": ".database.windows.net",
                "storage": "core.windows.net",
            },
        }


Implementation = Callable[[list[Any], FunctionContext], Any]


@dataclass(frozen=True)
class Spec:
    name: str
    implementation: Implementation
    min_args: int
    max_args: int | None
    unknown_ok: bool  # the implementation handles Unknown arguments itself
    shallow: bool  # only an Unknown argument (not an Unknown inside one) makes the result unknown


class Table:
    """The functions one module defines; `functions/__init__` merges the tables into the registry."""

    def __init__(self) -> None:
        self.specs: dict[str, Spec] = {}

    def add(
        self, *names: str, min_args: int = 0, max_args: int | None = None, unknown_ok: bool = False, shallow: bool = False
    ) -> Callable[[Implementation], Implementation]:
        """Register `names`. By default any Unknown inside the arguments makes the result unknown."""

        def register(implementation: Implementation) -> Implementation:
            for name in names:
                self.specs[name.casefold()] = Spec(name, implementation, min_args, max_args, unknown_ok, shallow)
            return implementation

        return register


def first_unknown(value: Any, deep: bool = True) -> Unknown | None:
    """The first Unknown in a list of arguments (and, when `deep`, inside them)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, Unknown):
            return current
        if isinstance(current, list) and (deep or current is value):
            stack.extend(reversed(current))
        elif isinstance(current, dict) and deep:
            stack.extend(reversed(list(current.values())))
    return None


def is_int(value: Any) -> bool:
    """ARM integers (a JSON bool is not an integer)."""
    return isinstance(value, int) and not isinstance(value, bool)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_int(value):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, Lambda):
        return "lambda"
    return type(value).__name__


def expect(function: str, value: Any, *kinds: str) -> Any:
    """Raise EvaluationError unless `value` is of one of the ARM `kinds` (string, int, bool, array, object, null)."""
    if type_name(value) in kinds:
        return value
    raise EvaluationError(f"{function}() expects {' or '.join(kinds)}, got {type_name(value)}")


def expect_int(function: str, value: Any) -> int:
    if is_int(value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise EvaluationError(f"{function}() expects an int, got {type_name(value)}")


def expect_lambda(function: str, value: Any) -> Lambda:
    if isinstance(value, Lambda):
        return value
    raise EvaluationError(f"{function}() expects a lambda, got {type_name(value)}")


def invoke(function: Lambda, *args: Any) -> Any:
    """Call a lambda with as many of `args` as it declares (map's lambda may take (item) or (item, index))."""
    return function(*args[: len(function.parameters)])


def deep_equals(left: Any, right: Any) -> bool | Unknown:
    """ARM equality: case-sensitive strings, ordered arrays, objects with case-insensitive keys."""
    if isinstance(left, Unknown):
        return left
    if isinstance(right, Unknown):
        return right
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return False
        return _all_equal(zip(left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        if len(left) != len(right):
            return False
        folded = {key.casefold(): value for key, value in right.items()}
        pairs = []
        for key, value in left.items():
            if key.casefold() not in folded:
                return False
            pairs.append((value, folded[key.casefold()]))
        return _all_equal(pairs)
    return type(left) is type(right) and left == right


def _all_equal(pairs: Any) -> bool | Unknown:
    unknown: Unknown | None = None
    for left, right in pairs:
        result = deep_equals(left, right)
        if result is False:
            return False
        if isinstance(result, Unknown):
            unknown = result
    return unknown if unknown is not None else True
