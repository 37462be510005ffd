"""`--show-settings`: the resolved configuration of a run and where each value came from.

Each setting is shown under its configuration-file key, with its origin: `default`, the configuration
file that set it, or the command-line flag that overrode it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .config import Config
from .findings import Severity

# (configuration key, Config attribute); `parameters` on the command line is a separate attribute.
SETTINGS = (
    ("profile", "profile"),
    ("fail-on", "fail_on"),
    ("select", "select"),
    ("ignore", "ignore"),
    ("severity", "severities"),
    ("options", "options"),
    ("exclude", "exclude"),
    ("parameters", "parameter_map"),
    ("show-unknown", "show_unknown"),
    ("show-suppressed", "show_suppressed"),
    ("explore-allowed-values", "explore_allowed_values"),
    ("max-variants", "max_variants"),
    ("max-file-size", "max_file_bytes"),
    ("baseline", "baseline"),
)
FLAG_ONLY = (("--parameters", "parameters"), ("--jobs", "jobs"))


def describe(config: Config, flags: Mapping[str, str], file_keys: set[str], config_note: str = "") -> str:
    """One line per setting: `key = value  # origin`. `flags` maps Config attributes to the flag that set
    them; `file_keys` are the keys the configuration file sets."""
    file = config.config_file
    lines = [f"# configuration file: {file or 'none'}{f' ({config_note})' if config_note else ''}"]
    for key, attribute in SETTINGS:
        if attribute in flags:
            origin = f"flag {flags[attribute]}"
        elif key in file_keys and file:
            origin = f"config file {file}"
        else:
            origin = "default"
        lines.append(f"{key} = {_shown(getattr(config, attribute))}  # {origin}")
    lines.append("# settings of the command line only")
    for flag, attribute in FLAG_ONLY:
        origin = f"flag {flag}" if attribute in flags else "default"
        lines.append(f"{flag} = {_shown(getattr(config, attribute))}  # {origin}")
    return "\n".join(lines) + "\n"


def file_keys(config: Config) -> set[str]:
    """The keys the configuration file in use sets (none without a file)."""
    if not config.config_file:
        return set()
    from .configfile import read_config_file

    return set(read_config_file(Path(config.config_file)))


def _shown(value: Any) -> str:
    if isinstance(value, Severity):
        return json.dumps(value.value)
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, dict):
        value = {key: _plain(item) for key, item in sorted(value.items())}
    return json.dumps(value, default=str)


def _plain(value: Any) -> Any:
    if isinstance(value, Severity):
        return value.value
    return list(value) if isinstance(value, tuple) else value
