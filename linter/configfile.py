"""Configuration files: find, read, validate and apply `[tool.vmss-lint]` or `.vmss-lint.yaml`.

The file is found by walking up from the linted paths (nearest wins; in one directory `.vmss-lint.yaml`
before `.vmss-lint.yml` before a `pyproject.toml` that has a `[tool.vmss-lint]` table). It is validated
by `schemas/config.schema.json`, then rule ids, rule names and option names are checked against the
installed rules. Every problem is a `ConfigError` naming the file, the key and what is allowed.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .findings import Severity
from .guarded_read import FileTooLarge, read_text
from .project import common_directory

if TYPE_CHECKING:
    from .registry import Registry

YAML_NAMES = (".vmss-lint.yaml", ".vmss-lint.yml")
PYPROJECT = "pyproject.toml"
TOOL_KEY = "vmss-lint"
MAX_CONFIG_BYTES = 1024 * 1024
_FIRST_ERRORS = 20


class ConfigError(Exception):
    """A configuration file that cannot be used: the CLI prints it and exits with code 2."""

    def __init__(self, file: Path | str, key: str, message: str) -> None:
        self.file = _shown(Path(file))
        self.key = key
        self.message = message
        super().__init__(f"{self.file}: `{key}`: {message}" if key else f"{self.file}: {message}")


def _shown(file: Path) -> str:
    """The file as the user knows it: relative to the current directory when below it."""
    try:
        return file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return file.as_posix()


def find_config(paths: Sequence[Path | str]) -> Path | None:
    """The nearest configuration file above the common directory of `paths` (or the current directory)."""
    start = common_directory([Path(path) for path in paths] or [Path(".")])
    for directory in (start, *start.parents):
        for name in YAML_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def is_config_file(file: Path) -> bool:
    """Whether `file` is a vmss-lint configuration file (by name; a pyproject.toml only with the table)."""
    if file.name in YAML_NAMES:
        return True
    return file.name == PYPROJECT and _has_tool_table(file)


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "vmss-lint" not in text:  # cheap test before parsing every pyproject on the way up
        return False
    try:
        return isinstance(_toml_loads(text).get("tool", {}).get(TOOL_KEY), dict)
    except ValueError:
        return True  # let read_config_file report the syntax error with the file's name


def _toml_loads(text: str) -> dict[str, Any]:
    """TOML as plain data; ValueError for a syntax error or for nesting past what the parser's recursion holds."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
    try:
        document: dict[str, Any] = tomllib.loads(text)
        return document
    except RecursionError:
        raise ValueError("the document nests too deeply") from None


