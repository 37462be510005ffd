"""Template functions against the examples of Microsoft's "ARM template functions" reference pages."""

from __future__ import annotations

import pytest

from vmss_lint.functions import EvaluationError, FunctionContext, Lambda, UnsupportedFunction, call
from vmss_lint.functions.base import PLACEHOLDER_UTC_NOW
from vmss_lint.values import Unknown

CTX = FunctionContext()
U = Unknown("test")


def f(name, *args, context=CTX):
    return call(name, list(args), context)


@pytest.mark.parametrize(
    "name,args,expected",
    [
        # array functions
        ("array", [1], [1]),
        ("concat", [["1-1", "1-2", "1-3"], ["2-1", "2-2", "2-3"]], ["1-1", "1-2", "1-3", "2-1", "2-2", "2-3"]),
        ("concat", ["prefix", "-", "abc"], "prefix-abc"),
        ("contains", ["OneTwoThree", "e"], True),
        ("contains", ["OneTwoThree", "z"], False),
        ("contains", [{"one": "a", "two": "b"}, "one"], True),
        ("contains", [["one", "two"], "three"], False),
        ("createArray", [1, 2, 3], [1, 2, 3]),
        ("empty", [[]], True),
        ("empty", [{}], True),
        ("empty", [""], True),
        ("first", [["one", "two", "three"]], "one"),
        ("first", ["One Two Three"], "O"),
        ("last", [["one", "two", "three"]], "three"),
        ("flatten", [[["one", "two"], ["three"], ["four", "five"]]], ["one", "two", "three", "four", "five"]),
        ("indexOf", [["a", "b", "c"], "b"], 1),
        ("indexOf", [[1, 2, 3], 4], -1),
        ("indexOf", ["test", "T"], 0),
        ("lastIndexOf", ["abcabc", "ab"], 3),
        ("intersection", [{"one": "a", "two": "b", "three": "c"}, {"one": "a", "two": "z", "three": "c"}], {"one": "a", "three": "c"}),
        ("intersection", [["one", "two", "three"], ["two", "three"]], ["two", "three"]),
        ("length", [["a", "b", "c"]], 3),
        ("length", ["One Two Three"], 13),
        ("length", [{"propA": "one", "propB": "two", "propC": "three", "propD": {"propD-1": "sub", "propD-2": "sub"}}], 4),
        ("max", [[0, 3, 2, 5, 4]], 5),
        ("min", [0, 3, 2, 5, 4], 0),
        ("range", [1, 5], [1, 2, 3, 4, 5]),
        ("skip", [["one", "two", "three"], 2], ["three"]),
        ("skip", ["one two three", 4], "two three"),
        ("take", [["one", "two", "three"], 2], ["one", "two"]),
        ("take", ["one two three", 2], "on"),
        ("union", [{"one": "a", "two": "b", "three": "c1"}, {"three": "c2", "four": "d", "five": "e"}],
         {"one": "a", "two": "b", "three": "c2", "four": "d", "five": "e"}),
        ("union", [["one", "two", "three"], ["three", "four"]], ["one", "two", "three", "four"]),
        ("union", [{"a": {"x": 1}}, {"a": {"y": 2}}], {"a": {"x": 1, "y": 2}}),
        ("tryGet", [{"a": {"b": 1}}, "a", "b"], 1),
        ("tryGet", [{"a": 1}, "missing"], None),
        # comparison
        ("coalesce", [None, None, "default"], "default"),
        ("coalesce", [None, None], None),
        ("equals", [1, 1], True),
        ("equals", ["demo", "Demo"], False),
        ("equals", [["a", "b"], ["a", "b"]], True),
        ("equals", [{"a": "b"}, {"a": "b"}], True),
        ("greater", [10, 5], True),
        ("greater", ["A", "a"], False),
        ("greaterOrEquals", [10, 10], True),
        ("less", [10, 5], False),
        ("lessOrEquals", ["A", "a"], True),
        # logical
        ("and", [True, False], False),
        ("or", [True, False], True),
        ("not", [True], False),
        ("if", [True, "a", "b"], "a"),
        ("bool", ["true"], True),
        ("bool", [0], False),
        # numeric
        ("add", [5, 3], 8),
        ("sub", [7, 3], 4),
        ("mul", [5, 3], 15),
        ("div", [8, 3], 2),
        ("div", [-8, 3], -2),
        ("mod", [7, 3], 1),
        ("mod", [-7, 3], -1),
        ("int", ["4"], 4),
        ("float", ["2.5"], 2.5),
        # objects
        ("createObject", ["intProp", 1, "stringProp", "abc"], {"intProp": 1, "stringProp": "abc"}),
        ("items", [{"item002": {"displayName": "b"}, "item001": {"displayName": "a"}}],
         [{"key": "item001", "value": {"displayName": "a"}}, {"key": "item002", "value": {"displayName": "b"}}]),
        ("json", ['{"a": "b"}'], {"a": "b"}),
        ("json", ["null"], None),
        ("null", [], None),
        ("shallowMerge", [[{"one": "a"}, {"two": "b"}, {"one": "c"}]], {"one": "c", "two": "b"}),
        # strings
        ("base64", ["one, two, three"], "b25lLCB0d28sIHRocmVl"),
        ("base64ToString", ["b25lLCB0d28sIHRocmVl"], "one, two, three"),
        ("base64ToJson", ["eyJvbmUiOiAiYSIsICJ0d28iOiAiYiJ9"], {"one": "a", "two": "b"}),
        ("dataUri", ["Hello"], "data:text/plain;charset=utf8;base64,SGVsbG8="),
        ("dataUriToString", ["data:;base64,SGVsbG8sIFdvcmxkIQ=="], "Hello, World!"),
        ("endsWith", ["abcdef", "DEF"], True),
        ("startsWith", ["abcdef", "AB"], True),
        ("format", ["{0}, {1}. Formatted number: {2:N0}", "Hello", "User", 8175133], "Hello, User. Formatted number: 8,175,133"),
        ("format", ["{0:D3}", 7], "007"),
        ("join", [["one", "two", "three"], ","], "one,two,three"),
        ("padLeft", ["123", 10, "0"], "0000000123"),
        ("replace", ["123-123-1234", "-", ""], "1231231234"),
        ("split", ["one,two,three", ","], ["one", "two", "three"]),
        ("split", ["one;two,three", [",", ";"]], ["one", "two", "three"]),
        ("string", [{"valueA": 10, "valueB": "Example Text"}], '{"valueA":10,"valueB":"Example Text"}'),
        ("string", [["a", "b", "c"]], '["a","b","c"]'),
        ("string", [5], "5"),
        ("string", [True], "True"),
        ("substring", ["hello world", 6, 5], "world"),
        ("toLower", ["One Two Three"], "one two three"),
        ("toUpper", ["One Two Three"], "ONE TWO THREE"),
        ("trim", ["    one two three   "], "one two three"),
        ("uri", ["http://contoso.com/resources/", "nested/azuredeploy.json"], "http://contoso.com/resources/nested/azuredeploy.json"),
        ("uri", ["http://contoso.com/resources/azuredeploy.json", "nested/azuredeploy.json"], "http://contoso.com/resources/nested/azuredeploy.json"),
        ("uriComponent", ["http://contoso.com/resources/nested/azuredeploy.json"], "http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json"),
        ("uriComponentToString", ["http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json"], "http://contoso.com/resources/nested/azuredeploy.json"),
        # dates
        ("dateTimeFromEpoch", [1683040573], "2023-05-02T15:16:13Z"),
        ("dateTimeToEpoch", ["2023-05-02T15:16:13Z"], 1683040573),
        ("dateTimeAdd", ["2020-04-07 14:53:14Z", "P3Y"], "2023-04-07T14:53:14Z"),
        ("dateTimeAdd", ["2020-04-07 14:53:14Z", "-P9D"], "2020-03-29T14:53:14Z"),
        ("dateTimeAdd", ["2020-04-07 14:53:14Z", "PT1H"], "2020-04-07T15:53:14Z"),
        # ip addresses
        ("parseCidr", ["10.144.0.0/20"], {"network": "10.144.0.0", "netmask": "255.255.240.0", "broadcast": "10.144.15.255",
                                          "firstUsable": "10.144.0.1", "lastUsable": "10.144.15.254", "cidr": 20}),
        ("cidrSubnet", ["10.144.0.0/20", 24, 2], "10.144.2.0/24"),
        ("cidrHost", ["10.144.3.0/24", 0], "10.144.3.1"),
    ],
)
def test_documented_example(name, args, expected) -> None:
    assert f(name, *args) == expected


