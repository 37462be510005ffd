"""Rule metadata and discovery.

A rule is a function decorated with `@rule(...)`: its metadata (id, human name, default severity,
the resource types and orchestration modes it applies to, profile behaviour, options, sources) plus
one check. Built-in rules live in `vmss_lint.rules`; third-party packages add theirs through the
`vmss_lint.rules` entry-point group (an entry point names a module or package of rules).
"""

from __future__ import annotations

import enum
import importlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol

from .findings import Severity, Violation
from .fixes.intents import Autofix
from .model import Deployment, Resource

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
PROFILES = ("current", "seed-2022")
DEFAULT_PROFILE = "current"


class Mode(enum.Enum):
    FLEXIBLE = "flexible"
    UNIFORM = "uniform"


class Context(Protocol):
    """What a check may ask of the engine besides the resource itself (`engine.RuleContext` implements it)."""

    profile: str

    @property
    def deployment(self) -> Deployment:
        """Every resource of the file (reading it makes the check depend on more than its resource)."""
        ...

    @property
    def previous(self) -> Deployment | None:
        """The file's earlier version (--previous / --diff-base), or None."""
        ...

    def option(self, name: str) -> Any:
        """The configured value of one of the rule's options."""
        ...

    def previous_of(self, resource: Resource) -> Resource | None:
        """The same resource in the earlier version, or None (no earlier version, or the resource is new)."""
        ...


