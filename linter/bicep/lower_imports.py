"""`import {x, f as g} from './y.bicep'` and `import * as ns from ...` for the lowering.

Bicep copies what a file imports into the compiled template. Here an imported variable becomes its value
expression, inlined (its own file's variables inlined in turn), and every function of an imported file
joins the template's `__bicep` namespace under a per-file prefix (`__bicep.i1_buildName`), so the ARM
evaluator sees one self-contained template. Registry imports (`br:`) are not fetched: their names are
unknown, and each one used for a value is recorded in `unread` so that the front end says so (LINT-009).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import syntax as s
from .lower_expressions import FUNCTION_NAMESPACE, ExpressionLowering, LoweringError, unknown

_EXTERNAL = ("br:", "br/", "ts:", "ts/")


@dataclass(frozen=True)
class UnreadImport:
    """A name used for a value whose import is not read: a registry import, or a file missing or outside the tree."""

    path: Path  # the file with the import statement
    statement: s.ImportDecl
    name: str

    def message(self) -> str:
        where = self.statement.path
        if where.casefold().startswith(_EXTERNAL):
            why = "vmss-lint does not look registry imports up in the module cache yet"
        else:
            why = "the file is missing or outside the linted directory tree"
        return f"'{self.name}' is imported from '{where}', which is not read ({why}): what uses it is unknown and not checked"


class _File:
    """One imported file: its variables (inlined on use) and functions (emitted with `prefix`)."""

    def __init__(self, imports: Imports, path: Path, program: s.Program, prefix: str) -> None:
        self.prefix = prefix
        self.variables = {statement.name: statement for statement in program.statements if isinstance(statement, s.VariableDecl)}
        self.functions = {statement.name: statement for statement in program.statements if isinstance(statement, s.FunctionDecl)}
        self.own_imports = imports.child(path, program)
        self.inlining: set[str] = set()
        self.lowering = ExpressionLowering(set(), set(), {}, self.functions, "resourcegroup", imports.load_file(path), self.resolve)
        self.lowering.function_prefix = prefix

    def resolve(self, name: str) -> str | None:
        if name in self.variables:
            if name in self.inlining:
                raise LoweringError(f"the variable '{name}' refers to itself")
            self.inlining.add(name)
            try:
                return self.lowering.text(self.variables[name].value, {})
            finally:
                self.inlining.discard(name)
        return self.own_imports.resolve(name)

    def export(self, name: str) -> str | None:
        """ARM text of an exported variable, or the ARM name of an exported function (`name()`)."""
        if name.endswith("()"):
            bare = name[:-2]
            return f"{FUNCTION_NAMESPACE}.{self.prefix}{bare}" if bare in self.functions else None
        return self.resolve(name)


class Imports:
    """The imports of one file; files are read through `read_program` and shared by every `Imports`."""

    def __init__(
        self, path: Path, program: s.Program, read_program: Callable[[Path], s.Program | None],
        load_file: Callable[[Path], Any], files: dict[Path, _File | None] | None = None,
        unread: list[UnreadImport] | None = None,
    ) -> None:
        self.path = path
        self.unread: list[UnreadImport] = unread if unread is not None else []  # shared with the imported files' own imports
        self.read_program = read_program
        self.load_file = load_file
        self.files: dict[Path, _File | None] = files if files is not None else {}
        self.names: dict[str, tuple[s.ImportDecl, str]] = {}
        for statement in program.statements:
            if isinstance(statement, s.ImportDecl):
                for exported, local in statement.names:
                    self.names[local] = (statement, exported)
                if statement.wildcard:
                    self.names[statement.wildcard] = (statement, "*")

    def child(self, path: Path, program: s.Program) -> Imports:
        return Imports(path, program, self.read_program, self.load_file, self.files, self.unread)

    def file(self, statement: s.ImportDecl) -> _File | None:
        if statement.path.casefold().startswith(_EXTERNAL):
            return None
        target = (self.path.parent / statement.path).resolve()
        if target not in self.files:
            self.files[target] = None  # an import cycle reads nothing
            program = self.read_program(target)
            if program is not None:
                self.files[target] = _File(self, target, program, f"i{len(self.files)}_")
        return self.files[target]

    def resolve(self, name: str) -> str | None:
        """ARM text for an imported name: `x`, `x()` (a function), `ns.x` or `ns.x()` (wildcard)."""
        local, _, member = name.partition(".")
        bare = local[:-2] if local.endswith("()") else local
        entry = self.names.get(bare)
        if entry is None:
            return None
        statement, exported = entry
        found = self.file(statement)
        if found is None:
            if local.endswith("()") or member.endswith("()"):
                return None
            unread = UnreadImport(self.path, statement, name)
            if unread not in self.unread:
                self.unread.append(unread)
            return unknown(f"'{statement.path}' cannot be read here: what it exports is unknown")
        if exported == "*":
            return found.export(member) if member else None
        return found.export(f"{exported}()" if local.endswith("()") else exported)

    def functions(self) -> list[tuple[str, s.FunctionDecl, ExpressionLowering]]:
        """Every function of every imported file: (its ARM member name, declaration, lowering)."""
        return [
            (f"{file.prefix}{name}", decl, file.lowering)
            for file in self.files.values() if file is not None
            for name, decl in file.functions.items()
        ]
