"""Suppressions in comments and in ARM resource metadata.

Comments, in ARM JSON and Bicep (`RULE-ID[, RULE-ID] -- reason`):

- `// vmss-lint-disable-next-line ...` applies to the line after the comment;
- `// vmss-lint-disable-line ...` to the line the comment is on;
- `// vmss-lint-disable-file ...` to the whole file, when it is in the file's first comment block (the
  comments before any code; in ARM JSON also right after the opening `{`). Elsewhere it is ignored and
  reported (LINT-013).

The comment form is read from the source text with a small tokenizer that knows each language's strings
(ARM JSON: "double quotes"; Bicep: 'single quotes' and '''multi-line''' strings), so it works for any
front end. The ARM metadata form, `"metadata": {"vmss-lint": {"suppress": {"RULE-ID": "reason"}}}`,
applies to every finding on that resource. A suppression without a reason still suppresses but is
reported (LINT-012); one that suppresses nothing is reported (LINT-013) so stale ones get removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import diagnostics
from .findings import Finding, Severity
from .model import Diagnostic, Resource
from .source import Location, SourceFile
from .values import lookup_key

if TYPE_CHECKING:
    from .config import Config
    from .registry import Registry

DIRECTIVE = "vmss-lint-disable-next-line"
SAME_LINE_DIRECTIVE = "vmss-lint-disable-line"
FILE_DIRECTIVE = "vmss-lint-disable-file"
NO_REASON = "no reason given"
# What --add-suppressions writes after `--`: a suppression whose reason is still this has none (LINT-012).
REASON_PLACEHOLDER = "TODO: say why this is acceptable"

_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)
# Bicep strings end at the line break; only '''multi-line''' strings span lines (and have no escapes).
_BICEP_TOKENS = re.compile(r"'''.*?(?:'''|\Z)|'(?:[^'\\\n]|\\.)*'?|//[^\n]*|/\*.*?(?:\*/|\Z)", re.S)
TOKENS = {"json": _JSON_TOKENS, "bicep": _BICEP_TOKENS}  # strings and comments of each language
_DIRECTIVE = re.compile(r"^\s*vmss-lint-disable-(?P<scope>next-line|line|file)(?:\s+(?P<rest>.*?))?\s*$", re.S)


@dataclass(frozen=True)
class Suppression:
    """One suppression of some rules: on a line (comment form) or on a resource (metadata form)."""

    rules: tuple[str, ...]  # as written: ids or names
    reason: str
    location: Location  # where the suppression itself is written
    line: int | None = None  # line forms: the line it applies to
    resource: tuple[str, str] | None = None  # metadata form: (type, display name), type case-folded
    whole_file: bool = False  # file form: every finding in the file of `location`
    placeholder: bool = False  # the reason is still the one --add-suppressions wrote (counts as none)
    misplaced: bool = False  # a file form after the first comment block: ignored, reported

    @property
    def directive(self) -> str:
        if self.whole_file or self.misplaced:
            return FILE_DIRECTIVE
        return SAME_LINE_DIRECTIVE if self.line == self.location.line else DIRECTIVE


def language_of(path: str | Path) -> str:
    return "bicep" if str(path).casefold().endswith((".bicep", ".bicepparam")) else "json"


def comments(text: str, language: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, body) of every comment outside strings; body is without the comment markers."""
    for match in TOKENS[language].finditer(text):
        token = match.group()
        if token.startswith("//"):
            yield match.start(), match.end(), token[2:]
        elif token.startswith("/*"):
            yield match.start(), match.end(), token[2:-2] if token.endswith("*/") and len(token) >= 4 else token[2:]


def parse_directive(body: str) -> tuple[tuple[str, ...], str] | None:
    """(rules, reason) of a `vmss-lint-disable-*` comment body; None for any other comment."""
    parsed = _parse(body)
    return None if parsed is None else parsed[1:]


