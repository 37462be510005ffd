from collections.abc import Iterator

from vmss_lint.findings import Violation
from vmss_lint.model import VMSS, VMSS_EXTENSION, Resource
from vmss_lint.registry import Context, rule
from vmss_lint.azure.extensions import HEALTH_EXTENSION_TYPES, inline_extensions
from vmss_lint.values import MISSING, Path, Unknown, equals_ci, lookup_key

RANGES = (("intervalInSeconds", 5, 60), ("numberOfProbes", 1, 24), ("gracePeriod", None, 14400))


@rule(
    id="VMSS-GEN-071",
    name="health-extension-settings",
    summary="Application Health extension settings must be valid: protocol http/https/tcp, a port for tcp, "
    "a requestPath for http(s) only, interval 5-60 s, 1-24 probes, grace period at most 14400 s, version 1.0 or 2.0.",
    severity="error",
    types=(VMSS, VMSS_EXTENSION),
    fix="Correct the extension `settings` named in the message.",
    sources=(
        "Application Health extension (virtual-machine-scale-sets-health-extension.md, ms.date 05/19/2026), extension "
        "schema and settings tables (v1.0 and v2.0 'Rich Health States')",
        "vmss-lint catalogue §7.B VMSS-GEN-071 (2026-11-28 audit): validated in the guest by the extension, which fails "
        "provisioning; ARM does not reject it",
    ),
)
def health_extension_settings(resource: Resource, ctx: Context):
    """The Application Health extension reads its settings inside each instance and fails to provision
    when they are invalid (so the instances never report healthy, and Rolling upgrades and repairs stall).
    `protocol` is http, https or tcp; tcp needs `port` and does not take `requestPath`; http and https
    need `requestPath`; `intervalInSeconds` is 5-60, `numberOfProbes` 1-24, `gracePeriod` (v2) at most
    14400 seconds; the handler versions are 1.0 and 2.0. Inline extensions and child extension resources
    are both checked."""
    if resource.is_type(VMSS_EXTENSION):
        properties = resource.get("properties")
        if isinstance(properties, dict):
            yield from _check(properties, ("properties",))
        return
    for path, extension in inline_extensions(resource):
        if not isinstance(extension, dict):
            continue
        key = lookup_key(extension, "properties")
        if key is not None and isinstance(extension[key], dict):
            yield from _check(extension[key], path + (key,))


def _check(properties: dict, at: Path) -> Iterator[Violation]:
    publisher = properties.get(lookup_key(properties, "publisher") or "publisher")
    kind = properties.get(lookup_key(properties, "type") or "type")
    if not equals_ci(publisher, "Microsoft.ManagedServices") or not any(equals_ci(kind, name) for name in HEALTH_EXTENSION_TYPES):
        return
    version_key = lookup_key(properties, "typeHandlerVersion")
    version = properties[version_key] if version_key else MISSING
    if isinstance(version, str) and version.split(".")[0].strip() not in ("1", "2"):
        yield Violation(at + (version_key,), f"typeHandlerVersion {version!r} is not an Application Health extension version: use '1.0' or '2.0'")
    settings_key = lookup_key(properties, "settings")
    settings = properties[settings_key] if settings_key else MISSING
    if not isinstance(settings, dict):
        return
    settings_at = at + (settings_key,)

    def setting(key: str) -> tuple[Path, object]:
        found = lookup_key(settings, key)
        return (settings_at + (found,), settings[found]) if found else (settings_at, MISSING)

    protected = properties.get(lookup_key(properties, "protectedSettings") or "protectedSettings")
    hidden = protected not in (MISSING, None, {})  # a missing setting may sit in protectedSettings
    protocol_path, protocol = setting("protocol")
    _, port = setting("port")
    request_path_at, request_path = setting("requestPath")
    if isinstance(protocol, str):
        folded = protocol.casefold()
        if folded not in ("http", "https", "tcp"):
            yield Violation(protocol_path, f"protocol {protocol!r} is not valid: use 'http', 'https' or 'tcp'")
        elif folded == "tcp":
            if port is MISSING and not hidden:
                yield Violation(protocol_path, "protocol 'tcp' needs a `port` setting")
            if request_path not in (MISSING, None, ""):
                yield Violation(request_path_at, "requestPath is not allowed with protocol 'tcp': remove it or use http/https")
        elif request_path is MISSING and not hidden:
            yield Violation(protocol_path, f"protocol {protocol!r} needs a `requestPath` setting (e.g. '/health')")
    for key, low, high in RANGES:
        path, number = setting(key)
        if isinstance(number, bool) or not isinstance(number, (int, float)) or isinstance(number, Unknown):
            continue
        if (low is not None and number < low) or number > high:
            bounds = f"{low} to {high}" if low is not None else f"at most {high}"
            yield Violation(path, f"{key} {number} is outside the allowed range ({bounds})")