def test_function_names_are_case_insensitive() -> None:
    assert f("ToLower", "A") == f("TOLOWER", "A") == "a"


def test_resource_ids_use_the_documented_placeholders() -> None:
    sub = "00000000-0000-0000-0000-000000000000"
    assert f("resourceId", "Microsoft.Network/virtualNetworks/subnets", "vnet", "default") == (
        f"/subscriptions/{sub}/resourceGroups/resource-group/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default"
    )
    assert f("resourceId", "otherGroup", "Microsoft.Storage/storageAccounts", "st") == (
        f"/subscriptions/{sub}/resourceGroups/otherGroup/providers/Microsoft.Storage/storageAccounts/st"
    )
    assert f("subscriptionResourceId", "Microsoft.Authorization/roleDefinitions", "r") == (
        f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/r"
    )
    assert f("tenantResourceId", "Microsoft.Management/managementGroups", "mg") == "/providers/Microsoft.Management/managementGroups/mg"
    assert f("extensionResourceId", "/subscriptions/s/resourceGroups/g", "Microsoft.Authorization/locks", "lock") == (
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Authorization/locks/lock"
    )
    assert f("resourceGroup")["name"] == "resource-group"
    assert f("subscription")["subscriptionId"] == sub
    assert isinstance(f("resourceGroup")["location"], Unknown)
    assert f("environment")["name"] == "AzureCloud"


