"""Parameter files: the standard `deploymentParameters` shape (`{"parameters": {"x": {"value": 1}}}`),
a bare `{"parameters": {"x": 1}}`, or a bare object `{"x": {"value": 1}}` / `{"x": 1}`.

A Key Vault reference (`{"reference": {...}}`) is a secret read at deployment: Unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import diagnostics
from ..model import Diagnostic, Related
from ..source import SourceFile
from ..values import Unknown
from .json_file import parse_source, read_source
from .reader import JsonObject, to_python

if TYPE_CHECKING:
    from ..contracts import Settings

_METADATA = frozenset({"$schema", "contentversion"})


@dataclass
class ParameterFile:
    source: SourceFile
    values: dict[str, tuple[Any, Related]] = field(default_factory=dict)  # declared name -> (value, where)


def load_parameter_file(path: Path, settings: Settings) -> tuple[ParameterFile | None, list[Diagnostic]]:
    from ..discover import display_path

    display = display_path(path, Path(settings.display_root))
    unsaved = settings.parsed.unsaved(path.resolve()) if settings.parsed is not None else None
    # the language server: a parameter file open in the editor is read as the editor holds it
    source, problem = (SourceFile(display, unsaved), None) if unsaved is not None else read_source(path, display, settings)
    if source is None:
        return None, [_as_parameter_problem(problem)] if problem else []
    parsed, problems = parse_source(source)
    problems = [_as_parameter_problem(problem) for problem in problems]
    if parsed is None:
        return None, problems
    root = parsed.root
    if not isinstance(root, JsonObject):
        return None, problems + [Diagnostic(diagnostics.INVALID_PARAMETERS, "a parameter file must be a JSON object", source.location(root.start))]
    entries = root.get("parameters")
    if not isinstance(entries, JsonObject):
        entries = root
    result = ParameterFile(source)
    file_name = path.name
    for member in entries.members:
        if member.key.casefold() in _METADATA:
            continue
        node = member.value
        where = Related(source.location(node.start, node.end), f"value from parameter '{member.key}' in {file_name}", member.key)
        value: Any
        if isinstance(node, JsonObject) and node.get("reference") is not None and node.get("value") is None:
            value = Unknown(f"parameter '{member.key}' is a Key Vault reference, read at deployment")
        elif isinstance(node, JsonObject) and node.get("value") is not None:
            value_node = node.get("value")
            assert value_node is not None
            value = to_python(value_node)
            where = Related(source.location(value_node.start, value_node.end), where.message, member.key)
        else:
            value = to_python(node)
        result.values[member.key] = (value, where)
    return result, problems


def _as_parameter_problem(problem: Diagnostic) -> Diagnostic:
    if problem.code == diagnostics.DUPLICATE_KEY:
        return problem
    return Diagnostic(diagnostics.INVALID_PARAMETERS, f"parameter file: {problem.message}", problem.location)
