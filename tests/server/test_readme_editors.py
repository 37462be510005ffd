"""The README's editor set-ups name the command as it is, and parse (JSON, TOML)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_vs_code_settings() -> None:
    [settings] = [json.loads(block) for block in _blocks("json") if "glspc" in block]
    assert settings["glspc.server.command"] == "vmss-lint" and settings["glspc.server.commandArguments"] == ["server"]


def test_helix_languages() -> None:
    [helix] = [tomllib.loads(block) for block in _blocks("toml") if "language-server.vmss-lint" in block]
    assert helix["language-server"]["vmss-lint"] == {"command": "vmss-lint", "args": ["server"]}
    assert {language["name"] for language in helix["language"]} == {"json", "bicep"}


def test_neovim_starts_the_server() -> None:
    [lua] = _blocks("lua")
    assert 'cmd = { "vmss-lint", "server" }' in lua and "vim.lsp.start" in lua
