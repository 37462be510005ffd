"""vmss-lint: check Azure Virtual Machine Scale Set templates against orchestration-mode constraints.

    import vmss_lint
    config = vmss_lint.load_config("pyproject.toml")   # or load_config(paths=["infra"]) to find it
    report = vmss_lint.lint(["infra"], config)          # config may also be a path, or None for defaults
    for finding in report.active_findings: ...
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .config import Config
    from .engine import Report


def lint(paths: list[str], config: Config | str | PathLike[str] | None = None) -> Report:
    """Lint files or directories and return the report (findings, files, skipped inputs).

    `config` is a Config, the path of a configuration file (`.vmss-lint.yaml` or a pyproject.toml with
    `[tool.vmss-lint]`), or None for the defaults. Suppressions and the config's baseline apply;
    `Report.active_findings` are the findings that count, `Report.failed()` says whether the run fails.
    """
    from .engine import lint as run

    if isinstance(config, (str, PathLike)):
        config = load_config(config)
    return run(paths, config)


def load_config(path: str | PathLike[str] | None = None, *, paths: Iterable[str | PathLike[str]] = ()) -> Config:
    """The Config of configuration file `path`, or of the nearest one above `paths`, or the defaults.

    Raises vmss_lint.configfile.ConfigError naming the file, the key and the allowed values.
    """
    from pathlib import Path

    from .configfile import load_config as load

    return load(None if path is None else Path(path), paths=[Path(item) for item in paths])


__all__ = ["__version__", "lint", "load_config"]
