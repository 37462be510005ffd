"""VM size names: parse them into family, features and version, and look up memory-preserving updates.

Naming convention: [Family][Sub-family][vCPUs][-constrained][features][_accelerator][_memtier][_vVersion],
e.g. Standard_NC24ads_A100_v4 or Standard_M416-208ms_v2. The family table is `schemas/vm-sizes.json`.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..schemas import read_text

_SIZE = re.compile(
    r"""^(?P<tier>Standard|Basic)_
    (?P<prefix>[A-Z]+)
    (?P<vcpu>\d+)
    (?:-(?P<constrained>\d+))?
    (?P<features>[a-z]*)
    (?:_(?P<accel>(?!v\d+$)[A-Z][A-Za-z0-9]*))?
    (?:_(?P<memtier>\d+))?
    (?:_v(?P<version>\d+))?
    (?:_Promo)?$""",
    re.X,
)
_LEGACY_PREMIUM = {"DS": "D", "GS": "G"}


class Support(enum.Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"  # contested or undocumented: rules warn instead of erroring


@dataclass(frozen=True)
class VmSize:
    name: str
    family: str  # one letter: A B D E F G H L M N
    subfamily: str  # 'C' for NC, 'X' for FX, 'B' for HB, 'C' for DC (confidential) ...
    vcpus: int
    features: str  # additive feature letters: a d i l m p s t r n ...
    accelerator: str | None
    version: int | None
    promo: bool

    @property
    def prefix(self) -> str:
        return self.family + self.subfamily

    @property
    def rdma(self) -> bool:
        return "r" in self.features

    @property
    def arm64(self) -> bool:
        return "p" in self.features

    @property
    def premium_storage(self) -> bool:
        return "s" in self.features

    @property
    def local_temp_disk(self) -> bool:
        return "d" in self.features


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(read_text("vm-sizes.json"))
    return data


@lru_cache(maxsize=4096)
def parse_size(name: str) -> VmSize | None:
    """Parse a size name (case-insensitive tier/letters are normalised); None when it is not a size name."""
    if not isinstance(name, str):
        return None
    match = _SIZE.match(name.strip())
    if match is None:
        return None
    prefix = match.group("prefix")
    family, subfamily = prefix[0], prefix[1:]
    if prefix in _LEGACY_PREMIUM:
        family, subfamily = _LEGACY_PREMIUM[prefix], ""
    version = match.group("version")
    return VmSize(
        name=name.strip(),
        family=family,
        subfamily=subfamily,
        vcpus=int(match.group("vcpu")),
        features=match.group("features") or "",
        accelerator=match.group("accel"),
        version=int(version) if version else None,
        promo=name.strip().endswith("_Promo"),
    )


def _lookup(size: VmSize, key: str) -> Support:
    table = _table()
    for entry in (table["sizes"].get(size.name), table["subfamilies"].get(size.prefix), table["families"].get(size.family)):
        if entry and key in entry:
            value = entry[key]
            return Support.YES if value == "yes" else Support.NO if value == "no" else Support.UNKNOWN
    return Support.UNKNOWN


def memory_preserving_updates(name: Any, *, accept_live_migration: bool = False) -> Support:
    """Whether a size supports memory-preserving updates (catalogue §4, C-11, C-12).

    With `accept_live_migration`, a size with live migration counts as supporting them (the seed's prose).
    Unparseable names are UNKNOWN.
    """
    size = parse_size(name) if isinstance(name, str) else None
    if size is None:
        return Support.UNKNOWN
    mpu = _lookup(size, "mpu")
    if mpu is not Support.YES and accept_live_migration and _lookup(size, "live_migration") is Support.YES:
        return Support.YES
    return mpu


def is_general_purpose(name: Any) -> bool | None:
    """A/B/D/E/F families are general purpose; G/H/L/M/N are specialty. None when unparseable."""
    size = parse_size(name) if isinstance(name, str) else None
    if size is None:
        return None
    entry = _table()["families"].get(size.family)
    return bool(entry and entry.get("general_purpose"))


def rejected_for_flexible(name: Any) -> bool:
    return isinstance(name, str) and name.casefold() in {size.casefold() for size in _table()["flexible_rejected_sizes"]}


def instance_mix_families() -> frozenset[str]:
    return frozenset(_table()["instance_mix_families"])
