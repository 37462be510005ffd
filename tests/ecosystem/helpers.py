"""Helpers for the ecosystem tests: a fixed registry (so new rules do not churn golden files), the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from vmss_lint import __version__
from vmss_lint.registry import Registry, load_registry

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
GOLDEN_RULES = ("VMSS-FLEX-032", "VMSS-GEN-003")
TEMPLATE_HEAD = '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n'


def golden_registry() -> Registry:
    full = load_registry(entry_points=False)
    return Registry({rule_id: full.rules[rule_id] for rule_id in GOLDEN_RULES})


def normalise(text: str) -> str:
    """Golden files do not change with the version number."""
    return text.replace(f'"{__version__}"', '"<version>"').replace(f"vmss-lint {__version__}", "vmss-lint <version>")


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    from vmss_lint.cli import main

    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into output unless told
    except TypeError:
        runner = CliRunner()  # click >= 8.2: stderr is always separate (and also in output)
    return runner.invoke(main, list(args), env=env, catch_exceptions=False)


def flexible_template(properties: str, extra: str = "", name: str = "web") -> str:
    """An ARM template with one Flexible scale set; `properties` are lines inside `properties`."""
    return (
        TEMPLATE_HEAD
        + '  "resources": [\n    {\n      "type": "Microsoft.Compute/virtualMachineScaleSets",\n'
        + f'      "apiVersion": "2024-07-01",\n      "name": "{name}",\n{extra}'
        + '      "properties": {\n        "orchestrationMode": "Flexible",\n        "platformFaultDomainCount": 1'
        + (",\n" + properties if properties else "")
        + "\n      }\n    }\n  ]\n}\n"
    )


def load_json(text: str) -> Any:
    return json.loads(text)
