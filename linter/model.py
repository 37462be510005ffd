"""The resource model: the one contract between the front ends (ARM, Bicep) and the rules.

A front end turns a file into a `Deployment`: the resources Azure would deploy, with evaluated values
(`values.Unknown` where a value cannot be known) and, for every property path, the place in the source
the value came from. Rules read only this model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .source import Location, SourceFile
from .values import MISSING, Path, Unknown, get_path, iter_path, parse_path

VMSS = "Microsoft.Compute/virtualMachineScaleSets"
VMSS_VM = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines"
VMSS_EXTENSION = "Microsoft.Compute/virtualMachineScaleSets/extensions"
VM = "Microsoft.Compute/virtualMachines"
AVAILABILITY_SET = "Microsoft.Compute/availabilitySets"
LOAD_BALANCER = "Microsoft.Network/loadBalancers"
PUBLIC_IP = "Microsoft.Network/publicIPAddresses"
VIRTUAL_NETWORK = "Microsoft.Network/virtualNetworks"
SUBNET = "Microsoft.Network/virtualNetworks/subnets"
NAT_GATEWAY = "Microsoft.Network/natGateways"
NETWORK_INTERFACE = "Microsoft.Network/networkInterfaces"
AUTOSCALE = "Microsoft.Insights/autoscaleSettings"


@dataclass(frozen=True)
class Related:
    """A secondary place that explains a value: a parameter file, a variable, a module call site."""

    location: Location
    message: str
    parameter: str | None = None  # set when the value came from this template parameter


@dataclass(frozen=True)
class Placement:
    """Where a finding about one property is shown, what explains it, and a remark its message ends with."""

    location: Location
    related: tuple[Related, ...]
    remark: str | None = None


class Placer(Protocol):
    """Places findings on a resource that is not the user's code (a registry module's) in the user's file."""

    def place(self, resource: Resource, path: Path) -> Placement: ...


@dataclass
class Resource:
    """One resource as Azure would deploy it.

    `body` holds every top-level member except `type`/`apiVersion`/`name` (sku, properties, zones,
    identity, location, …) as evaluated values. `locations` maps property paths (as written in `body`)
    to source spans; `locate()` falls back to the nearest located ancestor, then to `declared_at`.
    """

    type: str
    api_version: str | Unknown | None
    name: str | Unknown
    body: dict[str, Any]
    declared_at: Location
    # where each property is written: a Location, or (source file, start, end) offsets made into one on demand
    locations: dict[Path, Location | tuple[SourceFile, int, int]] = field(default_factory=dict)
    related: dict[Path, tuple[Related, ...]] = field(default_factory=dict)
    resource_id: str | Unknown = field(default_factory=lambda: Unknown("resource id not computed"))
    symbolic_name: str | None = None
    iteration: str | None = None  # "copy 'vmLoop' index 2", "for item 3": names the loop iteration
    existing: bool = False  # declared `existing`: its properties are not deployed by this template
    call_sites: tuple[Related, ...] = ()  # module / nested-deployment call sites, outermost first
    # while the engine records what a check reads (variant_checks.py): ("get" | "each", path) per read
    reads: list[tuple[str, Any]] | None = field(default=None, repr=False, compare=False)
    placer: Placer | None = field(default=None, repr=False, compare=False)  # set for a registry module's resources

    def is_type(self, *types: str) -> bool:
        folded = self.type.casefold()
        if len(types) == 1:
            return folded == types[0].casefold()
        return any(folded == candidate.casefold() for candidate in types)

    def get(self, path: Path | str) -> Any:
        """The evaluated value at `path` (`()`: the whole body), MISSING when absent, or the Unknown met
        on the way. Checks read their resource through `get` and `each` only (see variant_checks.py)."""
        if self.reads is not None:
            self.reads.append(("get", path))
        return get_path(self.body, path)

    def each(self, path: Path | str) -> list[tuple[Path, Any]]:
        """(concrete path, value) for a path with `*` wildcards over arrays."""
        if self.reads is not None:
            self.reads.append(("each", path))
        return iter_path(self.body, path)

    def has(self, path: Path | str) -> bool:
        """True when the key is present, even with a null value."""
        return self.get(path) is not MISSING

    def locate(self, path: Path | str) -> Location:
        """Where the value at `path` is written; property names match case-insensitively, as in ARM."""
        if isinstance(path, str):
            path = parse_path(path)
        folded = None
        for length in range(len(path), 0, -1):
            location = self.locations.get(path[:length])
            if location is None:
                if folded is None:
                    folded = {_fold(key): value for key, value in self.locations.items()}
                location = folded.get(_fold(path[:length]))
            if location is not None:
                return location if isinstance(location, Location) else location[0].location(location[1], location[2])
        return self.declared_at

    def related_for(self, path: Path | str) -> tuple[Related, ...]:
        """Provenance notes for the value at `path` or any located ancestor of it."""
        if isinstance(path, str):
            path = parse_path(path)
        found: list[Related] = []
        for length in range(len(path), -1, -1):
            found.extend(self.related.get(path[:length], ()))
        return tuple(found) + self.call_sites

    def placement(self, path: Path | str) -> Placement:
        """Where a finding at `path` is shown: its own place, or the caller's line for a registry module."""
        if self.placer is not None:
            return self.placer.place(self, parse_path(path) if isinstance(path, str) else path)
        return Placement(self.locate(path), self.related_for(path))

    @property
    def display_name(self) -> str:
        name = self.name if isinstance(self.name, str) else "<unknown name>"
        return f"{name} ({self.iteration})" if self.iteration else name


