"""Where the reports of one run go: `--format FORMAT[:FILE]` (repeatable), `-o`, colour, `--statistics`.

Each `--format` names a format and optionally the file it is written to (`--format sarif:out.sarif`).
A format without a file goes to `--output` when given, else to stdout; at most one can go to stdout.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .engine import Report
    from .findings import Finding

FORMATS = ("text", "json", "sarif", "github", "junit")


@dataclass(frozen=True)
class Destination:
    format: str
    file: Path | None = None  # None: stdout


class FormatSpec(click.ParamType):  # type: ignore[type-arg, unused-ignore]  # generic only in newer click stubs
    """`FORMAT` or `FORMAT:FILE`."""

    name = "FORMAT[:FILE]"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Destination:
        if isinstance(value, Destination):
            return value
        name, colon, file = str(value).partition(":")
        if name not in FORMATS:
            self.fail(f"{name!r} is not a format; choose from {', '.join(FORMATS)} (optionally FORMAT:FILE)", param, ctx)
        if colon and not file:
            self.fail(f"{value!r} names no file after ':'", param, ctx)
        return Destination(name, Path(file) if colon else None)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(FORMATS) + "][:FILE]"


def destinations(specs: Sequence[Destination], output: Path | None) -> list[Destination]:
    """Every report to write; raises click.UsageError when the flags contradict each other."""
    chosen = list(specs) or [Destination("text")]
    unplaced = [index for index, spec in enumerate(chosen) if spec.file is None]
    if output is not None:
        if len(unplaced) != 1:
            why = "every --format names its FILE" if not unplaced else f"{len(unplaced)} formats have no FILE"
            raise click.UsageError(f"--output names one file for one format, but {why}")
        chosen[unplaced[0]] = Destination(chosen[unplaced[0]].format, output)
    elif len(unplaced) > 1:
        names = ", ".join(chosen[index].format for index in unplaced)
        raise click.UsageError(f"only one report can go to stdout ({names} were asked): write the others to files, e.g. --format sarif:out.sarif")
    files = [spec.file for spec in chosen if spec.file is not None]
    if len({file.resolve() for file in files}) != len(files):
        raise click.UsageError("two reports name the same FILE")
    return chosen


def use_colour(choice: str, environ: Mapping[str, str] | None = None, is_terminal: bool | None = None) -> bool:
    """--color always/never decide. auto: no with NO_COLOR or TERM=dumb, yes with FORCE_COLOR, else on a terminal.

    NO_COLOR (no-color.org) wins over FORCE_COLOR (force-color.org); `FORCE_COLOR=0` does not force.
    """
    if choice != "auto":
        return choice == "always"
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty() if is_terminal is None else is_terminal


def dumb_terminal(environ: Mapping[str, str] | None = None) -> bool:
    """TERM=dumb: no cursor movement, so no progress bar."""
    return (os.environ if environ is None else environ).get("TERM") == "dumb"


def count_per_rule(findings: Sequence[Finding]) -> str:
    """Count per rule of the findings that count (suppressed ones left out), most frequent first."""
    counts: dict[tuple[str, str, str], int] = {}
    for finding in findings:
        key = (finding.rule_id, finding.rule_name, finding.severity.value)
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return "no findings\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width_count = max(len(str(count)) for _, count in rows)
    width_id = max(len(key[0]) for key, _ in rows)
    width_name = max(len(key[1]) for key, _ in rows)
    lines = [f"{count:>{width_count}}  {rule_id:<{width_id}}  {name:<{width_name}}  {severity}".rstrip() for (rule_id, name, severity), count in rows]
    return "\n".join(lines) + "\n"


def emit(report: Report, outputs: list[Destination], texts: list[str], *, quiet: bool, statistics: bool, coloured: bool) -> None:
    """Write each report to its file or stdout; --statistics replaces the text report on stdout."""
    to_stdout = None
    for spec, text in zip(outputs, texts):
        if spec.file is None:
            to_stdout = (spec, text)
            continue
        try:
            spec.file.write_text(text, encoding="utf-8")
        except OSError as error:
            click.echo(f"vmss-lint: cannot write {spec.file}: {error.strerror or error}", err=True)
            sys.exit(2)  # the CLI's exit code for errors that are not findings
    if statistics:
        table = count_per_rule(report.active_findings)
        if to_stdout is not None and to_stdout[0].format != "text":
            click.echo(table, nl=False, err=True)
        else:
            click.echo(table, nl=False)
            to_stdout = None
    if to_stdout is not None:
        # click strips ANSI codes on a pipe unless told otherwise; the text renderer only adds them when asked
        click.echo(to_stdout[1], nl=False, color=coloured and to_stdout[0].format == "text")
    elif not statistics and (not quiet or any(spec.format != "text" for spec in outputs)):
        from .report.text import summary

        click.echo(summary(report), err=True)
