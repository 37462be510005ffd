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


AVM_SCALE_SET = "avm/res/compute/virtual-machine-scale-set"


def write_registry_module_call(root: Path, compiled_module: Path, tag: str) -> tuple[Path, Path]:
    """A Bicep file calling the AVM scale-set module, and a module cache in Bicep's layout that holds
    `compiled_module` (its main.json) for that reference, as `bicep restore` leaves it. Returns (file, cache)."""
    cache = root / "bicep-cache"
    folder = cache / "br" / "mcr.microsoft.com" / ("bicep/" + AVM_SCALE_SET).replace("/", "$") / f"{tag}$"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.json").write_bytes(compiled_module.read_bytes())
    subnet = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default"
    caller = root / "main.bicep"
    caller.write_text(
        f"""module vmss 'br/public:{AVM_SCALE_SET}:{tag}' = {{
  name: 'vmss'
  params: {{
    name: 'web'
    orchestrationMode: 'Uniform'
    skuName: 'Standard_D2s_v5'
    skuCapacity: 150
    singlePlacementGroup: true
    osType: 'Linux'
    adminUsername: 'azureuser'
    imageReference: {{
      publisher: 'Canonical'
      offer: 'ubuntu-24_04-lts'
      sku: 'server'
      version: 'latest'
    }}
    osDisk: {{
      managedDisk: {{
        storageAccountType: 'Premium_LRS'
      }}
    }}
    nicConfigurations: [
      {{
        nicSuffix: '-nic01'
        ipConfigurations: [
          {{
            name: 'ipconfig1'
            properties: {{
              subnet: {{
                id: '{subnet}'
              }}
            }}
          }}
        ]
      }}
    ]
  }}
}}
""",
        encoding="utf-8",
    )
    return caller, cache
