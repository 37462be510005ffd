"""Codes for problems with the input itself. They appear in every report like rule findings.

Front ends create `model.Diagnostic(code, message, location)`; the engine turns them into findings at
the level given here (configurable like a rule's).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DiagnosticCode:
    id: str
    name: str
    severity: str  # error | warning | note
    summary: str
    fix: str = ""  # what to do about it, for its docs page


_ALL = (
    DiagnosticCode(
        "LINT-001", "invalid-json", "error", "The file is not valid JSON: ARM cannot read it.",
        "Fix the JSON at the line and column shown (a missing comma, an unclosed bracket or string). Comments, trailing commas, a UTF-8 BOM and UTF-16 are accepted, as ARM accepts them.",
    ),
    DiagnosticCode(
        "LINT-002", "duplicate-key", "warning", "A JSON object repeats a key; ARM keeps only one of them.",
        "Remove or rename one of the keys: ARM keeps only one of them, so the other is lost without a word.",
    ),
    DiagnosticCode(
        "LINT-003", "unreadable-file", "error", "The file cannot be read or decoded (encoding, size, permissions).",
        "Check the file's permissions, its encoding (UTF-8, with or without BOM, or UTF-16) and its size against `--max-file-size`.",
    ),
    DiagnosticCode(
        "LINT-004", "unsupported-expression", "note", "An expression could not be evaluated; the values that depend on it are treated as unknown.",
        "Nothing to change in the template: the value is treated as unknown and no rule guesses on it (shown with `--verbose`). If ARM supports the expression, please report it.",
    ),
    DiagnosticCode(
        "LINT-005", "evaluation-limit", "warning", "Evaluation hit a limit (copy count, expansion, recursion, nesting); the excess is not checked.",
        "Break the cycle the message names, or split the loop or template; what lies past the limit is not checked. The limits are listed in the README (Reliability).",
    ),
    DiagnosticCode(
        "LINT-006", "bicep-syntax", "error", "The Bicep file has a syntax error at this place; the rest of the file is still checked.",
        "Fix the Bicep at the place shown (`bicep build` reports the same error).",
    ),
    DiagnosticCode(
        "LINT-007", "missing-parameter", "note", "A parameter has no value (no default, no parameter file): values that depend on it are unknown.",
        "Give the parameter a default or a value in a parameter file (`x.parameters.json`, a `.bicepparam`, `--parameters`) so that what depends on it is checked (shown with `--verbose`).",
    ),
    DiagnosticCode(
        "LINT-008", "undecided", "note", "A rule could not decide because a value is unknown before deployment (shown with --show-unknown).",
        "Informative: the value is known only at deployment. Give it a value (a parameter file) to let the rule decide.",
    ),
    DiagnosticCode(
        "LINT-009", "unresolved-module", "warning", "A module or linked template is not evaluated (not in the local module cache, remote, missing or outside the linted tree): its resources are not checked.",
        "Run `bicep restore` on the file (or pass `--module-cache DIR`) so registry (`br:`) and template-spec (`ts:`) modules are read from Bicep's local module cache; nothing is ever downloaded. Remote links (`templateLink.uri`/`id`) are never fetched; local modules and linked templates must lie inside the linted tree.",
    ),
    DiagnosticCode(
        "LINT-010", "invalid-template", "error", "The template's structure is not what ARM expects (e.g. `resources` is not an array).",
        "Give the template the structure the message names, as ARM's deploymentTemplate schema describes it.",
    ),
    DiagnosticCode(
        "LINT-011", "invalid-parameters", "error", "A parameter value or file cannot be used: invalid JSON, wrong shape, unknown parameter, or a value outside minValue/maxValue/minLength/maxLength.",
        "Fix the parameter file or the value the message names.",
    ),
    DiagnosticCode(
        "LINT-012", "suppression-without-reason", "warning", "A vmss-lint suppression gives no reason; write one after `--`.",
        "Write the reason after `--` (replace the placeholder `--add-suppressions` leaves), or, in resource metadata, as the value of the rule id.",
    ),
    DiagnosticCode(
        "LINT-013", "unused-suppression", "warning", "A vmss-lint suppression suppresses nothing; remove it.",
        "Remove the suppression or correct the rule it names. A `vmss-lint-disable-file` comment must be in the file's first comment block.",
    ),
    DiagnosticCode(
        "LINT-014", "internal-error", "error", "vmss-lint failed on this file; please report it. The other files are still checked.",
        "Please report it with the file (or a reduced copy); the other files are still checked.",
    ),
)

CODES: dict[str, DiagnosticCode] = {code.id: code for code in _ALL}

INVALID_JSON = "LINT-001"
DUPLICATE_KEY = "LINT-002"
UNREADABLE_FILE = "LINT-003"
UNSUPPORTED_EXPRESSION = "LINT-004"
EVALUATION_LIMIT = "LINT-005"
BICEP_SYNTAX = "LINT-006"
MISSING_PARAMETER = "LINT-007"
UNDECIDED = "LINT-008"
UNRESOLVED_MODULE = "LINT-009"
INVALID_TEMPLATE = "LINT-010"
INVALID_PARAMETERS = "LINT-011"
SUPPRESSION_WITHOUT_REASON = "LINT-012"
UNUSED_SUPPRESSION = "LINT-013"
INTERNAL_ERROR = "LINT-014"

# Notes: informative, shown only with --verbose (or --show-unknown for UNDECIDED); never fail a build.
QUIET_BY_DEFAULT = frozenset({UNSUPPORTED_EXPRESSION, MISSING_PARAMETER, UNDECIDED})
