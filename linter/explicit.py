"""What a file named on the command line brings in besides itself.

pre-commit names only the files a commit changed, so a file whose change alters another file's verdict
must bring that file in:

* an ARM parameter file brings in its template: the one the configuration's `parameters` map pairs it
  with, else the template whose conventional parameter file it is (`x.json` for `x.parameters.json`);
* a configuration file (`.vmss-lint.yaml`, a `pyproject.toml` with `[tool.vmss-lint]`, Bicep's
  `bicepconfig.json`) brings in the folder it governs;
* with `--with-dependents` (the pre-commit hook's entry), a file that other templates of its linted tree
  use (a Bicep module or import, an ARM linked template's `relativePath`, a `load*Content()` file) brings
  in those templates, and what uses them in turn.

(A `.bicepparam` brings in the template its `using` names: discover.py does that with its pairing.)
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import stat
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from .configfile import is_config_file

BICEP_CONFIG = "bicepconfig.json"
_PARAMETERS_SUFFIX = ".parameters.json"
_TEMPLATE_SUFFIXES = (".json", ".jsonc")
# What a template names and uses: found by pattern, without parsing (a miss only means a file less is linted).
_BICEP_USES = re.compile(
    r"(?:^[ \t]*module[ \t]+\w+[ \t]+|^[ \t]*import\b[^'\n]*?\bfrom[ \t]+"
    r"|\bload(?:Json|Yaml|Text)Content[ \t]*\([ \t]*|\bloadFileAsBase64[ \t]*\([ \t]*)'([^':$\n]+)'",
    re.M,
)
_ARM_USES = re.compile(r'"relativePath"\s*:\s*"([^"\[][^"]*)"', re.I)
_MAX_SCANNED_BYTES = 20 * 1024 * 1024


def governed_tree(file: Path) -> Path | None:
    """The folder whose verdicts a configuration file can change, when `file` is one; else None."""
    if file.name.casefold() == BICEP_CONFIG or is_config_file(file):
        return Path(os.path.realpath(file)).parent
    return None


def template_of_parameters(file: Path, parameter_map: Mapping[str, Sequence[str]]) -> list[Path]:
    """The templates an ARM parameter file is used with (see the module docstring), existing files only."""
    real = os.path.realpath(file)
    mapped = [pattern for pattern, files in parameter_map.items() if any(os.path.realpath(item) == real for item in files)]
    if mapped:
        return sorted({Path(found) for pattern in mapped for found in _matching_files(pattern, Path(real).parent)})
    name = file.name
    if not name.casefold().endswith(_PARAMETERS_SUFFIX):
        return []
    stem = name[: -len(_PARAMETERS_SUFFIX)]
    return [candidate for candidate in (file.with_name(stem + suffix) for suffix in _TEMPLATE_SUFFIXES) if candidate.is_file()]


def _matching_files(pattern: str, folder: Path) -> list[str]:
    """Files matching a `parameters` pattern: anchored ones (with a `/`, absolute after loading) anywhere,
    a bare name in the parameter file's own folder."""
    if "/" in pattern:
        return [found for found in glob.glob(pattern, recursive=True) if os.path.isfile(found)]
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [str(folder / name) for name in names if fnmatch.fnmatch(name, pattern) and (folder / name).is_file()]


class Dependents:
    """Which templates of a tree use which files (module, import, linked template, loaded file).

    Each tree is scanned once, on first need. Reading every template of a tree costs time (this repository:
    627 files, 1 MB, 0.12 s), so it is asked for (`--with-dependents`), never the default.
    """

    def __init__(self, skipped_directories: Collection[str]) -> None:
        self._skipped = skipped_directories
        self._users: dict[Path, dict[str, set[str]]] = {}

    def of(self, file: Path, tree: Path) -> list[Path]:
        """The templates under `tree` that use `file` directly."""
        users = self._users.get(tree)
        if users is None:
            users = self._users[tree] = self._scan(tree)
        return [Path(user) for user in sorted(users.get(os.path.realpath(file), ()))]

    def _scan(self, tree: Path) -> dict[str, set[str]]:
        from .source import DecodeError, decode

        users: dict[str, set[str]] = {}
        for current, dirs, files in os.walk(tree):  # not following links: nothing is reached twice
            dirs[:] = sorted(name for name in dirs if name not in self._skipped)
            for name in files:
                lowered = name.casefold()
                pattern = _BICEP_USES if lowered.endswith(".bicep") else _ARM_USES if lowered.endswith(_TEMPLATE_SUFFIXES) else None
                if pattern is None:
                    continue
                path = os.path.join(current, name)
                try:
                    info = os.lstat(path)
                    if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_SCANNED_BYTES:
                        continue  # devices, FIFOs and links are never opened here
                    with open(path, "rb") as handle:
                        text = decode(handle.read())
                except (OSError, DecodeError):
                    continue
                for match in pattern.finditer(text):
                    target = os.path.realpath(os.path.join(current, match.group(1)))
                    users.setdefault(target, set()).add(os.path.realpath(path))
        return users
