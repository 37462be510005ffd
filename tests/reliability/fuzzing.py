"""Strategies and checks shared by the fuzz tests (bounded) and `benchmarks/fuzz.py` (a longer run).

Each check takes one generated input and fails only on an outcome the contract forbids: a traceback, an
internal error (LINT-014), a report that does not serialise. `TRIED` counts the inputs each target ran.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from vmss_lint.values import Unknown

REPO = Path(__file__).resolve().parent.parent.parent
TRIED: Counter[str] = Counter()


def out_of_time() -> bool:
    """benchmarks/fuzz.py --seconds: past the deadline the remaining examples are only generated, not run."""
    import os
    import time

    deadline = os.environ.get("VMSS_FUZZ_DEADLINE")
    return deadline is not None and time.time() > float(deadline)
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

# --- expressions and functions -------------------------------------------------------------------


@lru_cache(maxsize=1)
def function_names() -> tuple[str, ...]:
    from vmss_lint.functions import registry

    return tuple(sorted(spec.name for spec in registry().values())) + ("parameters", "variables", "copyIndex", "if", "and", "or", "lambda", "lambdaVariables", "my.f", "nope")


_SCALAR = st.one_of(
    st.integers(-(2**40), 2**40).map(str),
    st.sampled_from(["true", "false", "null", "0", "-1", "2147483648", "''", "'a'", "'a,b'", "'{0}'", "'x'", "'10.0.0.0/16'", "'P1D'"]),
    st.text(alphabet="abcAZ09 ,./-{}'", max_size=8).map(lambda text: "'" + text.replace("'", "''") + "'"),
)


def _call(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda name, args, tail: f"{name}({', '.join(args)}){tail}",
        st.sampled_from(function_names()),
        st.lists(children, max_size=4),
        st.sampled_from(["", "", ".name", "[0]", "['a']", ".properties.x", "[1]"]),
    )


EXPRESSIONS = st.one_of(
    st.recursive(_SCALAR, _call, max_leaves=12).map(lambda body: f"[{body}]"),
    st.text(alphabet="[]()',.abcxyz019 ", min_size=2, max_size=30),  # mostly broken syntax
)

_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats(allow_nan=False) | st.text(max_size=12)
    | st.builds(Unknown, st.text(max_size=5)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=16,
)


def _lambda(arity: int) -> Any:
    from vmss_lint.functions import Lambda

    return Lambda(tuple(f"p{index}" for index in range(arity)), lambda values: values[0] if values else None)


ARGUMENTS = st.lists(_PLAIN | st.integers(1, 3).map(_lambda), max_size=5)

_VALUE_TYPES = (type(None), bool, int, float, str, list, dict, Unknown)


def plain(value: Any) -> bool:
    """JSON-like values and Unknown all the way down."""
    stack = [value]
    while stack:
        current = stack.pop()
        if not isinstance(current, _VALUE_TYPES):
            return False
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            stack.extend(current.values())
    return True


def check_function(name: str, args: list[Any]) -> None:
    """A built-in function returns a value (or Unknown) or raises EvaluationError: nothing else."""
    from vmss_lint.functions import EvaluationError, FunctionContext, Lambda, call

    TRIED["functions"] += 1
    try:
        result = call(name, args, FunctionContext())
    except EvaluationError:
        return
    assert isinstance(result, Lambda) or plain(result), f"{name}{args!r} -> {result!r}"


def check_expression(expression: str) -> None:
    """An expression in a variable, a property and a copy count evaluates to values, Unknown and diagnostics."""
    from vmss_lint.arm.reader import parse_json
    from vmss_lint.arm.template import LoadedTemplate
    from vmss_lint.discover import Kind, SourceJob
    from vmss_lint.frontend import Settings
    from vmss_lint.source import SourceFile

    TRIED["expressions"] += 1
    template = {
        "$schema": SCHEMA,
        "parameters": {"p": {"type": "string", "defaultValue": "a", "allowedValues": ["a", "b"]}},
        "variables": {"v": expression},
        "functions": [{"namespace": "my", "members": {"f": {"parameters": [{"name": "x", "type": "int"}], "output": {"type": "int", "value": expression}}}}],
        "resources": [{
            "type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "[concat('s', parameters('p'))]",
            "copy": {"name": "c", "count": expression if "copyIndex" not in expression else 2},
            "properties": {"orchestrationMode": "[variables('v')]", "x": expression, "y": "[my.f(1)]"},
        }],
    }
    text = json.dumps(template)
    job = SourceJob(Path("fuzz.json"), "fuzz.json", Kind.ARM_TEMPLATE)
    loaded = LoadedTemplate(job, Settings(), SourceFile("fuzz.json", text), parse_json(text))
    for overrides in ({}, {"p": "b"}):
        deployment = loaded.evaluate(overrides)
        for resource in deployment.resources:
            assert plain(resource.body), f"{expression!r} put a non-JSON value in a resource: {resource.body!r}"


# --- whole files ---------------------------------------------------------------------------------

_INSERTS = ['"', "{", "}", "[", "]", ",", ":", "//", "/*", "\\", "\n", "\x00", "\ufeff", "é", "[", "'", "(", ")", "0", "-", "null", "true",
            "[parameters('x')]", "[copyIndex()]", "[variables('v')]", "${", "resource ", "module m 'x.bicep' = {", "for x in range(0, 900): ", "@", "?"]


def seeds(pattern: str, shared: Path | None = None, limit: int = 200) -> list[Path]:
    """Fixture files (and corpus files when `shared` is given) matching `pattern`, in a stable order."""
    found = sorted(path for path in (REPO / "fixtures").rglob(pattern) if path.is_file())
    if shared is not None and (shared / "corpus").is_dir():
        corpus = sorted(path for path in (shared / "corpus").rglob(pattern) if path.is_file())
        found += random.Random(0).sample(corpus, min(len(corpus), limit))
    return found


def mutate(text: str, choices: list[int]) -> str:
    """Apply byte and token mutations chosen by `choices` (deterministic for the same list)."""
    for choice in choices:
        if not text:
            return _INSERTS[choice % len(_INSERTS)]
        position = (choice * 7919) % len(text)
        kind = choice % 5
        if kind == 0:  # delete a span
            text = text[:position] + text[position + 1 + choice % 7 :]
        elif kind == 1:  # insert a token
            text = text[:position] + _INSERTS[(choice // 5) % len(_INSERTS)] + text[position:]
        elif kind == 2:  # duplicate a span (repeated members, nested containers)
            span = text[position : position + 1 + choice % 40]
            text = text[:position] + span + span + text[position:]
        elif kind == 3:  # swap a number or a quote for something else
            text = text[:position] + _INSERTS[(choice // 3) % len(_INSERTS)] + text[position + 1 :]
        else:  # truncate
            text = text[: max(position, len(text) // 2)]
    return text


def check_file(seed: Path, mutated: str, directory: Path) -> None:
    """Lint one mutated file: findings and diagnostics only, never an internal error."""
    from vmss_lint.config import Config
    from vmss_lint.discover import Kind, SourceJob
    from vmss_lint.engine import lint_job

    TRIED["bicep files" if seed.suffix == ".bicep" else "ARM files"] += 1
    target = directory / f"mutated{seed.suffix}"
    target.write_text(mutated, encoding="utf-8", errors="surrogatepass")
    kind = Kind.BICEP if seed.suffix == ".bicep" else Kind.ARM_TEMPLATE
    result = lint_job(SourceJob(target, target.name, kind, root=directory), Config(), _registry())
    internal = [finding.message for finding in result.findings if finding.rule_id == "LINT-014"]
    assert not internal, f"mutating {seed}: {internal[0]}\n--- input ---\n{mutated[:2000]}"


@lru_cache(maxsize=1)
def _registry() -> Any:
    from vmss_lint.registry import load_registry

    return load_registry()


# --- reporters -----------------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def findings(draw: Any) -> list[Any]:
    from vmss_lint.diagnostics import CODES
    from vmss_lint.findings import Finding, Severity
    from vmss_lint.model import Related
    from vmss_lint.source import Location

    rule_ids = [item.id for item in _registry()] + sorted(CODES)
    result = []
    for _ in range(draw(st.integers(0, 6))):
        line, column = draw(st.integers(1, 10**6)), draw(st.integers(1, 10**4))
        path = draw(st.sampled_from(["a.json", "dir/b.bicep", "ü n/ícode.json", "c:\\win\\t.json"]))
        location = Location(path, line, column, line + draw(st.integers(0, 3)), column + draw(st.integers(1, 9)))
        related = tuple(Related(Location(path, draw(st.integers(1, 99)), 1, 1, 2), draw(_TEXT)) for _ in range(draw(st.integers(0, 2))))
        finding = Finding(
            rule_id=draw(st.sampled_from(rule_ids)), rule_name="fuzz", severity=draw(st.sampled_from([Severity.ERROR, Severity.WARNING, Severity.NOTE])),  # OFF never reaches a report
            message=draw(_TEXT), location=location, resource_type=draw(_TEXT), resource_name=draw(_TEXT),
            property_path=draw(_TEXT), related=related, undecided=draw(st.booleans()),
            suppressed=draw(st.none() | _TEXT),
        )
        result.append(finding.with_fingerprint())
    return result


@lru_cache(maxsize=2)
def sarif_validator(shared: Path | None) -> Any:
    if shared is None or not (shared / "sarif" / "sarif-schema-2.1.0.json").is_file():
        return None
    import jsonschema

    schema = json.loads((shared / "sarif" / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def check_reporters(found: list[Any], shared: Path | None) -> None:
    """Every format renders any findings; JSON and SARIF parse, and SARIF follows its schema."""
    from vmss_lint.config import Config
    from vmss_lint.engine import FileResult, Report
    from vmss_lint.report import FORMATS, render

    TRIED["reports"] += 1
    by_path: dict[str, list[Any]] = {}
    for finding in found:
        by_path.setdefault(finding.location.path, []).append(finding)
    files = [FileResult(path, items) for path, items in sorted(by_path.items())]
    report = Report(files, [("skipped.txt", "not a template")], _registry(), Config())
    for format_name in FORMATS:
        text = render(report, format_name, verbose=True, show_suppressed=True, sarif_category="fuzz")
        assert isinstance(text, str)
        if format_name in ("json", "sarif"):
            document = json.loads(text)
            validator = sarif_validator(shared) if format_name == "sarif" else None
            if validator is not None:
                errors = list(validator.iter_errors(document))
                assert not errors, errors[0].message


# --- Bicep module graphs -------------------------------------------------------------------------

_GRAPH_FILES = 4


@st.composite
def module_graphs(draw: Any) -> dict[str, str]:
    """Up to four Bicep files that use each other (themselves included) as modules, in loops, with values
    that grow by interpolation, spread and map: a cycle, a fan-out or a product of loops in a few lines."""
    files = {}
    count = draw(st.integers(1, _GRAPH_FILES))
    for index in range(count):
        lines = ["param seed string = 'ab'", "param items array = [1, 2]"]
        for number in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["interpolate", "spread", "map", "object", "concat"]))
            previous = f"v{number - 1}" if number else "seed"
            if kind == "interpolate":
                lines.append(f"var v{number} = '${{{previous}}}${{{previous}}}'")
            elif kind == "spread":
                lines.append(f"var v{number} = [...items, ...items, '${{{previous}}}']")
            elif kind == "map":
                width = draw(st.sampled_from([2, 100, 5000, 20000]))
                lines.append(f"var v{number} = map(range(0, {width}), i => map(range(0, {width}), j => '${{{previous}}}'))")
            elif kind == "object":
                lines.append(f"var v{number} = {{ a: {previous}, b: {previous}, c: [{previous}, {previous}] }}")
            else:
                lines.append(f"var v{number} = concat(items, items, [{previous}])")
        for number in range(draw(st.integers(0, 3))):
            target = draw(st.integers(0, _GRAPH_FILES - 1))
            loop = draw(st.sampled_from([None, 2, 800, 1000]))
            body = f"{{ name: 'm{number}', params: {{ seed: '${{seed}}x', items: items }} }}"
            if loop is None:
                lines.append(f"module m{number} 'f{target}.bicep' = {body}")
            else:
                lines.append(f"module m{number} 'f{target}.bicep' = [for i in range(0, {loop}): {body}]")
        if draw(st.booleans()):
            lines.append("resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {\n  name: seed\n  location: 'westeurope'\n  properties: { orchestrationMode: 'Flexible' }\n}")
        files[f"f{index}.bicep"] = "\n".join(lines) + "\n"
    return files


def check_module_graph(files: dict[str, str], directory: Path, seconds: float = 20.0) -> None:
    """Lint f0.bicep of a module graph: findings and diagnostics only, within `seconds` of CPU time."""
    import time

    from vmss_lint.config import Config
    from vmss_lint.discover import Kind, SourceJob
    from vmss_lint.engine import lint_job

    if out_of_time():
        return
    TRIED["module graphs"] += 1
    for old in directory.glob("f*.bicep"):
        old.unlink()
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    started = time.process_time()  # the work done, not the wall clock: the fuzz run is niced on a loaded machine
    result = lint_job(SourceJob(directory / "f0.bicep", "f0.bicep", Kind.BICEP, root=directory), Config(), _registry())
    elapsed = time.process_time() - started
    internal = [finding.message for finding in result.findings if finding.rule_id == "LINT-014"]
    assert not internal, f"{internal[0]}\n--- input ---\n{files}"
    assert elapsed < seconds, f"{elapsed:.1f} s for\n{files}"


# --- configuration files -------------------------------------------------------------------------

_CONFIG_KEYS = ["select", "ignore", "profile", "fail-on", "severity", "options", "exclude", "parameters", "baseline",
                "show-unknown", "max-variants", "max-file-size", "nope"]
_SCALARS = st.one_of(st.sampled_from(["VMSS", "FLEX", "LINT-005", "current", "error", "off", "*.json", "x", "true", "1", "-1", "~", "''"]),
                     st.integers(-5, 10**6).map(str), st.text(st.characters(blacklist_categories=("Cs",)), max_size=8).map(json.dumps))


@st.composite
def _yaml_value(draw: Any, depth: int) -> str:
    choice = draw(st.integers(0, 5 if depth < 4 else 1))
    if choice <= 1:
        return draw(_SCALARS)
    if choice == 2:
        return "[" + ", ".join(draw(st.lists(_yaml_value(depth + 1), max_size=4))) + "]"
    if choice == 3:
        items = draw(st.lists(st.tuples(st.sampled_from(_CONFIG_KEYS + ["VMSS-FLEX-010", "a"]), _yaml_value(depth + 1)), max_size=4))
        return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in items) + "}"
    if choice == 4:
        return "[" * draw(st.integers(1, 3000)) + "]" * draw(st.integers(0, 3000))
    return "*a"


@st.composite
def configurations(draw: Any) -> tuple[str, str]:
    """(file name, text): YAML with anchors, aliases, deep nesting and wrong types, or a pyproject table."""
    lines = []
    if draw(st.booleans()):
        lines.append("anchor: &a [" + ", ".join(["VMSS"] * draw(st.integers(1, 9))) + "]")
        for level in range(draw(st.integers(0, 8))):
            lines.append(f"l{level}: &{'a' if level % 2 else 'b'} [*a, *a, *a, *a, *a, *a, *a, *a, *a]")
    for key in draw(st.lists(st.sampled_from(_CONFIG_KEYS), max_size=5, unique=True)):
        lines.append(f"{key}: {draw(_yaml_value(0))}")
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 4)) == 0:  # the same keys as TOML (often invalid TOML: that must be a ConfigError too)
        return "pyproject.toml", "[tool.vmss-lint]\n" + text.replace(": ", " = ")
    return ".vmss-lint.yaml", text


def check_configuration(name: str, text: str, directory: Path) -> None:
    """Load one configuration: a Config or a ConfigError, nothing else, in bounded time."""
    import time

    from vmss_lint.configfile import ConfigError, load_config

    if out_of_time():
        return
    TRIED["configurations"] += 1
    file = directory / name
    file.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    try:
        load_config(file, registry=_registry())
    except ConfigError as error:
        assert len(str(error)) < 2000, str(error)[:300]
    finally:
        file.unlink()
    assert time.perf_counter() - started < 10, text[:500]
