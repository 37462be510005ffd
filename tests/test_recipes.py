"""Copy-paste recipes must work as pasted: each names the `main` branch or a release tag that exists."""

from __future__ import annotations

import re
import subprocess

from conftest import REPO

_REF = re.compile(r"vmss-lint/vmss-lint@([\w.\-/]+)")
_REV = re.compile(r"repo: https://github\.com/vmss-lint/vmss-lint\s*\n\s*rev:\s*([^\s#]+)")


def _tags() -> set[str]:
    done = subprocess.run(["git", "-C", str(REPO), "tag", "--list"], capture_output=True, text=True, timeout=60)
    return set(done.stdout.split()) if done.returncode == 0 else set()


def _recipe_files() -> list:
    return [REPO / "README.md", REPO / "action.yml", *sorted((REPO / "docs").rglob("*.md"))]


def test_every_recipe_names_main_or_an_existing_tag() -> None:
    allowed = {"main"} | _tags()
    found = []
    for file in _recipe_files():
        text = file.read_text(encoding="utf-8")
        for ref in [*_REF.findall(text), *_REV.findall(text)]:
            found.append(ref)
            assert ref in allowed, f"{file.name}: `{ref}` is neither `main` nor a tag of this repository ({sorted(allowed)})"
    assert len(found) >= 5  # pip (3), the Action, pre-commit


def test_the_release_procedure_is_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "### Versions and releases" in readme and "git tag -a v" in readme and "pre-commit autoupdate" in readme


def test_the_version_is_the_same_in_pyproject_and_the_package() -> None:
    import tomllib

    from vmss_lint import __version__

    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"] == __version__
