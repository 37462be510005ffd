"""What rules report (`Violation`) and what users see (`Finding`)."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field, replace

from .fixes.types import Fix
from .model import Related
from .source import Location
from .values import Path, format_path


class Severity(enum.Enum):
    """Ordered levels; `OFF` disables a rule. Values are the words users write in config and flags."""

    OFF = "off"
    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        word = text.strip().lower()
        if word == "info":
            word = "note"
        return cls(word)


_RANK = {Severity.OFF: 0, Severity.NOTE: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True)
class Violation:
    """What a rule yields: the property path it is about and a message that says what to change.

    `severity` overrides the rule's level for this one violation (a rule whose row mixes an error and a
    warning). `undecided` marks a note that the rule could not decide because a value is unknown: it is
    shown only with --show-unknown.
    """

    path: Path
    message: str
    severity: Severity | None = None
    related: tuple[Related, ...] = ()
    undecided: bool = False


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    location: Location
    resource_type: str = ""
    resource_name: str = ""
    property_path: str = ""
    related: tuple[Related, ...] = ()
    undecided: bool = False
    suppressed: str | None = None  # the suppression's reason, when suppressed
    baselined: bool = field(default=False, compare=False)  # suppressed because the baseline records it
    iteration: str = field(default="", compare=False)  # the loop iteration(s), already named in the message
    # tells apart resources whose name is unknown (symbolic name or position), for the fingerprint only
    resource_key: str = field(default="", compare=False)
    fingerprint: str = field(default="", compare=False)
    fix: Fix | None = field(default=None, compare=False)  # an autofix (linter/fixes), with its text edits

    def with_fingerprint(self) -> Finding:
        return replace(self, fingerprint=compute_fingerprint(self))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)


def compute_fingerprint(finding: Finding) -> str:
    """Stable across edits elsewhere in the file: rule, file, resource and property, never line numbers.

    A resource whose name is unknown before deployment is identified by `resource_key` as well, so two
    such resources of one type do not share their findings' fingerprints (GitHub would merge the alerts).
    """
    parts = (
        finding.rule_id,
        finding.location.path.replace("\\", "/"),
        finding.resource_type.casefold(),
        f"{finding.resource_name}\x1e{finding.resource_key}" if finding.resource_key else finding.resource_name,
        finding.property_path,
        "" if finding.property_path else finding.message,
    )
    # surrogatepass: a file name that is not UTF-8 (or a lone surrogate in a name) still has a fingerprint
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def path_text(path: Path) -> str:
    return format_path(path)
