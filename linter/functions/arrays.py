"""Template functions: arrays."""

from __future__ import annotations

from .base import Table

TABLE = Table()
