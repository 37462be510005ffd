"""Discovery resolves paths once per directory; the result must equal Path.resolve() everywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vmss_lint.discover import _Resolver, discover

TEMPLATE = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}'


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_resolver_agrees_with_path_resolve(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "main.json").write_text(TEMPLATE)
    (tmp_path / "linked-dir").symlink_to(real, target_is_directory=True)
    (tmp_path / "linked-file.json").symlink_to(real / "main.json")
    resolve = _Resolver()
    for path in (real / "main.json", tmp_path / "linked-dir" / "main.json", tmp_path / "linked-file.json", real / ".." / "real" / "main.json"):
        assert resolve(path) == path.resolve()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_file_reached_twice_is_linted_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "main.json").write_text(TEMPLATE)
    (tmp_path / "alias.json").symlink_to(real / "main.json")
    found = discover([tmp_path], root=tmp_path)
    assert [job.display for job in found.jobs] == ["real/main.json"]  # shown where it really is
