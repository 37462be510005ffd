from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.sizes import VmSize, instance_mix_families, parse_size
from vmss_lint.values import Unknown, parse_path

VM_SIZES = parse_path("properties.skuProfile.vmSizes")
MAX_SIZES = 5


def _premium(size: VmSize) -> bool:
    # Legacy DS/GS names carry premium storage in the prefix, which the parser folds into family D/G.
    legacy = size.name.split("_", 1)[-1][:2].upper() in ("DS", "GS")
    return size.premium_storage or legacy


@rule(
    id="VMSS-FLEX-102",
    name="instance-mix-sizes",
    summary="Instance mix takes at most 5 sizes from families A, B, D, E and F, without mixing Arm64 and x64, "
    "premium and non-premium storage, or sizes with and without a local temp disk.",
    severity="error",
    types=VMSS,
    modes="flexible",
    fix="List at most 5 compatible sizes: same CPU architecture, all premium-capable (or none), all with (or "
    "all without) a local temp disk, from families A, B, D, E, F.",
    sources=(
        "Instance mix overview (instance-mix-overview.md, ms.date 05/19/2026), Limitations: up to five VM sizes; "
        "A, B, D, E and F families; no mix of Arm64 and x64, of SCSI and NVMe, or of premium and non-premium storage; "
        "'All VMs must share the same Security Profile and local disk configuration'",
        "VM naming conventions (vm-naming-conventions.md, ms.date 05/01/2023): feature letters p (Arm), s (premium "
        "storage), d (local temp disk)",
        "vmss-lint catalogue §7.B VMSS-FLEX-102 (2026-11-28 audit): add the local temp disk mix",
    ),
)
def instance_mix_sizes(vmss: Resource, ctx: Context):
    """Instance mix places the listed sizes behind one model, so they must be interchangeable: at most
    five of them, from the general-purpose families A, B, D, E and F, on one CPU architecture, with the
    same premium-storage capability and the same local disk configuration. Azure rejects the request
    otherwise.

    Read from the size names (feature letters): `p` is Arm64, `s` (or a legacy DS/GS prefix) premium
    storage, `d` a local temp disk. The `d` letter is reliable only for v4 and later sizes (older D/E/F
    sizes have a temp disk without it), so the temp-disk check runs only when every size is v4 or later.
    SCSI versus NVMe cannot be read from a name and is not checked. Unparseable names are skipped."""
    entries = vmss.each(VM_SIZES + ("*",))
    if not entries:
        return
    if len(entries) > MAX_SIZES:
        yield Violation(VM_SIZES, f"instance mix allows at most {MAX_SIZES} VM sizes ({len(entries)} listed)")
    families = instance_mix_families()
    sizes: list[VmSize] = []
    for path, entry in entries:
        name = vmss.get(path + ("name",)) if isinstance(entry, dict) else entry
        if isinstance(name, Unknown) or not isinstance(name, str):
            continue
        size = parse_size(name)
        if size is None:
            continue
        sizes.append(size)
        if size.family not in families:
            yield Violation(path + ("name",), f"{name} is a {size.family}-family size; instance mix takes only "
                                              f"families {', '.join(sorted(families))}")
    if len({size.arm64 for size in sizes}) > 1:
        yield Violation(VM_SIZES, "instance mix cannot mix Arm64 sizes (feature letter 'p') with x64 sizes")
    if len({_premium(size) for size in sizes}) > 1:
        yield Violation(VM_SIZES, "instance mix cannot mix premium-storage sizes (feature letter 's') with sizes without premium storage")
    if sizes and all(size.version is not None and size.version >= 4 for size in sizes):
        if len({size.local_temp_disk for size in sizes}) > 1:
            yield Violation(VM_SIZES, "instance mix cannot mix sizes with a local temp disk (feature letter 'd') and sizes without one")
