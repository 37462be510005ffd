"""The wheel must carry every package: pyproject lists them explicitly because folders are remapped."""

from __future__ import annotations

import tomllib

from conftest import REPO

ROOTS = {"linter": "vmss_lint", "rules": "vmss_lint.rules"}


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    for folder, package in ROOTS.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            name = ".".join([package, *relative.parts]) if relative.parts else package
            assert name in listed, f"{name} ({init.parent}) is missing from [tool.setuptools] packages"


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def _requirements():
    from packaging.requirements import Requirement

    return [Requirement(text) for text in _project()["project"]["dependencies"]]


def test_license_is_an_spdx_string_with_its_file() -> None:
    project = _project()["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text().startswith("MIT License\n")


def test_build_requirements_are_bounded() -> None:
    from packaging.requirements import Requirement

    for text in _project()["build-system"]["requires"]:
        specifier = Requirement(text).specifier
        assert any(spec.operator == ">=" for spec in specifier) and any(spec.operator == "<" for spec in specifier), text


def test_every_dependency_has_a_tested_range() -> None:
    for requirement in _requirements():
        operators = {spec.operator for spec in requirement.specifier}
        assert ">=" in operators and "<" in operators, f"{requirement}: needs a lower and an upper bound"


def test_lowest_constraints_are_the_lower_bounds() -> None:
    """constraints-lowest.txt (what .ci/lowest installs) pins exactly the lower bounds of pyproject.toml."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (REPO / "constraints-lowest.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            pin = Requirement(line)
            [spec] = pin.specifier
            assert spec.operator == "==", line
            pins[canonicalize_name(pin.name)] = (spec.version, str(pin.marker or ""))
    bounds = {}
    for requirement in _requirements():
        [lower] = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        bounds[canonicalize_name(requirement.name)] = (lower, str(requirement.marker or ""))
    assert {name: _release(version) for name, (version, _) in pins.items()} == {name: _release(version) for name, (version, _) in bounds.items()}
    assert {name: marker for name, (_, marker) in pins.items()} == {name: marker for name, (_, marker) in bounds.items()}


def _release(version: str) -> tuple[int, ...]:
    from packaging.version import Version

    release = list(Version(version).release)
    while len(release) > 1 and release[-1] == 0:  # 8.1 == 8.1.0
        release.pop()
    return tuple(release)


def test_every_imported_distribution_is_declared() -> None:
    """Walk the imports of the package and the rules: each third-party module belongs to a declared
    distribution (pycep-parser's grammar file is read, not imported: checked by name)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    modules: set[str] = set()
    for folder in ("linter", "rules"):
        for file in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    third_party = sorted(name for name in modules if name not in sys.stdlib_module_names and name not in ("vmss_lint", "__future__", "tomli"))
    owners = packages_distributions()
    declared = {canonicalize_name(requirement.name) for requirement in _requirements()}
    for module in third_party:
        distributions = {canonicalize_name(name) for name in owners.get(module, [])}
        assert distributions & declared, f"`import {module}` ({', '.join(sorted(distributions)) or 'not installed'}) is not declared in pyproject.toml"
    assert {"attrs", "lark", "click", "jsonschema", "ruamel-yaml", "sarif-om"} <= {
        canonicalize_name(name) for module in third_party for name in owners.get(module, [])
    }
    assert "pycep-parser" in declared and "tomli" in declared  # tomli: Python 3.10 only


def test_the_wheel_carries_the_license_and_its_metadata(tmp_path) -> None:
    """Build the wheel as pip does (an isolated build with the bounded setuptools)."""
    import subprocess
    import sys
    import zipfile

    import pytest

    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )
    if done.returncode and "No matching distribution found for setuptools" in done.stderr:
        pytest.skip("no package index to fetch the build backend from")
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("vmss_lint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [metadata] = [name for name in names if name.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
        assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
        assert "vmss_lint/__main__.py" in names and "vmss_lint/ruledocs/LINT-001.md" in names
    assert "License-Expression: MIT" in text and "License-File: LICENSE" in text
    assert "Requires-Dist: lark<2,>=1.3" in text and "Project-URL: Source, https://github.com/vmss-lint/vmss-lint" in text
