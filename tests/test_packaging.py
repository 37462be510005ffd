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
