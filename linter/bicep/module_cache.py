"""Find a registry (`br:`) or template-spec (`ts:`) module in Bicep's local module cache. Nothing is fetched.

`bicep restore` and `bicep build` write every external module they pull into a cache on disk; this module
resolves a module reference the way Bicep does and names the file Bicep would read (the facts, with their
places in Bicep's source, are in docs/bicep-support.md):

* the reference `br:<registry>/<repository>:<tag>` or `…@sha256:<digest>`; `br/<alias>:<path>:<tag>` with
  `moduleAliases.br.<alias>` (`registry`, optional `modulePath`) of the bicepconfig.json nearest above the
  file (`br/public` is built in: `mcr.microsoft.com/bicep`); `ts:<subscription>/<group>/<name>:<version>`
  and `ts/<alias>:<name>:<version>` with `moduleAliases.ts.<alias>` (`subscription`, `resourceGroup`);
* the cache root: `--module-cache`, else `cacheRootDirectory` of that bicepconfig.json (`~` expanded; it
  must be absolute), else `~/.bicep`;
* `br/<registry, ':' -> '$', lowercased>/<repository, '/' -> '$'>/<tag + '$' + hex mask of its capitals
  | digest with ':' -> '#'>/main.json` (the compiled ARM template), and
  `ts/<subscription>/<group>/<name>/<version>/main.json`, the whole path lowercased (the template-spec
  version resource; its template is `properties.mainTemplate`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any

CONFIG_FILE = "bicepconfig.json"
PUBLIC_ALIAS = {"registry": "mcr.microsoft.com", "modulePath": "bicep"}  # Bicep's built-in `br/public`
_SEGMENT = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
_TAG = re.compile(r"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")
_DIGEST = re.compile(r"^sha256:[a-f0-9]{64}$")
_ALIAS = re.compile(r"^[a-zA-Z0-9-_]+$")
_MAX_EXTENDS = 64  # Bicep's limit for a chain of `extends`


@dataclass(frozen=True)
class CachedModule:
    """A module reference resolved to the file Bicep's cache holds for it."""

    reference: str  # as written in the Bicep file
    canonical: str  # without alias: br:registry/repository:tag, ts:subscription/group/name:version
    path: Path  # main.json in the cache (it may not exist: not restored)
    template_spec: bool  # the file is a template-spec version resource (template in properties.mainTemplate)


@dataclass(frozen=True)
class Unresolvable:
    """A reference that names no cache entry: the reason, said to the user."""

    reference: str
    reason: str


@dataclass
class BicepConfig:
    """What vmss-lint needs from a (merged) bicepconfig.json."""

    file: Path | None
    aliases: Mapping[str, Mapping[str, Any]]  # "br" / "ts" -> alias -> object
    cache_root: str | None = None
    problem: str | None = None  # the file could not be read: why


