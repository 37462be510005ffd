"""Command line: `vmss-lint [check] [OPTIONS] PATH...`, `vmss-lint rules`, `vmss-lint rule ID`.

Which command a command line means is decided in cli_dispatch.py; where reports go in cli_output.py.

Exit codes: 0 no finding at or above --fail-on; 1 such findings (parse errors included);
2 usage, configuration or internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .cli_dispatch import DefaultToCheck
from .cli_output import Destination, FormatSpec

if TYPE_CHECKING:
    from .stdin import StdinDocument

if TYPE_CHECKING:
    from .config import Config
    from .engine import Report
    from .findings import Finding
    from .history import PreviousVersions
    from .registry import Registry
    from .report.progress import ProgressBar

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="vmss-lint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint Azure Virtual Machine Scale Set templates (ARM JSON and Bicep) for orchestration-mode errors."""


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--format", "formats", type=FormatSpec(), multiple=True, help="Output format (default text), optionally written to FILE; repeat for several reports in one run, e.g. --format sarif:out.sarif --format text.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report (of the --format without a FILE) to FILE instead of stdout.")
@click.option("--profile", type=click.Choice(["current", "seed-2022"]), default=None, help="Platform knowledge: today's Azure (current, default) or the 2022 article (seed-2022).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "note"]), default=None, help="Lowest severity that makes the exit code 1 (default error).")
@click.option("--select", multiple=True, help="Only these rule-id prefixes (repeat or comma-separate), e.g. FLEX or VMSS-UNI-02.")
@click.option("--ignore", multiple=True, help="Skip these rule-id prefixes.")
@click.option("--parameters", "parameter_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Parameter file applied to every template (repeatable).")
@click.option("--show-unknown", is_flag=True, help="Add a note wherever a rule could not decide because a value is unknown.")
@click.option("--quiet", "-q", is_flag=True, help="Print only findings at or above --fail-on, no summary.")
@click.option("--verbose", "-v", is_flag=True, help="Also say which files were skipped and why, and evaluation notes.")
@click.option("--sarif-category", default=None, help="SARIF runAutomationDetails.id (for several uploads per commit).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Configuration file (default: the nearest .vmss-lint.yaml or pyproject.toml [tool.vmss-lint] above PATH).")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Record the current findings in FILE and exit 0.")
@click.option("--show-suppressed", is_flag=True, default=None, help="Also list suppressed findings (with their reason).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour in text output (auto: on a terminal, or with FORCE_COLOR; never with NO_COLOR or TERM=dumb).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Files linted in parallel (default: the number of cores). Output is the same for any value.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None, help="Largest file read, in bytes (default 20 MiB); larger files get a LINT-003 error.")
@click.option("--previous", "previous_path", type=click.Path(path_type=Path), default=None, help="An earlier version of the template (or a directory mirroring the linted tree): enables the change-aware rules.")
@click.option("--diff-base", "diff_base", metavar="GITREF", default=None, help="Compare each linted file with its version where this branch left GITREF (their merge base, as `git diff GITREF...HEAD`; e.g. origin/main): enables the change-aware rules.")
@click.option("--module-cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Bicep's local module cache (the folder holding br/ and ts/; default: as Bicep finds it, ~/.bicep or cacheRootDirectory).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run (2 still means a usage or internal error).")
@click.option("--show-settings", is_flag=True, help="Print the resolved configuration and where each value came from, and exit.")
@click.option("--show-files", is_flag=True, help="Print which files would be linted (and why others are skipped), and exit.")
@click.option("--add-suppressions", is_flag=True, help="Write a `vmss-lint-disable-next-line` comment above each finding, with a reason for you to fill in.")
@click.option("--with-dependents", is_flag=True, help="Also lint the templates that use the named files (as a module, import, linked template or loaded file), and what uses those: the pre-commit hook's way to judge a changed module by its callers.")
@click.option("--stdin-filename", type=click.Path(dir_okay=False, path_type=Path), default=None, help="The path of the document read from standard input (PATH `-`): its kind, configuration and neighbours, and the path in the report.")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply the safe fixes of the findings to the files; the report shows what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff instead of applying them (changes nothing).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that change behaviour (e.g. an apiVersion or a SKU).")
def lint_command(
    paths: tuple[Path, ...],
    formats: tuple[Destination, ...],
    output: Path | None,
    profile: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    parameter_files: tuple[Path, ...],
    show_unknown: bool,
    quiet: bool,
    verbose: bool,
    sarif_category: str | None,
    config_file: Path | None,
    no_config: bool,
    baseline_file: Path | None,
    write_baseline: Path | None,
    show_suppressed: bool | None,
    color: str,
    jobs: int | None,
    max_file_size: int | None,
    previous_path: Path | None = None,
    diff_base: str | None = None,
    module_cache: Path | None = None,
    statistics: bool = False,
    exit_zero: bool = False,
    show_settings: bool = False,
    show_files: bool = False,
    add_suppressions: bool = False,
    stdin_filename: Path | None = None,
    with_dependents: bool = False,
    apply_fixes: bool = False,
    show_diff: bool = False,
    unsafe_fixes: bool = False,
) -> None:
    """Lint PATH... (files or directories; default: the current directory)."""
    from . import baseline
    from .cli_output import destinations, dumb_terminal, emit, use_colour
    from .config import Config
    from .configfile import ConfigError, load_config
    from .engine import lint
    from .findings import Severity
    from .registry import RegistryError, load_registry
    from .report import render

    outputs = destinations(formats, output)
    try:
        registry = load_registry()
    except RegistryError as error:
        click.echo(f"vmss-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    _tune_garbage_collector()
    targets = list(paths) or ([Path("-")] if stdin_filename else [Path(".")])
    stdin = _read_stdin(targets, stdin_filename)
    anchors = [stdin.anchor if stdin is not None and target.as_posix() == "-" else target for target in targets]
    try:
        config = Config() if no_config else load_config(config_file, paths=anchors, registry=registry)
    except ConfigError as error:
        click.echo(f"vmss-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    flags: dict[str, str] = {}  # Config attribute -> the flag that set it (--show-settings)
    # command-line flags override the configuration file
    if profile:
        config.profile, flags["profile"] = profile, "--profile"
    if fail_on:
        config.fail_on, flags["fail_on"] = Severity.parse(fail_on), "--fail-on"
    if select:
        config.select, flags["select"] = _split(select), "--select"
    if ignore:
        config.ignore, flags["ignore"] = _split(ignore), "--ignore"
    config.parameters = tuple(str(path) for path in parameter_files)
    if parameter_files:
        flags["parameters"] = "--parameters"
    if show_unknown:
        config.show_unknown, flags["show_unknown"] = True, "--show-unknown"
    if with_dependents:
        config.with_dependents, flags["with_dependents"] = True, "--with-dependents"
    if show_suppressed is not None:
        config.show_suppressed, flags["show_suppressed"] = show_suppressed, "--show-suppressed"
    if baseline_file:
        config.baseline, flags["baseline"] = str(baseline_file), "--baseline"
    if write_baseline:
        config.baseline, flags["baseline"] = None, "--write-baseline"  # record every finding, including those of an older baseline
    from .parallel import default_jobs

    config.jobs = jobs or default_jobs()
    if jobs:
        flags["jobs"] = "--jobs"
    if max_file_size:
        config.max_file_bytes, flags["max_file_bytes"] = max_file_size, "--max-file-size"
    if module_cache:
        config.module_cache, flags["module_cache"] = str(module_cache.resolve()), "--module-cache"
    outputs_written = [spec.file for spec in outputs if spec.file is not None] + ([output] if output is not None else [])
    _check_usage(config, registry, targets, outputs_written, config_file)
    if show_settings or show_files:
        _show_and_exit(config, flags, targets, show_settings, show_files, no_config)
    if apply_fixes and stdin is not None:
        click.echo("vmss-lint: --fix cannot rewrite standard input: use --diff to see the fixes", err=True)
        sys.exit(EXIT_ERROR)
    history = _history(previous_path, diff_base, anchors)
    progress = _progress_bar() if not quiet and not dumb_terminal() else None
    coloured = use_colour(color)
    try:
        report = lint(targets, config, registry, progress, history=history, stdin=stdin)
        fix_note = None
        text_on_stdout = any(spec.format == "text" and spec.file is None for spec in outputs)
        if show_diff or apply_fixes:
            from .fixes import command as fixing

            if show_diff:
                patch, count = fixing.diff(report, unsafe_fixes)
                click.echo(patch, nl=False)
                click.echo(f"vmss-lint: {count} fix{'es' if count != 1 else ''} shown, nothing changed", err=True)
                sys.exit(EXIT_FINDINGS if report.failed() and not exit_zero else EXIT_OK)
            report, fixed = fixing.fix_in_place(report, lambda: lint(targets, config, registry, history=history, stdin=stdin), unsafe_fixes)
            fix_note = fixing.fix_summary(fixed, report)
        elif text_on_stdout and not quiet and not statistics and stdin is None:
            from .fixes.command import fixable_hint

            fix_note = fixable_hint(report)
        if write_baseline:
            _write_baseline(write_baseline, report.findings)
        if add_suppressions:
            _add_suppressions(report)
        texts = [
            render(
                report, spec.format, verbose=verbose, quiet=quiet, sarif_category=sarif_category,
                color=spec.file is None and spec.format == "text" and coloured, show_suppressed=config.show_suppressed,
            )
            for spec in outputs
        ]
    except baseline.BaselineError as error:
        click.echo(f"vmss-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # the last line of defence: exit 2 with a message, never a traceback
        click.echo(f"vmss-lint: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        if progress is not None:
            progress.close()
        if history is not None:
            history.close()
    if write_baseline or add_suppressions:
        sys.exit(EXIT_OK)
    emit(report, outputs, texts, quiet=quiet, statistics=statistics, coloured=coloured)
    if fix_note:
        click.echo(fix_note, err=not text_on_stdout)
    sys.exit(EXIT_FINDINGS if report.failed() and not exit_zero else EXIT_OK)


def _show_and_exit(config: Config, flags: dict[str, str], targets: list[Path], show_settings: bool, show_files: bool, no_config: bool) -> None:
    """--show-settings / --show-files: print, exit 0 (2 for a configuration file that cannot be read)."""
    from .configfile import ConfigError
    from .discover import discover
    from .files_report import describe as describe_files
    from .settings_report import describe as describe_settings
    from .settings_report import file_keys

    if show_settings:
        try:
            keys = file_keys(config)
        except ConfigError as error:
            click.echo(f"vmss-lint: {error}", err=True)
            sys.exit(EXIT_ERROR)
        click.echo(describe_settings(config, flags, keys, "--no-config" if no_config else ""), nl=False)
    if show_files:
        found = discover(
            [Path(path) for path in targets],
            excludes=config.exclude,
            parameter_map=config.parameter_map,
            extra_parameters=[Path(file) for file in config.parameters],
        )
        click.echo(describe_files(found), nl=False)
    sys.exit(EXIT_OK)


def _add_suppressions(report: Report) -> None:
    from .suppress_writer import add_suppressions

    written, left = add_suppressions(report.active_findings, report.config.project_root)
    count = sum(written.values())
    message = f"vmss-lint: added {count} suppression comment{'s' if count != 1 else ''} in {len(written)} file{'s' if len(written) != 1 else ''}"
    if count:
        message += "; replace the placeholder after `--` with the reason (until then LINT-012 reports it)"
    if left:
        message += f"; {left} line{'s' if left != 1 else ''} left without one (inside a multi-line string, already under a suppression comment, or a file not UTF-8 or not writable)"
    click.echo(message, err=True)


main.add_command(lint_command, "lint")  # the name before `check`; hidden from the command list


def _read_stdin(targets: list[Path], filename: Path | None) -> StdinDocument | None:
    """The document PATH `-` stands for; exits 2 when standard input cannot be linted as given."""
    from .stdin import STDIN, StdinDocument, StdinError, kind_of

    count = sum(1 for target in targets if target.as_posix() == STDIN)
    if count == 0:
        if filename is not None:
            click.echo("vmss-lint: --stdin-filename names the document read from standard input: add the path `-`", err=True)
            sys.exit(EXIT_ERROR)
        return None
    if count > 1:
        click.echo("vmss-lint: `-` (standard input) can be named once", err=True)
        sys.exit(EXIT_ERROR)
    document = StdinDocument(sys.stdin.buffer.read() if sys.stdin is not None else b"", filename)
    try:
        kind_of(document)
    except StdinError as error:
        click.echo(f"vmss-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    return document


def _check_usage(config: Config, registry: Registry, targets: list[Path], outputs: list[Path], config_file: Path | None) -> None:
    """Exit 2 for a selector that names no rule, or an output file that is also an input."""
    from .output_guard import output_clash
    from .selectors import all_rule_ids, unknown_selectors

    problems = unknown_selectors([*config.select, *config.ignore], all_rule_ids(registry))
    inputs = [*targets, *config.parameters, *(item for item in (config.baseline, config.config_file, config_file) if item)]
    for output in dict.fromkeys(outputs):
        clash = output_clash(output, inputs, targets)
        if clash:
            problems.append(clash)
    for problem in problems:
        click.echo(f"vmss-lint: {problem}", err=True)
    if problems:
        sys.exit(EXIT_ERROR)


def _write_baseline(file: Path, findings: list[Finding]) -> None:
    from .baseline import write

    try:
        count = write(file, findings)
    except OSError as error:
        click.echo(f"vmss-lint: cannot write {file}: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"vmss-lint: wrote {count} finding{'s' if count != 1 else ''} to the baseline {file}", err=True)


def _tune_garbage_collector() -> None:
    """The command owns its process, so it may tune the collector (the library API leaves it alone).

    What start-up built (modules, rules) lives until exit: frozen, collections never scan it again.
    Evaluation allocates many small containers that die young and few cycles: collecting the youngest
    generation every 50,000 allocations instead of 700 saves a fifth to a third of the time
    (10,000 resources: 11.8 s -> 7.9 s; the corpus: 2.4 s -> 2.1 s) at the same peak memory.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 10)
    gc.enable()  # the console command (command.py) starts with it off


def _progress_bar() -> ProgressBar | None:
    """A progress bar on stderr when it is a terminal; nothing on a pipe."""
    if not sys.stderr.isatty():
        return None
    from .report.progress import ProgressBar

    return ProgressBar(sys.stderr)


def _history(previous_path: Path | None, diff_base: str | None, roots: list[Path]) -> PreviousVersions | None:
    """The earlier versions for the change-aware rules, or None; exits 2 when they cannot be read."""
    if previous_path is None and diff_base is None:
        return None
    from .history import HistoryError, from_git, from_path

    if previous_path is not None and diff_base is not None:
        click.echo("vmss-lint: use either --previous or --diff-base, not both", err=True)
        sys.exit(EXIT_ERROR)
    try:
        return from_path(previous_path, roots) if previous_path is not None else from_git(diff_base or "", roots)
    except HistoryError as error:
        click.echo(f"vmss-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@main.command("rules")
@click.option("--profile", type=click.Choice(["current", "seed-2022"]), default="current", show_default=True)
def rules_command(profile: str) -> None:
    """List every rule: id, name, default severity, summary."""
    from .diagnostics import CODES
    from .registry import RegistryError, load_registry

    try:
        registry = load_registry()
    except RegistryError as error:
        click.echo(f"vmss-lint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    rows = [(item.id, item.meta.name, item.meta.severity_for(profile).value, item.meta.summary) for item in registry]
    rows += [(code.id, code.name, code.severity, code.summary) for code in CODES.values()]
    width_id = max(len(row[0]) for row in rows)
    width_name = max(len(row[1]) for row in rows)
    for rule_id, name, severity, summary in rows:
        click.echo(f"{rule_id:<{width_id}}  {name:<{width_name}}  {severity:<7}  {summary}")


@main.command("rule")
@click.argument("rule_id")
def rule_command(rule_id: str) -> None:
    """Explain one rule (by id or name): what, why, example, fix, references."""
    from .diagnostics import CODES
    from .registry import load_registry
    from .report.rule_help import help_markdown

    registry = load_registry()
    found = registry.get(rule_id)
    if found is None:
        code = CODES.get(rule_id.upper())
        if code is None:
            click.echo(f"vmss-lint: no rule {rule_id!r}; `vmss-lint rules` lists them", err=True)
            sys.exit(EXIT_ERROR)
        from .report.rule_help import shipped_page

        click.echo(shipped_page(code.id) or f"{code.id} {code.name} ({code.severity})\n\n{code.summary}")
        return
    click.echo(help_markdown(found.meta))


@main.command("server")
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only transport).")
def server_command(stdio: bool) -> None:
    """Run the language server (LSP over stdio) for editors: diagnostics as you type, fixes, rule pages."""
    from .server.app import run

    run()


if __name__ == "__main__":
    main()
