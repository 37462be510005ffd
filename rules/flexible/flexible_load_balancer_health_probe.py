from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.properties import concrete_path
from vmss_lint.azure.scale_set import VP

_PROBE = f"{VP}.networkProfile.healthProbe"


@rule(
    id="VMSS-FLEX-034",
    name="flexible-load-balancer-health-probe",
    summary="A Flexible scale set should report health through the Application Health extension, not a "
    "load-balancer health probe.",
    severity="warning",
    types=VMSS,
    modes="flexible",
    profiles={"seed-2022": "error"},
    catalogue=("VMSS-FLEX-034", "§7.A #7", "C-15"),
    fix="Remove `networkProfile.healthProbe` and add the Application Health extension "
    "(ApplicationHealthLinux / ApplicationHealthWindows) to the scale set's extension profile.",
    sources=(
        "Orchestration modes for Virtual Machine Scale Sets (2022-11-22), 'Unsupported parameters': "
        "'Application health via SLB health probe - use Application Health Extension on instances'",
        "Orchestration modes (ms.date 2024-06-14), 'Monitor application health': Flexible instances must use the "
        "Application Health extension — "
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-orchestration-modes",
        "Configure rolling upgrades (ms.date 2026-05-19): Flexible rolling upgrades require the Application Health "
        "extension",
        "Automatic instance repairs (ms.date 2026-05-19): CLI sample with --orchestration-mode Flexible "
        "--health-probe (contradicts the above)",
        "vmss-lint catalogue §7 audit (2026-11-28) #7: UNSURE, no service error found: warning",
    ),
)
def flexible_load_balancer_health_probe(vmss: Resource, ctx: Context):
    """Flexible orchestration documents one health source: the Application Health extension on the
    instances. The 2022 and 2024 orchestration-mode articles list "Application health via SLB health
    probe" as unsupported, and Flexible rolling upgrades require the extension. No service error text
    was found, and a 2026 automatic-repairs sample combines Flexible with a probe, so under `current`
    this is a warning (audit §7 #7); under `seed-2022` it is an error."""
    probe = vmss.get(_PROBE)
    if isinstance(probe, dict) or isinstance(probe, str):
        yield Violation(
            concrete_path(vmss, _PROBE),
            "Flexible scale sets take health from the Application Health extension, not a load-balancer "
            "health probe: remove healthProbe and add the ApplicationHealth extension",
        )