def _parse(body: str) -> tuple[str, tuple[str, ...], str] | None:
    """(scope, rules, reason) of a directive: scope is `next-line`, `line` or `file`."""
    match = _DIRECTIVE.match(body)
    if match is None:
        return None
    rest = " ".join((match.group("rest") or "").split())
    names, _, reason = rest.partition("--")
    rules = tuple(part for part in re.split(r"[\s,]+", names) if part)
    return match.group("scope"), rules, reason.strip()


def from_source(source: SourceFile, language: str) -> list[Suppression]:
    """The comment suppressions of a file, each with the line (or the file) it applies to."""
    if "vmss-lint-disable-" not in source.text:
        return []
    found = []
    leading = ""  # the code between the comments seen so far
    previous_end = 0
    for start, end, body in comments(source.text, language):
        if _in_first_block(leading, language):
            leading += source.text[previous_end:start].strip()
        previous_end = end
        parsed = _parse(body)
        if parsed is None:
            continue
        scope, rules, reason = parsed
        placeholder = reason == REASON_PLACEHOLDER
        reason = "" if placeholder else reason
        location = source.location(start, end)
        if scope == "file":
            first_block = _in_first_block(leading, language)
            found.append(Suppression(rules, reason, location, whole_file=first_block, misplaced=not first_block, placeholder=placeholder))
        else:
            line = location.end_line + 1 if scope == "next-line" else location.line
            found.append(Suppression(rules, reason, location, line=line, placeholder=placeholder))
    return found


def _in_first_block(code_before: str, language: str) -> bool:
    """No code before a comment yet (in ARM JSON the template's opening `{` does not count)."""
    return not code_before or (language == "json" and code_before == "{")


def from_resources(resources: Iterable[Resource]) -> list[Suppression]:
    """The metadata suppressions: `metadata.vmss-lint.suppress` on a resource maps rule -> reason."""
    found = []
    for resource in resources:
        path: tuple[str, ...] = ()
        value: object = resource.body
        for key in ("metadata", "vmss-lint", "suppress"):
            actual = lookup_key(value, key) if isinstance(value, dict) else None
            if actual is None:
                break
            path += (actual,)
            value = value[actual]  # type: ignore[index]
        else:
            if isinstance(value, dict):
                owner = (resource.type.casefold(), resource.display_name)
                for rule_name, reason in value.items():
                    text = reason.strip() if isinstance(reason, str) else ""
                    found.append(Suppression((rule_name,), text, resource.locate(path + (rule_name,)), resource=owner))
    return found


def apply(
    findings: Sequence[Finding],
    suppressions: Sequence[Suppression],
    canonical: Callable[[str], str | None],
    is_active: Callable[[str], bool],
    report_unused_in: str | None = None,
) -> tuple[list[Finding], list[Diagnostic]]:
    """Mark suppressed findings (`Finding.suppressed` = the reason) and report reason-less and unused ones.

    `canonical` turns a rule id or name into its id (None: unknown); `is_active` says whether a rule ran,
    so a suppression of a rule left out by --select is not called unused. Unused comment suppressions
    are reported only in the file `report_unused_in` (the linted file, not a module it uses).
    """
    by_line: dict[tuple[str, int], list[tuple[int, str]]] = {}
    by_resource: dict[tuple[str, str], list[tuple[int, str]]] = {}
    by_file: dict[str, list[tuple[int, str]]] = {}
    for index, suppression in enumerate(suppressions):
        if suppression.misplaced:
            continue
        for name in suppression.rules:
            rule_id = canonical(name) or name.upper()
            if suppression.resource is not None:
                by_resource.setdefault(suppression.resource, []).append((index, rule_id))
            elif suppression.whole_file:
                by_file.setdefault(suppression.location.path, []).append((index, rule_id))
            else:
                by_line.setdefault((suppression.location.path, suppression.line or 0), []).append((index, rule_id))
    used: set[tuple[int, str]] = set()
    result = []
    for finding in findings:
        candidates = (
            by_line.get((finding.location.path, finding.location.line), [])
            + by_resource.get((finding.resource_type.casefold(), finding.resource_name), [])
            + by_file.get(finding.location.path, [])
        )
        for index, rule_id in candidates:
            if _covers(rule_id, finding):
                used.add((index, rule_id))
                if finding.suppressed is None:
                    finding = replace(finding, suppressed=suppressions[index].reason or NO_REASON)
        result.append(finding)
    return result, _problems(suppressions, used, canonical, is_active, report_unused_in)


