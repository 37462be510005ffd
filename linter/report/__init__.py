"""Reporters: turn a `Report` into text for people or machines. They never import the front ends."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..engine import Report

FORMATS = ("text", "json", "sarif", "github", "junit")
_MODULES = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github", "junit": "junit"}


def render(report: Report, format_name: str, **options: object) -> str:
    module = importlib.import_module(f"{__name__}.{_MODULES.get(format_name, 'text')}")
    renderer: Callable[..., str] = module.render
    return renderer(report, **options)
