"""What rules report (`Violation`) and what users see (`Finding`)."""

from __future__ import annotations

import enum
import hashlib

from .model import Related
from .records import field, record, replace
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


@record(frozen=True)
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


@record(frozen=True)
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
    iteration: str = field(default="", compare=False)  # the loop iteration(s), already named in the message
    fingerprint: str = field(default="", compare=False)

    def with_fingerprint(self) -> Finding:
        return replace(self, fingerprint=compute_fingerprint(self))

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)


def compute_fingerprint(finding: Finding) -> str:
    """Stable across edits elsewhere in the file: rule, file, resource and property, never line numbers."""
    parts = (
        finding.rule_id,
        finding.location.path.replace("\\", "/"),
        finding.resource_type.casefold(),
        finding.resource_name,
        finding.property_path,
        "" if finding.property_path else finding.message,
    )
    # surrogatepass: a file name that is not UTF-8 (or a lone surrogate in a name) still has a fingerprint
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def path_text(path: Path) -> str:
    return format_path(path)