def _covers(rule_id: str, finding: Finding) -> bool:
    if finding.rule_id == rule_id:
        return True
    # an undecided note (--show-unknown) names its rule at the start of the message
    return finding.rule_id == diagnostics.UNDECIDED and finding.message.startswith(f"{rule_id}:")


def _problems(
    suppressions: Sequence[Suppression],
    used: set[tuple[int, str]],
    canonical: Callable[[str], str | None],
    is_active: Callable[[str], bool],
    report_unused_in: str | None,
) -> list[Diagnostic]:
    problems = []
    for index, suppression in enumerate(suppressions):
        comment_form = suppression.resource is None
        if comment_form and report_unused_in is not None and suppression.location.path != report_unused_in:
            continue
        if suppression.misplaced:
            problems.append(Diagnostic(diagnostics.UNUSED_SUPPRESSION, f"`{FILE_DIRECTIVE}` is ignored here: it must be in the first comment block of the file, before any code", suppression.location))
            continue
        if not suppression.reason:
            how = "replace the placeholder after `--` with it" if suppression.placeholder else "add one after `--`" if comment_form else "write it as the value of the rule id"
            problems.append(Diagnostic(diagnostics.SUPPRESSION_WITHOUT_REASON, f"the suppression of {', '.join(suppression.rules) or 'nothing'} gives no reason: {how}", suppression.location))
        if not suppression.rules:
            problems.append(Diagnostic(diagnostics.UNUSED_SUPPRESSION, f"`{suppression.directive}` names no rule: name the rule ids to suppress, or remove it", suppression.location))
        for name in suppression.rules:
            rule_id = canonical(name)
            if rule_id is None:
                problems.append(Diagnostic(diagnostics.UNUSED_SUPPRESSION, f"the suppression names an unknown rule {name!r}: fix the id or remove it", suppression.location))
            elif (index, rule_id) not in used and is_active(rule_id):
                where = "this file" if suppression.whole_file else f"line {suppression.line}" if comment_form else "this resource"
                problems.append(Diagnostic(diagnostics.UNUSED_SUPPRESSION, f"the suppression of {rule_id} suppresses nothing on {where}: remove it", suppression.location))
    return problems


def filter_findings(
    findings: Sequence[Finding],
    *,
    display: str,
    sources: Mapping[str, SourceFile],
    resources: Iterable[Resource],
    registry: Registry,
    config: Config,
) -> tuple[list[Finding], list[Diagnostic]]:
    """Apply the suppressions of a linted file (and of the other files its findings point into).

    `sources` are the files the front end read, by display path: nothing is read again here.
    Returns the findings (suppressed ones marked) and the LINT-012/LINT-013 problems found.
    """
    shown_paths = dict.fromkeys([display, *(finding.location.path for finding in findings)])
    suppressions = [item for shown in shown_paths if shown in sources for item in from_source(sources[shown], language_of(shown))]
    suppressions += from_resources(resources)
    if not suppressions:
        return list(findings), []

    def canonical(name: str) -> str | None:
        found = registry.get(name)
        if found is not None:
            return found.id
        return next((code.id for code in diagnostics.CODES.values() if name.upper() == code.id or name.lower() == code.name), None)

    def is_active(rule_id: str) -> bool:
        item = registry.get(rule_id)
        default = item.meta.severity_for(config.profile) if item else Severity.parse(diagnostics.CODES[rule_id].severity)
        return config.is_selected(rule_id) and config.severities.get(rule_id, default) is not Severity.OFF

    return apply(findings, suppressions, canonical, is_active, report_unused_in=display)