Check = Callable[[Resource, Context], Iterable[Violation]]


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    summary: str
    severity: Severity
    resource_types: tuple[str, ...]
    modes: frozenset[Mode] | None  # None: the rule does not depend on a scale set's mode
    profiles: Mapping[str, Severity] = field(default_factory=dict)  # severity per profile, overriding `severity`
    options: Mapping[str, Any] = field(default_factory=dict)  # configurable limits and their defaults
    sources: tuple[str, ...] = ()
    catalogue: tuple[str, ...] = ()  # rows of the constraint catalogue (docs/rules/README.md) this rule implements
    fix: str = ""  # one line: what to change
    autofix: Autofix | None = None  # the edit `--fix` and editors may apply (linter/fixes)
    explanation: str = ""  # the check's docstring: why Azure rejects or degrades this
    tags: tuple[str, ...] = ()

    def severity_for(self, profile: str) -> Severity:
        return self.profiles.get(profile, self.severity)

    @property
    def docs_path(self) -> str:
        return f"docs/rules/{self.id}.md"


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    check: Check
    id: str = field(init=False, repr=False, compare=False, default="")
    # built-in checks read their resource only through get/each (a test holds them to it), which allowed-value
    # variants rely on to skip repeated checks; a plug-in's check is always run
    built_in: bool = field(init=False, repr=False, compare=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", self.meta.id)  # read for every resource checked: a plain attribute
        object.__setattr__(self, "built_in", getattr(self.check, "__module__", "").startswith("vmss_lint.rules."))


def rule(
    *,
    id: str,
    name: str,
    summary: str,
    severity: str,
    types: str | Iterable[str],
    modes: str | Iterable[str] | None = None,
    profiles: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
    sources: Iterable[str] = (),
    catalogue: Iterable[str] = (),
    fix: str = "",
    tags: Iterable[str] = (),
    autofix: Autofix | None = None,
) -> Callable[[Check], Rule]:
    """Declare a rule. `modes` is 'flexible', 'uniform', both, or None (mode-independent)."""

    def decorate(check: Check) -> Rule:
        mode_set = None
        if modes is not None:
            words = [modes] if isinstance(modes, str) else list(modes)
            mode_set = frozenset(Mode(word) for word in words)
        meta = RuleMeta(
            id=id,
            name=name,
            summary=summary,
            severity=Severity.parse(severity),
            resource_types=(types,) if isinstance(types, str) else tuple(types),
            modes=mode_set,
            profiles={key: Severity.parse(value) for key, value in (profiles or {}).items()},
            options=dict(options or {}),
            sources=tuple(sources),
            catalogue=tuple(catalogue) or (id,),
            fix=fix,
            autofix=autofix,
            explanation=_dedent(check.__doc__ or ""),
            tags=tuple(tags),
        )
        _validate(meta)
        return Rule(meta, check)

    return decorate


def _dedent(text: str) -> str:
    import inspect

    return inspect.cleandoc(text) if text else ""


def _validate(meta: RuleMeta) -> None:
    if not RULE_ID.match(meta.id):
        raise RegistryError(f"rule id {meta.id!r} is not of the form PREFIX-PART-NNN")
    if not re.match(r"^[a-z][a-z0-9-]*$", meta.name) or meta.name.casefold() == meta.id.casefold():
        raise RegistryError(f"rule {meta.id}: name {meta.name!r} must be kebab-case and differ from the id")
    unknown_profiles = set(meta.profiles) - set(PROFILES)
    if unknown_profiles:
        raise RegistryError(f"rule {meta.id}: unknown profiles {sorted(unknown_profiles)}")
    if not meta.explanation:
        raise RegistryError(f"rule {meta.id}: the check needs a docstring explaining why")


class RegistryError(Exception):
    """A rule package is broken: duplicate ids, bad metadata, an import that fails."""


# per resource type: each selected rule with its level, its options and whether the user set the level
PreparedRules = dict[str, list[tuple["Rule", Severity, Mapping[str, Any], bool]]]


@dataclass
class Registry:
    rules: dict[str, Rule]
    _ordered: tuple[Rule, ...] = field(init=False, repr=False)
    # what the engine prepares from the rules for one configuration (levels, options), kept per configuration
    prepared: dict[tuple[object, ...], PreparedRules] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._ordered = tuple(sorted(self.rules.values(), key=lambda item: item.id))

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        found = self.rules.get(rule_id.upper())
        if found is None:
            for candidate in self.rules.values():
                if candidate.meta.name == rule_id.lower():
                    return candidate
        return found

    def meta(self, rule_id: str) -> RuleMeta | None:
        found = self.get(rule_id)
        return found.meta if found else None


def rules_in_module(module: ModuleType) -> list[Rule]:
    return [value for value in vars(module).values() if isinstance(value, Rule)]


def _walk(package: ModuleType) -> Iterator[ModuleType]:
    yield package
    for name in sorted(_module_names(package)):
        yield importlib.import_module(name)


def _module_names(package: ModuleType) -> set[str]:
    """The modules and sub-packages below `package`, as pkgutil.walk_packages names them, found by listing
    plain directories (importing pkgutil costs more than the listing); anything else goes through pkgutil."""
    names: set[str] = set()
    pending = [(list(package.__path__), package.__name__)]
    while pending:
        directories, prefix = pending.pop()
        for directory in directories:
            if not os.path.isdir(directory):
                import pkgutil

                return {info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")}
            with os.scandir(directory) as entries:
                for entry in entries:
                    stem, suffix = os.path.splitext(entry.name)
                    if entry.is_dir():
                        if entry.name.isidentifier() and os.path.isfile(os.path.join(entry.path, "__init__.py")):
                            names.add(f"{prefix}.{entry.name}")
                            pending.append(([entry.path], f"{prefix}.{entry.name}"))
                    elif suffix == ".py" and stem != "__init__" and stem.isidentifier():
                        names.add(f"{prefix}.{stem}")
    return names


ENTRY_POINT_GROUP = "vmss_lint.rules"


def _may_have_plugins() -> bool:
    """False only when no installed distribution can declare a `vmss_lint.rules` entry point.

    importlib.metadata costs a fifth of a one-file run's start-up; reading the entry_points.txt files it
    would read costs about a millisecond. Anything this scan cannot see through (zip files, eggs) means yes.
    """
    import os
    import sys

    header = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        directory = entry or "."
        if os.path.isfile(directory):
            return True  # a zip on sys.path may hold distributions
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if name.endswith(".egg"):
                return True
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(directory, name, "entry_points.txt"), encoding="utf-8", errors="replace") as handle:
                    if header in handle.read():
                        return True
            except OSError:
                continue
    return False


def load_registry(*, entry_points: bool = True) -> Registry:
    """Import the built-in rules and every `vmss_lint.rules` entry point; reject duplicate ids."""
    from . import diagnostics
    from . import rules as builtin  # type: ignore[attr-defined]  # vmss_lint.rules lives in rules/ (pyproject package-dir)

    modules: list[tuple[str, ModuleType]] = [("vmss_lint.rules", module) for module in _walk(builtin)]
    if entry_points and _may_have_plugins():
        from importlib.metadata import entry_points as find_entry_points

        for entry in sorted(find_entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            try:
                loaded = entry.load()
            except Exception as error:  # a broken plug-in must name itself, not crash the run
                raise RegistryError(f"rule plug-in {entry.name!r} failed to load: {error}") from error
            if isinstance(loaded, ModuleType) and hasattr(loaded, "__path__"):
                modules.extend((entry.name, module) for module in _walk(loaded))
            elif isinstance(loaded, ModuleType):
                modules.append((entry.name, loaded))
    found: dict[str, Rule] = {}
    origin: dict[str, str] = {}
    for owner, module in modules:
        for item in rules_in_module(module):
            if item.id in found or item.id in diagnostics.CODES:
                where = origin.get(item.id, "the built-in diagnostics")
                raise RegistryError(f"duplicate rule id {item.id}: in {module.__name__} ({owner}) and {where}")
            found[item.id] = item
            origin[item.id] = f"{module.__name__} ({owner})"
    names: dict[str, str] = {}
    for item in found.values():
        if item.meta.name in names:
            raise RegistryError(f"duplicate rule name {item.meta.name}: {item.id} and {names[item.meta.name]}")
        names[item.meta.name] = item.id
    return Registry(found)