def test_guid_and_unique_string_are_deterministic() -> None:
    assert f("guid", "a", "b") == f("guid", "a", "b") != f("guid", "a", "c")
    assert len(f("guid", "a")) == 36
    value = f("uniqueString", "rg-id")
    assert value == f("uniqueString", "rg-id") and len(value) == 13 and value.islower()


def test_runtime_only_functions_are_unknown() -> None:
    for name, args in (("reference", ["x"]), ("listKeys", ["x", "2020-01-01"]), ("newGuid", []), ("pickZones", ["a", "b", "c"])):
        assert isinstance(f(name, *args), Unknown)


def test_utc_now_only_in_a_parameter_default() -> None:
    with pytest.raises(EvaluationError):
        f("utcNow")
    allowed = FunctionContext(utc_now_allowed=True)
    assert f("utcNow", "u", context=allowed) == PLACEHOLDER_UTC_NOW.replace("T", " ")
    assert f("utcNow", context=allowed) == "20000101T000000Z"


def test_unknown_propagates_unless_the_function_can_decide() -> None:
    assert f("toLower", U) is U
    assert f("concat", "a", U) is U
    assert f("and", False, U) is False
    assert f("or", True, U) is True
    assert f("and", True, U) is U
    assert f("if", True, "a", U) == "a"
    assert f("coalesce", "x", U) == "x"
    assert f("coalesce", None, U) is U
    assert f("length", [U, U]) == 2
    assert f("contains", ["a", U], "a") is True
    assert isinstance(f("contains", ["b", U], "a"), Unknown)
    assert f("createObject", "a", U) == {"a": U}
    assert f("string", {"a": U}) is U


def test_lambdas() -> None:
    double = Lambda(("x",), lambda args: args[0] * 2)
    is_big = Lambda(("x",), lambda args: args[0] > 1)
    by_name = Lambda(("x",), lambda args: args[0]["name"])
    assert f("map", [1, 2, 3], double) == [2, 4, 6]
    assert f("filter", [1, 2, 3], is_big) == [2, 3]
    assert f("reduce", [1, 2, 3], 0, Lambda(("acc", "x"), lambda args: args[0] + args[1])) == 6
    assert f("sort", [3, 1, 2], Lambda(("a", "b"), lambda args: args[0] < args[1])) == [1, 2, 3]
    items = [{"name": "a", "v": 1}, {"name": "b", "v": 2}]
    assert f("toObject", items, by_name) == {"a": items[0], "b": items[1]}
    assert f("groupBy", ["foo", "bar", "baz"], Lambda(("x",), lambda args: args[0][0])) == {"f": ["foo"], "b": ["bar", "baz"]}
    assert f("mapValues", {"a": 1}, double) == {"a": 2}


def test_errors() -> None:
    with pytest.raises(UnsupportedFunction):
        f("noSuchFunction")
    with pytest.raises(EvaluationError):
        f("add", "a", 1)
    with pytest.raises(EvaluationError):
        f("substring", "abc", 2, 5)