@dataclass
class ModuleCache:
    """Resolves references for one run; bicepconfig.json files are read once per directory."""

    override: Path | None = None  # --module-cache
    _configs: dict[Path, BicepConfig] = field(default_factory=dict)

    def resolve(self, reference: str, referencing_file: Path) -> CachedModule | Unresolvable:
        config = self.config_for(referencing_file)
        scheme, _, rest = reference.partition(":")
        scheme, _, alias = scheme.partition("/")
        scheme = scheme.casefold()
        if alias and config.problem:
            return Unresolvable(reference, config.problem)
        if scheme == "br":
            resolved = _registry_address(rest, alias, config)
        elif scheme == "ts":
            resolved = _template_spec_address(rest, alias, config)
        else:
            return Unresolvable(reference, f"'{scheme}' is not a module scheme Bicep knows (br, ts)")
        if isinstance(resolved, str):
            return Unresolvable(reference, resolved)
        root = self._root(config)
        if isinstance(root, str):
            return Unresolvable(reference, root)
        canonical, relative = resolved
        return CachedModule(reference, canonical, root.joinpath(*relative, "main.json"), scheme == "ts")

    def _root(self, config: BicepConfig) -> Path | str:
        if self.override is not None:
            return self.override
        if config.cache_root:
            expanded = _expand_home(config.cache_root)
            if not os.path.isabs(expanded):
                return f"cacheRootDirectory '{config.cache_root}' in {config.file} is not an absolute path (Bicep refuses it)"
            return Path(expanded)
        return Path(os.path.expanduser("~")) / ".bicep"

    def config_for(self, file: Path) -> BicepConfig:
        """The configuration Bicep uses for `file`: the nearest bicepconfig.json in its folder or above."""
        directory = Path(os.path.abspath(file)).parent
        visited = []
        config = None
        for folder in (directory, *directory.parents):
            if folder in self._configs:
                config = self._configs[folder]
                break
            visited.append(folder)
            candidate = folder / CONFIG_FILE
            try:
                found = candidate.is_file()
            except OSError as error:
                config = BicepConfig(candidate, {}, problem=f"cannot look for {candidate}: {error.strerror or error}")
                break
            if found:
                config = _load_config(candidate)
                break
        if config is None:
            config = BicepConfig(None, {"br": {"public": PUBLIC_ALIAS}, "ts": {}})
        for folder in visited:
            self._configs[folder] = config
        return config


def _registry_address(rest: str, alias: str, config: BicepConfig) -> tuple[str, tuple[str, ...]] | str:
    if alias:
        entry = _alias(config, "br", alias)
        if isinstance(entry, str):
            return entry
        registry = entry.get("registry")
        if not isinstance(registry, str) or not registry:
            return f"the alias 'br/{alias}' in {config.file} has no `registry`"
        prefix = entry.get("modulePath")
        rest = f"{registry}/{prefix}/{rest}" if isinstance(prefix, str) and prefix else f"{registry}/{rest}"
    registry, slash, path = rest.partition("/")
    if not registry or not slash or not path:
        return "a registry reference needs <registry>/<repository>:<tag>"
    if "@" in path:
        repository, _, digest = path.partition("@")
        if not _DIGEST.match(digest):
            return f"'{digest}' is not a sha256 digest"
        version = digest.replace(":", "#")
        shown = f"@{digest}"
    else:
        repository, colon, tag = path.rpartition(":")
        if not colon or "/" in tag:
            return "the reference has no tag (`:<tag>`) or digest (`@sha256:…`)"
        if not _TAG.match(tag):
            return f"'{tag}' is not a valid tag"
        version = encode_tag(tag)
        shown = f":{tag}"
    segments = repository.split("/")
    bad = next((segment for segment in segments if not _SEGMENT.match(segment)), None)
    if bad is not None:
        return f"'{bad}' is not a valid repository segment (lowercase letters, digits, '.', '_', '-')"
    folder = registry.replace(":", "$").lower()
    return f"br:{registry}/{repository}{shown}", ("br", folder, repository.replace("/", "$"), version)


def _template_spec_address(rest: str, alias: str, config: BicepConfig) -> tuple[str, tuple[str, ...]] | str:
    if alias:
        entry = _alias(config, "ts", alias)
        if isinstance(entry, str):
            return entry
        subscription, group = entry.get("subscription"), entry.get("resourceGroup")
        if not isinstance(subscription, str) or not isinstance(group, str):
            return f"the alias 'ts/{alias}' in {config.file} needs `subscription` and `resourceGroup`"
        rest = f"{subscription}/{group}/{rest}"
    parts = rest.split("/")
    if len(parts) != 3 or ":" not in parts[2]:
        return "a template-spec reference needs <subscription>/<resource group>/<name>:<version>"
    name, _, version = parts[2].partition(":")
    subscription, group = parts[0], parts[1]
    if not all((subscription, group, name, version)):
        return "a template-spec reference needs <subscription>/<resource group>/<name>:<version>"
    canonical = f"ts:{subscription}/{group}/{name}:{version}"
    return canonical, tuple(part.lower() for part in ("ts", subscription, group, name, version))


