"""The `vmss-lint` console command.

Start-up imports click, the front ends and about a hundred rule modules: it only allocates, so the cyclic
garbage collector has nothing to find and its passes cost a twentieth of a one-file run. It stays off
until the CLI has loaded the rules, which then tunes and re-enables it (`cli._tune_garbage_collector`).
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    try:
        from .cli import main as run

        run()
    finally:
        gc.enable()
