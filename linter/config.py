"""The settings of one run: what the CLI flags and configuration files say."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .findings import Severity
from .registry import DEFAULT_PROFILE


@dataclass
class Config:
    profile: str = DEFAULT_PROFILE
    select: tuple[str, ...] = ()  # rule-id prefixes; empty means all
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)  # per rule id
    options: dict[str, Any] = field(default_factory=dict)  # rule option name -> value
    fail_on: Severity = Severity.ERROR
    exclude: tuple[str, ...] = ()
    parameter_map: dict[str, list[str]] = field(default_factory=dict)
    parameters: tuple[str, ...] = ()  # --parameters files applied to every template
    show_unknown: bool = False
    explore_allowed_values: bool = True
    max_variants: int = 16
    max_file_bytes: int = 20 * 1024 * 1024
    jobs: int = 1  # the CLI defaults to the number of cores
    baseline: str | None = None  # findings recorded in this baseline file are reported as suppressed
    show_suppressed: bool = False
    config_file: str | None = None  # the configuration file these settings came from, if any
    module_cache: str | None = None  # Bicep's module cache root (--module-cache); None: as Bicep finds it
    project_root: str | None = None  # printed paths are relative to it (project.py); None: worked out per run
    with_dependents: bool = False  # files named on the command line bring in the templates that use them

    def is_selected(self, rule_id: str) -> bool:
        return _selected(rule_id, tuple(self.select), tuple(self.ignore))


@lru_cache(maxsize=4096)
def _selected(rule_id: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    if select and not any(_matches(rule_id, prefix) for prefix in select):
        return False
    return not any(_matches(rule_id, prefix) for prefix in ignore)


def _matches(rule_id: str, prefix: str) -> bool:
    """`FLEX` selects VMSS-FLEX-*; `VMSS-FLEX-03` selects VMSS-FLEX-030..039; `ALL` selects everything."""
    prefix = prefix.strip().upper()
    if prefix in ("ALL", ""):
        return True
    rule_id = rule_id.upper()
    if rule_id.startswith(prefix):
        return True
    return any(rule_id[index + 1 :].startswith(prefix) for index, char in enumerate(rule_id) if char == "-")