def _alias(config: BicepConfig, scheme: str, alias: str) -> Mapping[str, Any] | str:
    if not _ALIAS.match(alias):
        return f"'{alias}' is not a valid alias name"
    entry = config.aliases.get(scheme, {}).get(alias)
    if not isinstance(entry, Mapping):
        where = f"in {config.file}" if config.file else "(no bicepconfig.json above the file)"
        return f"the alias '{scheme}/{alias}' is not defined {where}"
    return entry


def encode_tag(tag: str) -> str:
    """Bicep's folder name for a tag: the tag, '$', then a hex mask of its upper-case letters (case-insensitive
    file systems keep `V1` and `v1` apart)."""
    mask = 0
    for index, char in enumerate(tag):
        if char.isupper():
            mask |= 1 << index
    low, high = mask & 0xFFFFFFFFFFFFFFFF, mask >> 64
    if high:
        return f"{tag}${high:x}{low:016x}"
    return f"{tag}${low:x}" if low else f"{tag}$"


def _expand_home(path: str) -> str:
    if path == "~":
        return os.path.expanduser("~")
    if path.startswith(("~/", "~\\")):
        return os.path.expanduser("~") + path[1:]
    return path


def _load_config(file: Path) -> BicepConfig:
    """Read a bicepconfig.json (comments allowed), its `extends` chain and Bicep's built-in defaults."""
    layers: list[dict[str, Any]] = []
    current = file
    seen: set[Path] = set()
    while True:
        document = _read_json(current)
        if isinstance(document, str):
            return BicepConfig(file, {}, problem=document)
        layers.append(document)
        seen.add(Path(os.path.abspath(current)))
        extends = document.get("extends")
        if not isinstance(extends, str) or not extends.strip():
            break
        if os.path.isabs(extends):
            return BicepConfig(file, {}, problem=f"{current}: `extends` must be a relative path")
        current = Path(os.path.normpath(current.parent / extends))
        if current in seen or len(layers) >= _MAX_EXTENDS:
            return BicepConfig(file, {}, problem=f"{file}: the `extends` chain loops or is too long")
    merged: dict[str, Any] = {"moduleAliases": {"br": {"public": dict(PUBLIC_ALIAS)}, "ts": {}}}
    for layer in reversed(layers):
        merged = _merge(merged, {key: value for key, value in layer.items() if key != "extends"})
    aliases = merged.get("moduleAliases")
    aliases = aliases if isinstance(aliases, dict) else {}
    root = merged.get("cacheRootDirectory")
    return BicepConfig(file, {key: value for key, value in aliases.items() if isinstance(value, dict)}, root if isinstance(root, str) else None)


def _read_json(file: Path) -> dict[str, Any] | str:
    from ..arm.reader import JsonObject, JsonSyntaxError, parse_json, to_python
    from ..source import DecodeError, FileTooLarge, SourceFile

    try:
        source = SourceFile.read(file, str(file), 1024 * 1024, root=None)  # Bicep's own files: its configuration and cache
        parsed = parse_json(source.text)
    except (OSError, DecodeError, FileTooLarge) as error:
        return f"cannot read {file}: {error}"
    except JsonSyntaxError as error:
        line, column = source.position(error.offset)
        return f"{file}:{line}:{column}: invalid JSON: {error}"
    if not isinstance(parsed.root, JsonObject):
        return f"{file}: a bicepconfig.json must hold a JSON object"
    config: dict[str, Any] = to_python(parsed.root)
    return config


def _merge(base: dict[str, Any], layer: dict[str, Any]) -> dict[str, Any]:
    """Objects merge member by member, any other value replaces (Bicep's merge of configuration layers)."""
    merged = dict(base)
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
