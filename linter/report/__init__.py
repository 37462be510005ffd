"""Reporters: turn a `Report` into text for people or machines. They never import the front ends."""

from __future__ import annotations

from collections.abc import Callable

from ..engine import Report

FORMATS = ("text", "json", "sarif")


def render(report: Report, format_name: str, **options: object) -> str:
    renderer: Callable[..., str]
    if format_name == "json":
        from .json_report import render as renderer
    elif format_name == "sarif":
        from .sarif import render as renderer
    else:
        from .text import render as renderer
    return renderer(report, **options)
