"""String functions (reference: "String functions for ARM templates").

`guid()` is a name-based UUID (version 5, SHA-1) over the arguments joined by '-': deterministic, in
ARM's format. `uniqueString()` is deterministic and has ARM's shape (13 lowercase base-32 characters)
but is NOT Azure's exact hash (Azure's MurmurHash64 variant is not published): names built with it
are placeholders, never compared with real names.
"""

from __future__ import annotations

import base64 as _base64
import hashlib
import json
import re
from typing import Any

from ..values import Unknown
from .base import EvaluationError, FunctionContext, Table, check_length, expect, expect_int, is_int, type_name

TABLE = Table()

# The namespace of ARM's guid() (a UUID v5 over the '-'-joined arguments).
GUID_NAMESPACE = "11fb06fb-712d-4ddd-98c7-e71bbd588830"  # uuid and urllib are imported where used: start-up
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


def to_text(value: Any) -> str:
    """ARM's string(): JSON for arrays and objects, True/False for bools, '' for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _str(name: str, value: Any) -> str:
    return str(expect(name, value, "string"))


@TABLE.add("string", min_args=1, max_args=1)
def string(args: list[Any], context: FunctionContext) -> Any:
    return to_text(args[0])


@TABLE.add("toLower", min_args=1, max_args=1)
def to_lower(args: list[Any], context: FunctionContext) -> Any:
    return _str("toLower", args[0]).lower()


@TABLE.add("toUpper", min_args=1, max_args=1)
def to_upper(args: list[Any], context: FunctionContext) -> Any:
    return _str("toUpper", args[0]).upper()


@TABLE.add("trim", min_args=1, max_args=1)
def trim(args: list[Any], context: FunctionContext) -> Any:
    return _str("trim", args[0]).strip()


@TABLE.add("startsWith", min_args=2, max_args=2)
def starts_with(args: list[Any], context: FunctionContext) -> Any:
    return _str("startsWith", args[0]).casefold().startswith(_str("startsWith", args[1]).casefold())


@TABLE.add("endsWith", min_args=2, max_args=2)
def ends_with(args: list[Any], context: FunctionContext) -> Any:
    return _str("endsWith", args[0]).casefold().endswith(_str("endsWith", args[1]).casefold())


@TABLE.add("replace", min_args=3, max_args=3)
def replace(args: list[Any], context: FunctionContext) -> Any:
    text, old, new = _str("replace", args[0]), _str("replace", args[1]), _str("replace", args[2])
    if len(new) > len(old):
        check_length("replace", len(text) + (text.count(old) if old else len(text) + 1) * (len(new) - len(old)))
    return text.replace(old, new)


@TABLE.add("split", min_args=2, max_args=2)
def split(args: list[Any], context: FunctionContext) -> Any:
    text = _str("split", args[0])
    delimiters = args[1] if isinstance(args[1], list) else [args[1]]
    delimiters = [_str("split", delimiter) for delimiter in delimiters if delimiter != ""]
    if not delimiters:
        return [text]
    return re.split("|".join(re.escape(delimiter) for delimiter in delimiters), text)


@TABLE.add("join", min_args=2, max_args=2)
def join(args: list[Any], context: FunctionContext) -> Any:
    items = expect("join", args[0], "array")
    delimiter = _str("join", args[1])
    check_length("join", len(delimiter) * len(items))
    return delimiter.join(to_text(item) for item in items)


@TABLE.add("substring", min_args=1, max_args=3)
def substring(args: list[Any], context: FunctionContext) -> Any:
    text = _str("substring", args[0])
    start = expect_int("substring", args[1]) if len(args) > 1 else 0
    length = expect_int("substring", args[2]) if len(args) > 2 else len(text) - start
    if start < 0 or length < 0 or start + length > len(text):
        raise EvaluationError(f"substring(): start {start} and length {length} are outside the string (length {len(text)})")
    return text[start : start + length]


@TABLE.add("padLeft", min_args=2, max_args=3)
def pad_left(args: list[Any], context: FunctionContext) -> Any:
    value = args[0]
    text = str(value) if is_int(value) else _str("padLeft", value)
    width = expect_int("padLeft", args[1])
    padding = _str("padLeft", args[2]) if len(args) > 2 else " "
    if len(padding) != 1:
        raise EvaluationError("padLeft(): the padding must be one character")
    return text.rjust(check_length("padLeft", width), padding)


@TABLE.add("base64", min_args=1, max_args=1)
def base64(args: list[Any], context: FunctionContext) -> Any:
    return _base64.b64encode(_str("base64", args[0]).encode("utf-8")).decode("ascii")


def _unbase64(name: str, value: Any) -> str:
    try:
        return _base64.b64decode(_str(name, value), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise EvaluationError(f"{name}(): not valid base64") from None


@TABLE.add("base64ToString", min_args=1, max_args=1)
def base64_to_string(args: list[Any], context: FunctionContext) -> Any:
    return _unbase64("base64ToString", args[0])


@TABLE.add("base64ToJson", min_args=1, max_args=1)
def base64_to_json(args: list[Any], context: FunctionContext) -> Any:
    try:
        return json.loads(_unbase64("base64ToJson", args[0]))
    except ValueError:
        raise EvaluationError("base64ToJson(): not JSON") from None


@TABLE.add("dataUri", min_args=1, max_args=1)
def data_uri(args: list[Any], context: FunctionContext) -> Any:
    return "data:text/plain;charset=utf8;base64," + base64(args, context)


@TABLE.add("dataUriToString", min_args=1, max_args=1)
def data_uri_to_string(args: list[Any], context: FunctionContext) -> Any:
    text = _str("dataUriToString", args[0])
    header, comma, payload = text.partition(",")
    if not header.startswith("data:") or not comma:
        raise EvaluationError("dataUriToString(): not a data URI")
    if header.endswith(";base64"):
        return _unbase64("dataUriToString", payload)
    import urllib.parse

    return urllib.parse.unquote(payload)


@TABLE.add("uri", min_args=2, max_args=2)
def uri(args: list[Any], context: FunctionContext) -> Any:
    import urllib.parse

    return urllib.parse.urljoin(_str("uri", args[0]), _str("uri", args[1]))


@TABLE.add("uriComponent", min_args=1, max_args=1)
def uri_component(args: list[Any], context: FunctionContext) -> Any:
    import urllib.parse

    return urllib.parse.quote(_str("uriComponent", args[0]), safe="-_.!~*'()")


@TABLE.add("uriComponentToString", min_args=1, max_args=1)
def uri_component_to_string(args: list[Any], context: FunctionContext) -> Any:
    import urllib.parse

    return urllib.parse.unquote(_str("uriComponentToString", args[0]))


def _hash_input(name: str, args: list[Any]) -> str:
    return "-".join(_str(name, arg) for arg in args)


@TABLE.add("guid", min_args=1)
def guid(args: list[Any], context: FunctionContext) -> Any:
    import uuid

    return str(uuid.uuid5(uuid.UUID(GUID_NAMESPACE), _hash_input("guid", args)))


@TABLE.add("uniqueString", min_args=1)
def unique_string(args: list[Any], context: FunctionContext) -> Any:
    digest = int.from_bytes(hashlib.sha256(_hash_input("uniqueString", args).encode("utf-8")).digest()[:8], "big")
    return "".join(_BASE32[(digest >> shift) & 31] for shift in range(60, -5, -5))[:13]


@TABLE.add("newGuid", max_args=0, unknown_ok=True)
def new_guid(args: list[Any], context: FunctionContext) -> Any:
    return Unknown("newGuid() is a new value at every deployment")


@TABLE.add("format", min_args=1)
def format_(args: list[Any], context: FunctionContext) -> Any:
    """.NET composite formatting: {index[,alignment][:format]} with {{ and }} escapes."""
    template = _str("format", args[0])
    values = args[1:]
    out: list[str] = []
    position = 0
    built = len(template)
    for match in _PLACEHOLDER.finditer(template):
        out.append(template[position : match.start()])
        position = match.end()
        if match.group("open"):
            out.append("{")
            continue
        if match.group("close"):
            out.append("}")
            continue
        index = int(match.group("index"))
        if index >= len(values):
            raise EvaluationError(f"format(): no argument for {{{index}}}")
        text = _format_value(values[index], match.group("spec") or "")
        alignment = match.group("align")
        if alignment:
            width = int(alignment)
            check_length("format", abs(width))
            text = text.rjust(width) if width > 0 else text.ljust(-width)
        out.append(text)
        built += len(text)
        check_length("format", built)
    rest = template[position:]
    if "{" in rest or "}" in rest:
        raise EvaluationError("format(): unbalanced braces in the format string")
    out.append(rest)
    return "".join(out)


_PLACEHOLDER = re.compile(r"(?P<open>\{\{)|(?P<close>\}\})|\{(?P<index>\d+)\s*(?:,\s*(?P<align>-?\d+))?(?::(?P<spec>[^}]*))?\}")


def _format_value(value: Any, spec: str) -> str:
    if not spec:
        return to_text(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return to_text(value)
    code, digits_text = spec[0].upper(), spec[1:]
    digits = check_length("format", int(digits_text)) if digits_text.isdigit() else None
    if code == "D" and is_int(value):
        text = str(abs(value)).rjust(digits or 0, "0")
        return f"-{text}" if value < 0 else text
    if code == "X" and is_int(value):
        text = format(int(value) & 0xFFFFFFFFFFFFFFFF if value < 0 else value, "X" if spec[0] == "X" else "x")
        return text.rjust(digits or 0, "0")
    if code == "N":
        return f"{value:,.{2 if digits is None else digits}f}"
    if code == "F":
        return f"{value:.{2 if digits is None else digits}f}"
    if code == "P":
        return f"{value * 100:,.{2 if digits is None else digits}f} %"
    if code == "E":
        return f"{value:.{6 if digits is None else digits}E}".replace("E+", "E+0").replace("E-", "E-0")
    if all(char in "0#,." for char in spec):
        return _custom_number(value, spec)
    raise EvaluationError(f"format(): unsupported format specifier {spec!r}")


def _custom_number(value: Any, spec: str) -> str:
    integer_part, _, fraction = spec.partition(".")
    decimals = len(fraction)
    minimum = integer_part.replace(",", "").count("0")
    grouped = "," in integer_part
    text = f"{abs(value):{',' if grouped else ''}.{decimals}f}"
    whole, dot, rest = text.partition(".")
    whole = whole.replace(",", "").rjust(minimum, "0")
    if grouped:
        whole = f"{int(whole):,}".rjust(minimum, "0")
    if whole == "0" and minimum == 0:
        whole = ""
    result = whole + (dot + rest if decimals else "")
    return f"-{result}" if value < 0 else result


def type_error(name: str, value: Any) -> EvaluationError:
    return EvaluationError(f"{name}(): unexpected {type_name(value)}")