def _fold(path: Path) -> Path:
    return tuple(part.casefold() if isinstance(part, str) else part for part in path)


@dataclass(frozen=True)
class Diagnostic:
    """A problem with the input itself (syntax, encoding, evaluation limits) rather than an Azure rule."""

    code: str
    message: str
    location: Location
    related: tuple[Related, ...] = ()


@dataclass(frozen=True)
class ParameterChoice:
    """A parameter whose `allowedValues` the engine may explore: each value is a deployable variant."""

    name: str
    values: tuple[Any, ...]
    current: Any  # the default or given value, or Unknown
    location: Location


@dataclass
class Deployment:
    """Everything a front end learned from one template file (plus its parameters and modules)."""

    path: str
    resources: list[Resource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    choices: list[ParameterChoice] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # shown only with --verbose / --show-unknown
    variant: str | None = None  # "when orchestrationMode = 'Flexible'" for an explored variant
    # Lookups derived from `resources` by helper modules (e.g. the id index of references.py), built on
    # first use so cross-resource rules stay linear; never rule state.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # indexes over `resources` (rules look resources up per resource: a scan each time is quadratic),
    # rebuilt when the list is replaced or grows
    _by_type: dict[str, list[tuple[int, Resource]]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_name: dict[tuple[str, str], list[Resource]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _indexed: tuple[int, int] = field(default=(0, -1), init=False, repr=False, compare=False)

    def _index(self) -> None:
        key = (id(self.resources), len(self.resources))
        if self._indexed == key:
            return
        self._by_type, self._by_name = {}, {}
        for position, resource in enumerate(self.resources):
            folded = resource.type.casefold()
            self._by_type.setdefault(folded, []).append((position, resource))
            if isinstance(resource.name, str):
                self._by_name.setdefault((folded, resource.name.casefold()), []).append(resource)
        self._indexed = key

    def of_type(self, *types: str) -> list[Resource]:
        """The resources of these types, in declaration order."""
        self._index()
        if len(types) == 1:
            return [resource for _, resource in self._by_type.get(types[0].casefold(), ())]
        found = {entry[0]: entry[1] for kind in {kind.casefold() for kind in types} for entry in self._by_type.get(kind, ())}
        return [found[position] for position in sorted(found)]

    def named(self, resource_type: str, name: str) -> list[Resource]:
        """The resources of this type with this (full, case-insensitive) name, in declaration order."""
        self._index()
        return list(self._by_name.get((resource_type.casefold(), name.casefold()), ()))




__all__ = [
    "AVAILABILITY_SET", "AUTOSCALE", "Deployment", "Diagnostic", "LOAD_BALANCER", "MISSING", "NAT_GATEWAY",
    "NETWORK_INTERFACE", "PUBLIC_IP", "ParameterChoice", "Placement", "Placer", "Related", "Resource", "SUBNET", "Unknown",
    "VIRTUAL_NETWORK", "VM", "VMSS", "VMSS_EXTENSION", "VMSS_VM",
]
