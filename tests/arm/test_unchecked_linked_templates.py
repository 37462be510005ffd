"""Linked templates that are not evaluated (remote URI, template spec, missing file, outside the linted tree)
are warnings shown by default (LINT-009), counted in the summary, and do not fail the default --fail-on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def deployment(name: str, link: dict) -> dict:
    return {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": name, "properties": {"mode": "Incremental", "templateLink": link}}


def test_every_unchecked_linked_template_is_a_visible_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vmss_lint.cli import main

    (tmp_path / "outside.json").write_text(json.dumps({"$schema": SCHEMA, "resources": []}), encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    template = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "resources": [
            deployment("remote", {"uri": "https://example.com/vmss.json"}),
            deployment("spec", {"id": "/subscriptions/x/resourceGroups/y/providers/Microsoft.Resources/templateSpecs/z/versions/1"}),
            deployment("missing", {"relativePath": "nested/missing.json"}),
            deployment("outside", {"relativePath": "../outside.json"}),
        ],
    }
    (repo / "main.json").write_text(json.dumps(template, indent=2), encoding="utf-8")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["--no-config", "main.json"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if " warning LINT-009 " in line]
    assert len(lines) == 4
    assert "remote URI" in lines[0] and "template spec" in lines[1]
    assert "does not exist" in lines[2] and "outside the linted tree" in lines[3]
    assert result.output.rstrip().endswith("0 errors, 4 warnings, 0 notes in 1 file, 4 modules not checked")
