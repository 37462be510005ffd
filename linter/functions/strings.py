"""Template functions: strings."""

from __future__ import annotations

from .base import Table

TABLE = Table()
