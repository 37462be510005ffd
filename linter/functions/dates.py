"""Date functions: dateTimeAdd, dateTimeFromEpoch, dateTimeToEpoch, utcNow.

utcNow() is allowed only in a parameter default (ARM rejects it elsewhere); it returns the fixed
placeholder `PLACEHOLDER_UTC_NOW` so that evaluation stays deterministic. Results are ISO 8601 UTC
(`yyyy-MM-ddTHH:mm:ssZ`) unless a .NET format string is given.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from .base import PLACEHOLDER_UTC_NOW, EvaluationError, FunctionContext, Table, expect, expect_int

TABLE = Table()

_DURATION = re.compile(
    r"(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_NET_TOKENS = re.compile(r"yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|fff|tt|K|Z|'[^']*'|.", re.S)


def parse_datetime(name: str, text: Any) -> datetime:
    value = expect(name, text, "string").strip()
    normalized = value.replace("Z", "+00:00").replace(" ", "T", 1) if "T" not in value else value.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(normalized)
    except ValueError:
        compact = re.fullmatch(r"(\d{8})T(\d{6})(Z?)", value)
        if not compact:
            raise EvaluationError(f"{name}(): {value!r} is not an ISO 8601 date-time") from None
        parsed = datetime.strptime(compact.group(1) + compact.group(2), "%Y%m%d%H%M%S")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def format_datetime(moment: datetime, net_format: str | None) -> str:
    """Render with a .NET date format (the common tokens), ISO 8601 by default."""
    if not net_format:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if len(net_format) == 1:
        standard = {"u": "yyyy-MM-dd HH:mm:ssZ", "s": "yyyy-MM-ddTHH:mm:ss", "o": "yyyy-MM-ddTHH:mm:ss.fffffffK", "d": "M/d/yyyy"}
        net_format = standard.get(net_format, net_format)
    parts = []
    for token in _NET_TOKENS.findall(net_format):
        parts.append(_render(token, moment))
    return "".join(parts)


def _render(token: str, moment: datetime) -> str:
    table = {
        "yyyy": f"{moment.year:04d}", "yy": f"{moment.year % 100:02d}", "MM": f"{moment.month:02d}", "M": str(moment.month),
        "dd": f"{moment.day:02d}", "d": str(moment.day), "HH": f"{moment.hour:02d}", "H": str(moment.hour),
        "hh": f"{(moment.hour % 12) or 12:02d}", "h": str((moment.hour % 12) or 12), "mm": f"{moment.minute:02d}",
        "m": str(moment.minute), "ss": f"{moment.second:02d}", "s": str(moment.second),
        "fff": f"{moment.microsecond // 1000:03d}", "tt": "AM" if moment.hour < 12 else "PM", "K": "Z", "Z": "Z",
    }
    if token in table:
        return table[token]
    if token.startswith("'") and token.endswith("'") and len(token) >= 2:
        return token[1:-1]
    return token


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@TABLE.add("dateTimeAdd", min_args=2, max_args=3)
def date_time_add(args: list[Any], context: FunctionContext) -> Any:
    moment = parse_datetime("dateTimeAdd", args[0])
    match = _DURATION.match(expect("dateTimeAdd", args[1], "string").strip())
    if not match or args[1].strip() in ("P", "-P", "PT"):
        raise EvaluationError(f"dateTimeAdd(): {args[1]!r} is not an ISO 8601 duration")
    sign = -1 if match.group("sign") else 1
    number = {key: float(value) if value else 0.0 for key, value in match.groupdict().items() if key != "sign"}
    moment = _add_months(moment, sign * int(number["years"] * 12 + number["months"]))
    moment += sign * timedelta(
        weeks=number["weeks"], days=number["days"], hours=number["hours"], minutes=number["minutes"], seconds=number["seconds"]
    )
    return format_datetime(moment, expect("dateTimeAdd", args[2], "string") if len(args) > 2 else None)


@TABLE.add("dateTimeFromEpoch", min_args=1, max_args=1)
def date_time_from_epoch(args: list[Any], context: FunctionContext) -> Any:
    seconds = expect_int("dateTimeFromEpoch", args[0])
    return format_datetime(datetime.fromtimestamp(seconds, tz=timezone.utc), None)


@TABLE.add("dateTimeToEpoch", min_args=1, max_args=1)
def date_time_to_epoch(args: list[Any], context: FunctionContext) -> Any:
    return int(parse_datetime("dateTimeToEpoch", args[0]).timestamp())


@TABLE.add("utcNow", max_args=1)
def utc_now(args: list[Any], context: FunctionContext) -> Any:
    if not context.utc_now_allowed:
        raise EvaluationError("utcNow() can only be used in the default value of a parameter")
    moment = parse_datetime("utcNow", PLACEHOLDER_UTC_NOW)
    return format_datetime(moment, expect("utcNow", args[0], "string") if args else "yyyyMMddTHHmmssZ")
