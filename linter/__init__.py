"""vmss-lint: check Azure Virtual Machine Scale Set templates against orchestration-mode constraints."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Config
    from .engine import Report


def lint(paths: list[str], config: Config | None = None) -> Report:
    """Lint files or directories and return the report (findings, files, skipped inputs)."""
    from .engine import lint as run

    return run(paths, config)


__all__ = ["__version__", "lint"]
