"""Generated benchmark inputs: templates of any size, written from scratch (no corpus content)."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def scale_set(index: int) -> dict:
    flexible = index % 2 == 0
    properties: dict = {
        "orchestrationMode": "Flexible" if flexible else "Uniform",
        "platformFaultDomainCount": 1,
        "singlePlacementGroup": False,
        "virtualMachineProfile": {
            "storageProfile": {"imageReference": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "latest"}},
            "osProfile": {"computerNamePrefix": f"vm{index}", "adminUsername": "azureuser"},
        },
    }
    if index % 7 == 0:
        properties["overprovision"] = True
    return {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-07-01",
        "name": f"vmss-{index}",
        "location": "[parameters('location')]",
        "sku": {"name": "Standard_D2s_v5", "capacity": (index % 5) + 1},
        "properties": properties,
    }


def template(resources: list[dict], extra_parameters: dict | None = None) -> dict:
    parameters = {"location": {"type": "string", "defaultValue": "westeurope"}, **(extra_parameters or {})}
    return {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters, "resources": resources}


def write_many_resources(path: Path, count: int) -> Path:
    path.write_text(json.dumps(template([scale_set(index) for index in range(count)]), indent=2), encoding="utf-8")
    return path


def write_many_files(directory: Path, count: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (directory / f"t{index:05d}.json").write_text(json.dumps(template([scale_set(index)]), indent=2), encoding="utf-8")
    return directory


def write_copy_loop(path: Path, count: int) -> Path:
    looped = scale_set(0)
    looped["name"] = "[concat('vmss-', copyIndex())]"
    looped["copy"] = {"name": "sets", "count": count}
    path.write_text(json.dumps(template([looped]), indent=2), encoding="utf-8")
    return path
