"""Lint one open document as the editor holds it: its unsaved text, the workspace's configuration.

What does not change between keystrokes stays loaded: the rules, and the Bicep files a document reads from
disk (its modules; for a .bicepparam, its template), parsed once while their size and modification time stay
the same (`store.py`). The configuration file is looked up again on every lint (it is small), so an edit to
it applies at once; ARM parameter files are small JSON and are read again (docs/performance.md has the figures).
An ARM parameter file open in the editor is linted with the templates it is used with, as it holds it.
"""

from __future__ import annotations

from dataclasses import replace
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import diagnostics
from ..config import Config
from ..discover import Kind, SourceJob, discover, parameter_file_for
from ..explicit import template_of_parameters
from ..findings import Finding, Severity
from ..registry import Registry, load_registry
from ..model import Related
from ..source import Location
from .store import ParsedFileStore

SUFFIXES = (".json", ".jsonc", ".bicep", ".bicepparam")


class DocumentLinter:
    """Lints documents for the language server; one per server process."""

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry or load_registry()
        self.settings: Mapping[str, Any] = {}  # the client's `vmss-lint` configuration section
        self.roots: list[Path] = []  # the workspace folders: modules and linked templates must stay below one
        self.parsed = ParsedFileStore()  # modules and other files read from disk, parsed once while unchanged

    def config_for(self, path: Path) -> Config | str:
        """The configuration that applies to `path` (the nearest config file, then the client's settings),
        or the message of a configuration error."""
        from ..configfile import ConfigError, load_config

        try:
            config = load_config(None, paths=[path], registry=self.registry)
        except ConfigError as error:
            return str(error)
        _apply_settings(config, self.settings)
        config.jobs = 1
        return config

    def lint(self, path: Path, text: str) -> list[Finding]:
        """The findings for the document at `path` whose text is `text`: those located in the document.

        A crash becomes one LINT-014 finding on the document's first line; the server goes on.
        """
        display = path.as_posix()
        self.parsed.set_unsaved(path, text)
        try:
            config = self.config_for(path)
            if isinstance(config, str):
                return [_problem(display, diagnostics.INTERNAL_ERROR, f"configuration error: {config}")]
            return self._lint(path, display, text, config)
        except Exception as error:  # the contract: a bad document never takes the server down
            import traceback

            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            return [_problem(display, diagnostics.INTERNAL_ERROR, f"internal error: {detail}")]

    def _lint(self, path: Path, display: str, text: str, config: Config) -> list[Finding]:
        from ..engine import lint_job

        kind = document_kind(path, text)
        if kind is None:
            return []  # not a template
        root = self.root_of(path)
        extra = [Path(file) for file in config.parameters]
        if kind is Kind.ARM_PARAMETERS:
            # the templates it is used with, each with this file's values (the unsaved text: arm/parameters.py)
            templates = template_of_parameters(path, config.parameter_map)
            found = discover(templates, root=root, parameter_map=config.parameter_map, extra_parameters=extra) if templates else None
            jobs = [
                SourceJob(job.path, job.path.as_posix(), job.kind, job.parameter_files, job.root)
                for job in (found.jobs if found else []) if any(_same_file(str(file), path) for file in job.parameter_files)
            ]
        elif kind is Kind.BICEP_PARAMETERS:
            found = discover([path], root=root, parameter_map=config.parameter_map, extra_parameters=extra) if path.is_file() else None
            # the template its `using` names, with this file's values (the unsaved text: see store.py)
            jobs = [SourceJob(job.path, job.path.as_posix(), job.kind, job.parameter_files, job.root) for job in (found.jobs if found else [])]
        else:
            found = discover([path], root=root, parameter_map=config.parameter_map, extra_parameters=extra) if path.is_file() else None
            same = [job for job in (found.jobs if found else []) if job.path.resolve() == path.resolve()]
            parameters = same[0].parameter_files if same else parameter_file_for(path) + extra
            jobs = [SourceJob(path, display, kind, parameters, root, text=text)]
        findings: list[Finding] = []
        for job in jobs:
            result = lint_job(job, config, self.registry, parsed=self.parsed)
            for finding in result.findings:
                if _same_file(finding.location.path, path):
                    findings.append(finding)
                else:
                    moved = _at_call_site(finding, path)
                    if moved is not None:
                        findings.append(moved)
        return [finding for finding in findings if config.show_suppressed or not finding.suppressed]

    def close(self, path: Path) -> None:
        """The editor closed the document: other documents read it from disk again."""
        self.parsed.set_unsaved(path, None)

    def root_of(self, path: Path) -> Path:
        """The innermost workspace folder holding `path`, else the document's own directory."""
        resolved = path.resolve()
        holding = [root for root in self.roots if resolved.is_relative_to(root.resolve())]
        return max(holding, key=lambda root: len(root.parts)) if holding else resolved.parent


_SCHEMA = re.compile(r'"\$schema"\s*:\s*"([^"]*)"')


def document_kind(path: Path, text: str) -> Kind | None:
    """What the document is, from its name and (for JSON) the `$schema` of the text being edited."""
    name = path.name.casefold()
    if name.endswith(".bicep"):
        return Kind.BICEP
    if name.endswith(".bicepparam"):
        return Kind.BICEP_PARAMETERS
    if not name.endswith((".json", ".jsonc")):
        return None
    match = _SCHEMA.search(text[:8192])
    schema = match.group(1).casefold() if match else ""
    if "deploymenttemplate" in schema:
        return Kind.ARM_TEMPLATE
    if "deploymentparameters" in schema:
        return Kind.ARM_PARAMETERS
    return None


def _at_call_site(finding: Finding, path: Path) -> Finding | None:
    """A finding in another file (a module, a linked template) shown where this document leads to it (the
    module's params, a parameter value): the original place becomes related information."""
    for item in finding.related:
        if _same_file(item.location.path, path):
            where = finding.location
            origin = Related(where, f"the finding is here, in {Path(where.path).name}")
            message = f"{finding.message} (in {Path(where.path).name}:{where.line})"
            return replace(finding, location=item.location, message=message, related=(origin, *finding.related), fix=None)
    return None


def _same_file(shown: str, path: Path) -> bool:
    try:
        return Path(shown).resolve() == path.resolve()
    except OSError:
        return False


def _problem(display: str, code: str, message: str) -> Finding:
    meta = diagnostics.CODES[code]
    return Finding(code, meta.name, Severity.parse(meta.severity), message, Location(display, 1, 1, 1, 2)).with_fingerprint()


def _apply_settings(config: Config, settings: Mapping[str, Any]) -> None:
    """The client's settings (`vmss-lint.profile`, `.select`, `.ignore`, `.showUnknown`) over the file's."""
    profile = settings.get("profile")
    if profile in ("current", "seed-2022"):
        config.profile = profile
    for key in ("select", "ignore"):
        value = settings.get(key)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            setattr(config, key, tuple(value))
    if isinstance(settings.get("showUnknown"), bool):
        config.show_unknown = settings["showUnknown"]