def read_config_file(file: Path) -> dict[str, Any]:
    """The raw settings of `file` (the `[tool.vmss-lint]` table of a pyproject.toml, or a whole YAML file)."""
    try:  # a configuration found in the tree may be a link: it must not lead out of its own directory
        text = read_text(file, root=os.path.realpath(os.path.dirname(os.path.abspath(file))), max_bytes=MAX_CONFIG_BYTES)
    except FileTooLarge as error:
        raise ConfigError(file, "", f"cannot read the configuration file: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(file, "", f"cannot read the configuration file: {getattr(error, 'strerror', None) or error}") from None
    if file.name == PYPROJECT or file.suffix == ".toml":
        try:
            document = _toml_loads(text)
        except ValueError as error:
            raise ConfigError(file, "", f"invalid TOML: {error}") from None
        table = document.get("tool", {}).get(TOOL_KEY)
        if table is None:
            raise ConfigError(file, "tool.vmss-lint", "the file has no [tool.vmss-lint] table")
        return dict(table)
    from ruamel.yaml.error import YAMLError

    from .safe_yaml import YamlRefused, load_yaml

    try:
        document = load_yaml(text)
    except YamlRefused as error:
        where = f" at line {error.line}, column {error.column}" if error.line else ""
        raise ConfigError(file, "", f"refused YAML{where}: {error.message}") from None
    except RecursionError:
        raise ConfigError(file, "", "refused YAML: the document nests too deeply") from None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(file, "", f"invalid YAML{where}: {problem}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ConfigError(file, "", "the configuration must be a mapping of keys to values")
    return document


def _schema() -> dict[str, Any]:
    from importlib import resources

    schema: dict[str, Any] = json.loads(resources.files("vmss_lint.schemas").joinpath("config.schema.json").read_text(encoding="utf-8"))
    return schema


def validate(raw: Mapping[str, Any], file: Path | str) -> None:
    """Check `raw` against schemas/config.schema.json; raise the first problem as a ConfigError."""
    import jsonschema

    schema = _schema()
    validator_class = jsonschema.validators.validator_for(schema)
    first = itertools.islice(validator_class(schema).iter_errors(dict(raw)), _FIRST_ERRORS)  # stop early: one is shown
    errors = sorted(first, key=lambda error: (len(error.absolute_path), list(map(str, error.absolute_path))))
    if errors:
        raise _explain(errors[0], schema, file)


def _explain(error: Any, schema: dict[str, Any], file: Path | str) -> ConfigError:
    """A message that names the key and the allowed values, in the words of the schema."""
    path = [str(part) for part in error.absolute_path]
    key = ".".join(path)
    if error.validator == "additionalProperties" and not path:
        unexpected = sorted(set(error.instance) - set(schema["properties"]))
        allowed = ", ".join(sorted(schema["properties"]))
        return ConfigError(file, unexpected[0] if unexpected else key, f"unknown key; allowed keys: {allowed}")
    if error.validator == "enum":
        allowed = ", ".join(str(value) for value in error.validator_value)
        return ConfigError(file, key, f"{_short(error.instance)} is not allowed; allowed values: {allowed}")
    if error.validator == "additionalProperties":
        # an unknown key inside a mapping whose values have a fixed shape (not hit today; kept for safety)
        return ConfigError(file, key, error.message)
    if error.validator in ("type", "oneOf"):
        expected = _expected(error.schema)
        return ConfigError(file, key, f"{_short(error.instance)} has the wrong type; expected {expected}")
    if error.validator in ("minimum", "minLength"):
        return ConfigError(file, key, f"{_short(error.instance)} is too small; the minimum is {error.validator_value}")
    return ConfigError(file, key, error.message)


def _short(value: Any) -> str:
    """A value as the user wrote it, cut short: a configuration value can be large."""
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _expected(schema: Mapping[str, Any]) -> str:
    if "oneOf" in schema:
        return " or ".join(_expected(choice) for choice in schema["oneOf"])
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items", {})
        return f"a list of {items.get('type', 'value')}s" if items else "a list"
    if isinstance(kind, list):
        return " or ".join(f"a {item}" for item in kind)
    if "$ref" in schema:
        return "a string or a list of strings"
    return f"a {kind}" if kind else "another value"


def apply_settings(raw: Mapping[str, Any], file: Path, registry: Registry, base: Config | None = None) -> Config:
    """A Config from validated `raw` settings; relative paths are taken from `file`'s directory."""
    from . import diagnostics

    config = replace(base) if base is not None else Config()
    folder = file.resolve().parent
    if "select" in raw:
        config.select = _prefixes(raw["select"])
    if "ignore" in raw:
        config.ignore = _prefixes(raw["ignore"])
    if "profile" in raw:
        config.profile = raw["profile"]
    if "fail-on" in raw:
        config.fail_on = Severity.parse(raw["fail-on"])
    if "severity" in raw:
        severities = dict(config.severities)
        for name, level in raw["severity"].items():
            severities[_rule_id(name, registry, diagnostics.CODES, file)] = Severity.parse(level)
        config.severities = severities
    if "options" in raw:
        config.options = {**config.options, **_options(raw["options"], registry, file)}
    if "exclude" in raw:
        config.exclude = tuple(_anchored(pattern, folder) for pattern in raw["exclude"])
    if "parameters" in raw:
        config.parameter_map = {
            _anchored(pattern, folder): [str(folder / item) for item in ([files] if isinstance(files, str) else files)]
            for pattern, files in raw["parameters"].items()
        }
    if "baseline" in raw:
        config.baseline = str(folder / raw["baseline"])
    for key, attribute in (
        ("show-unknown", "show_unknown"),
        ("show-suppressed", "show_suppressed"),
        ("explore-allowed-values", "explore_allowed_values"),
        ("max-variants", "max_variants"),
        ("max-file-size", "max_file_bytes"),
    ):
        if key in raw:
            setattr(config, attribute, raw[key])
    config.config_file = str(file)
    return config


def _prefixes(value: str | list[str]) -> tuple[str, ...]:
    parts = value.split(",") if isinstance(value, str) else [piece for item in value for piece in item.split(",")]
    return tuple(part.strip() for part in parts if part.strip())


def _rule_id(name: str, registry: Registry, codes: Mapping[str, Any], file: Path) -> str:
    found = registry.get(name)
    if found is not None:
        return found.id
    for code in codes.values():
        if name.upper() == code.id or name.lower() == code.name:
            return str(code.id)
    raise ConfigError(file, f"severity.{name}", "unknown rule; allowed: a rule id or name listed by `vmss-lint rules`")


def _options(values: Mapping[str, Any], registry: Registry, file: Path) -> dict[str, Any]:
    known: dict[str, tuple[Any, str]] = {}
    for item in registry:
        for name, default in item.meta.options.items():
            known.setdefault(name, (default, item.id))
    result: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none (no installed rule has options)"
            raise ConfigError(file, f"options.{name}", f"unknown option; allowed options: {allowed}")
        default, owner = known[name]
        if not _same_kind(value, default):
            raise ConfigError(file, f"options.{name}", f"{_short(value)} has the wrong type; {owner} expects {_kind(default)} (default {default!r})")
        result[name] = tuple(value) if isinstance(default, tuple) else value
    return result


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, int):
        return isinstance(value, int)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    return isinstance(value, type(default))


def _kind(default: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", tuple: "a list"}
    return names.get(type(default), type(default).__name__)


def _anchored(pattern: str, folder: Path) -> str:
    """A pattern with a `/` is relative to the config file's directory; a bare name matches anywhere."""
    pattern = pattern.replace("\\", "/")
    if "/" not in pattern.rstrip("/"):
        return pattern.rstrip("/")
    return (folder / pattern.lstrip("/").rstrip("/")).as_posix()


def load_config(
    path: Path | str | None = None,
    *,
    paths: Iterable[Path | str] = (),
    registry: Registry | None = None,
    base: Config | None = None,
) -> Config:
    """The Config of a configuration file: `path`, else the nearest one above `paths`, else defaults.

    Raises ConfigError for a file that is unreadable, malformed or names unknown keys, rules or options.
    """
    from .registry import load_registry

    file = Path(path) if path is not None else find_config(list(paths))
    if file is None or str(file) == os.devnull:  # `--config /dev/null`: the usual way to say "no settings"
        return replace(base) if base is not None else Config()
    if not file.is_file():
        raise ConfigError(file, "", "no such configuration file")
    raw = read_config_file(file)
    validate(raw, file)
    return apply_settings(raw, file, registry or load_registry(), base)
