"""Which command a `vmss-lint` command line means, and the top-level help.

`vmss-lint check PATH...` lints; `vmss-lint PATH...` is short for it. A first word that names a command
(`check`, `lint`, `rules`, `rule`) is that command only when no directory of that name exists in the
working directory: a path that names an existing directory is always linted, never taken as a command.
`--list-rules` and `--explain RULE` reach `rules` and `rule` whatever the directory holds.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import click

DEFAULT_COMMAND = "check"
HIDDEN_ALIASES = ("lint",)  # the old name of `check`, still accepted
_ROOT_FLAGS = ("--help", "-h", "--version")
_ROUTED_FLAGS = {"--list-rules": "rules", "--explain": "rule"}


def route(args: Sequence[str], commands: Sequence[str]) -> list[str]:
    """The argument list with the command made explicit: `check` unless the first word is a command."""
    args = list(args)
    if not args:
        return [DEFAULT_COMMAND]
    first = args[0]
    if first in _ROOT_FLAGS:
        return args
    if first in _ROUTED_FLAGS:
        return [_ROUTED_FLAGS[first], *args[1:]]
    if first.startswith("--explain="):
        return ["rule", first.partition("=")[2], *args[1:]]
    if first in commands and not os.path.isdir(first):
        return args
    return [DEFAULT_COMMAND, *args]


class DefaultToCheck(click.Group):
    """A group whose default command is `check` and whose `--help` shows the lint options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, route(args, list(self.commands)))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in super().list_commands(ctx) if name not in HIDDEN_ALIASES]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] [PATH]...")
        formatter.write_usage(ctx.command_path, "COMMAND [ARGS]...", prefix="   or: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        check = self.commands[DEFAULT_COMMAND]
        with click.Context(check, info_name=DEFAULT_COMMAND, parent=ctx) as sub:
            check.format_options(sub, formatter)
        with formatter.section("Other options"):
            formatter.write_dl(
                [
                    ("--version", "Print the version and exit."),
                    ("--list-rules", "Same as `vmss-lint rules`."),
                    ("--explain RULE", "Same as `vmss-lint rule RULE`."),
                ]
            )
        self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        formatter.write_text(
            "`vmss-lint PATH...` is short for `vmss-lint check PATH...`. A first argument that names an existing "
            "directory is always linted, even when it is spelled like a command (`rules`, `rule`, `check`): "
            "use --list-rules or --explain RULE there."
        )
