"""`vmss-lint -`: one template read from standard input (editors, `cat t.json | vmss-lint -`).

`--stdin-filename PATH` says where the document lives: its kind comes from the name, the configuration is
found from it, the report shows it, and parameter files, modules and linked templates are resolved beside
it. Without a name the kind comes from the content (JSON with an ARM `$schema`, else Bicep) and the report
shows `-`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


STDIN = "-"


class StdinError(Exception):
    """Standard input cannot be linted as given (a parameter file, an unknown kind): a usage error."""


@dataclass(frozen=True)
class StdinDocument:
    data: bytes
    filename: Path | None = None  # --stdin-filename

    @property
    def anchor(self) -> Path:
        """Where the document stands for finding the configuration, the project root and its neighbours."""
        return self.filename if self.filename is not None else Path.cwd() / STDIN


def json_kind(text: str) -> str | None:
    """'arm', 'arm-parameters' or None for a JSON document, from its `$schema`."""
    import re

    match = re.search(r'"\$schema"\s*:\s*"([^"]*)"', text[:16384], re.I)
    schema = match.group(1).casefold() if match else ""
    if "deploymenttemplate" in schema:
        return "arm"
    if "deploymentparameters" in schema:
        return "arm-parameters"
    return None


def kind_of(document: StdinDocument) -> str:
    """'arm' or 'bicep'; raises StdinError for anything else."""
    from .source import DecodeError, decode

    name = document.filename.name.casefold() if document.filename is not None else ""
    if name.endswith(".bicep"):
        return "bicep"
    if name.endswith(".bicepparam"):
        raise StdinError("standard input holds a .bicepparam file: lint its template, or name the file itself")
    try:
        text = decode(document.data)
    except DecodeError:
        text = document.data.decode("utf-8", errors="replace")  # the front end reports where decoding breaks
    if not (name.endswith((".json", ".jsonc")) or text.lstrip("\ufeff \t\r\n").startswith(("{", "/"))):
        return "bicep"
    kind = json_kind(text)
    if kind == "arm":
        return kind
    if kind == "arm-parameters":
        raise StdinError("standard input holds an ARM parameter file: lint its template (they are paired by name), or name the file itself")
    raise StdinError("standard input is JSON without an ARM deploymentTemplate $schema: nothing to lint")
