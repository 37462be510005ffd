"""What a file named on the command line brings in besides itself.

pre-commit names only the files a commit changed, so a file whose change alters another file's verdict
must bring that file in:

* an ARM parameter file brings in its template: the one the configuration's `parameters` map pairs it
  with, else the template whose conventional parameter file it is (`x.json` for `x.parameters.json`);
* a configuration file (`.vmss-lint.yaml`, a `pyproject.toml` with `[tool.vmss-lint]`, Bicep's
  `bicepconfig.json`) brings in the folder it governs.

(A `.bicepparam` brings in the template its `using` names: discover.py does that with its pairing.)
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from .configfile import is_config_file

BICEP_CONFIG = "bicepconfig.json"
_PARAMETERS_SUFFIX = ".parameters.json"
_TEMPLATE_SUFFIXES = (".json", ".jsonc")


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
