from vmss_lint.findings import Violation
from vmss_lint.fixes.intents import Autofix, SetProperty
from vmss_lint.model import LOAD_BALANCER, PUBLIC_IP, VMSS, Resource
from vmss_lint.azure.network import load_balancer_sku
from vmss_lint.registry import Context, rule
from vmss_lint.azure.scale_set import IP_CONFIGS
from vmss_lint.values import MISSING, Unknown, equals_ci

# Public IP SKUs exist from Network API 2017-08-01; every public IP created with an older version is Basic.
PUBLIC_IP_SKU_API = "2017-08-01"


@rule(
    id="VMSS-GEN-048",
    name="basic-sku-retired",
    summary="Basic load balancers and Basic public IPs were retired on 2025-09-30: a template must not create them.",
    severity="error",
    types=(LOAD_BALANCER, PUBLIC_IP, VMSS),
    profiles={"seed-2022": "warning"},
    catalogue=("VMSS-GEN-048",),
    # unsafe: a Standard load balancer is closed to inbound traffic until a rule or NSG allows it, and a
    # Standard public IP is static and zone-aware
    autofix=Autofix("Use the Standard SKU", False, lambda resource, violation: _standard_sku(resource, violation)),
    fix="Set `sku: { name: 'Standard' }` (load balancer and its public IPs together).",
    sources=(
        "https://learn.microsoft.com/azure/load-balancer/skus: the Basic Load Balancer was retired on 2025-09-30",
        "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-basic-upgrade-guidance: "
        "'On September 30, 2025, Basic SKU public IPs were retired'",
        "Load Balancer overview (2019-11-08): 'If a SKU isn't specified, the default is the 2017-08-01 API version of the Basic SKU'",
        "Catalogue audit 2026-11-28, §7.A #11 and §7.C 'Basic public IP': an error in every mode",
    ),
)
def basic_sku_retired(resource: Resource, ctx: Context):
    """Azure retired the Basic SKU of the load balancer and of public IP addresses on 2025-09-30
    (new Basic public IPs could no longer be created from 2025-03-31). A template that creates one
    deploys a resource that is no longer supported, whatever the orchestration mode of the scale sets
    behind it; the audit of the catalogue makes this an error (it was a warning). A load balancer
    without `sku` is Basic. A public IP without `sku` is Basic only for Network API versions before
    2017-08-01 (which had no SKUs); for newer versions its default is not certain, so the rule stays
    quiet. Load balancers and public IPs referenced but not created here are not checked. On a scale
    set, `publicIPAddressConfiguration.sku.name: 'Basic'` asks for Basic per-instance public IPs."""
    if resource.is_type(LOAD_BALANCER):
        yield from _load_balancer(resource)
    elif resource.is_type(PUBLIC_IP):
        yield from _public_ip(resource)
    else:
        for path, sku_name in resource.each(f"{IP_CONFIGS}.properties.publicIPAddressConfiguration.sku.name"):
            if equals_ci(sku_name, "Basic"):
                yield Violation(path, "Basic public IPs were retired on 2025-09-30: set the instance public IP `sku.name` to 'Standard'")


def _load_balancer(lb: Resource):
    sku = load_balancer_sku(lb)
    if isinstance(sku, Unknown) or not equals_ci(sku, "Basic"):
        return
    if lb.has("sku.name"):
        yield Violation(("sku", "name"), f"the Basic load balancer SKU was retired on 2025-09-30: set `sku.name` of load balancer {_name(lb)} to 'Standard'")
    else:
        # ('sku',) even when absent: the finding lands on the resource and names the property to add.
        yield Violation(("sku",), f"load balancer {_name(lb)} has no sku, which means Basic, retired on 2025-09-30: add `sku: {{ name: 'Standard' }}`")


def _public_ip(pip: Resource):
    name = pip.get("sku.name")
    if isinstance(name, Unknown):
        return
    if equals_ci(name, "Basic"):
        yield Violation(("sku", "name"), f"Basic public IPs were retired on 2025-09-30: set `sku.name` of public IP {_name(pip)} to 'Standard'")
        return
    if name is not MISSING and name is not None:
        return
    api = pip.api_version
    if isinstance(api, str) and api[:10] < PUBLIC_IP_SKU_API:
        yield Violation(("sku",), f"public IP {_name(pip)} uses API {api}, which has no SKUs: it is Basic, retired on 2025-09-30; "
                        "use a newer apiVersion and `sku: { name: 'Standard' }`")
    elif pip.get("sku") is MISSING:
        yield Violation(("sku",), f"public IP {_name(pip)} has no sku; its default depends on the Network API version "
                        "and may be the retired Basic SKU: set `sku.name` to 'Standard'", undecided=True)


def _name(resource: Resource) -> str:
    # The engine appends the copy iteration to every message; the plain name is enough here.
    return resource.name if isinstance(resource.name, str) else "<unknown name>"


def _standard_sku(resource: Resource, violation: Violation) -> SetProperty | None:
    """`sku.name: 'Standard'` (or a new `sku` object) on a load balancer or public IP created here."""
    if resource.is_type(VMSS):
        return SetProperty(violation.path, "Standard")
    if violation.path == ("sku", "name"):
        return SetProperty(violation.path, "Standard")
    if resource.is_type(LOAD_BALANCER) and resource.get("sku") is MISSING:
        return SetProperty(("sku",), {"name": "Standard"})
    return None  # an old public IP API has no SKU at all: the apiVersion must change first
