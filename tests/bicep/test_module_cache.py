"""Resolution of registry and template-spec references to Bicep's local module cache (module_cache.py).

The expected folder names are written out by hand from Bicep's source (docs/bicep-support.md cites it), so
a mistake in the layout code cannot hide behind the same code in the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vmss_lint.bicep.module_cache import CachedModule, ModuleCache, Unresolvable, encode_tag


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("tag", "folder"),
    [
        ("", "$"),
        ("v1", "v1$"),
        ("0.11.1", "0.11.1$"),
        ("V1", "V1$1"),
        ("AbCd", "AbCd$5"),
        ("ABCD", "ABCD$f"),
        ("ABCDABCDABCDABCDABCDABCDABCDABCDA", "ABCDABCDABCDABCDABCDABCDABCDABCDA$1ffffffff"),
        ("A" * 65, "A" * 65 + "$1ffffffffffffffff"),
        ("A" * 128, "A" * 128 + "$" + "f" * 32),
    ],
)
def test_tags_are_encoded_as_bicep_names_their_folders(tag: str, folder: str) -> None:
    assert encode_tag(tag) == folder


def resolve(reference: str, file: Path, root: Path | None = None) -> CachedModule | Unresolvable:
    return ModuleCache(root).resolve(reference, file)


def test_registry_reference_with_tag_and_digest(tmp_path: Path) -> None:
    main = write(tmp_path / "main.bicep", "")
    found = resolve("br:Contoso.AzureCR.io/bicep/modules/vmss:V2", main, tmp_path / "cache")
    assert isinstance(found, CachedModule) and not found.template_spec
    assert found.path == tmp_path / "cache" / "br" / "contoso.azurecr.io" / "bicep$modules$vmss" / "V2$1" / "main.json"
    digest = "sha256:" + "ab" * 32
    found = resolve(f"br:localhost:5000/vmss@{digest}", main, tmp_path / "cache")
    assert isinstance(found, CachedModule)
    assert found.path == tmp_path / "cache" / "br" / "localhost$5000" / "vmss" / f"sha256#{'ab' * 32}" / "main.json"


def test_public_registry_alias_is_built_in(tmp_path: Path) -> None:
    main = write(tmp_path / "main.bicep", "")
    found = resolve("br/public:avm/res/compute/virtual-machine-scale-set:0.11.1", main, tmp_path)
    assert isinstance(found, CachedModule)
    assert found.canonical == "br:mcr.microsoft.com/bicep/avm/res/compute/virtual-machine-scale-set:0.11.1"
    assert found.path.relative_to(tmp_path).as_posix() == "br/mcr.microsoft.com/bicep$avm$res$compute$virtual-machine-scale-set/0.11.1$/main.json"


def test_default_cache_root_is_dot_bicep_in_the_home_directory(tmp_path: Path) -> None:
    main = write(tmp_path / "main.bicep", "")
    found = resolve("br/public:avm/x:1.0.0", main)
    assert isinstance(found, CachedModule)
    assert found.path == Path(os.path.expanduser("~")) / ".bicep" / "br" / "mcr.microsoft.com" / "bicep$avm$x" / "1.0.0$" / "main.json"


def test_aliases_and_cache_root_come_from_the_nearest_bicepconfig_above_the_file(tmp_path: Path) -> None:
    write(tmp_path / "bicepconfig.json", '{"moduleAliases": {"br": {"far": {"registry": "far.azurecr.io"}}}}')
    write(
        tmp_path / "infra" / "bicepconfig.json",
        """{
          // comments are allowed, as in Bicep
          "cacheRootDirectory": "%s",
          "moduleAliases": {
            "br": {"corp": {"registry": "corp.azurecr.io", "modulePath": "platform/modules"}, "bare": {"registry": "bare.azurecr.io"}},
            "ts": {"Specs": {"subscription": "11111111-1111-1111-1111-111111111111", "resourceGroup": "Spec-RG"}}
          },
        }"""
        % (tmp_path / "restored").as_posix(),
    )
    main = write(tmp_path / "infra" / "app" / "main.bicep", "")
    found = resolve("br/corp:vmss:1.2.3", main)
    assert isinstance(found, CachedModule)
    assert found.path == tmp_path / "restored" / "br" / "corp.azurecr.io" / "platform$modules$vmss" / "1.2.3$" / "main.json"
    found = resolve("br/bare:team/vmss:1", main)
    assert isinstance(found, CachedModule) and found.path.parent.parent.name == "team$vmss"
    found = resolve("br/public:avm/x:1.0.0", main)  # the built-in alias stays next to the file's own
    assert isinstance(found, CachedModule) and "mcr.microsoft.com" in found.path.parts
    found = resolve("ts/Specs:WebVmss:V1.0", main)
    assert isinstance(found, CachedModule) and found.template_spec
    assert found.path == tmp_path / "restored" / "ts" / "11111111-1111-1111-1111-111111111111" / "spec-rg" / "webvmss" / "v1.0" / "main.json"
    far = resolve("br/far:x:1", main)  # only the nearest file counts
    assert isinstance(far, Unresolvable) and "'br/far' is not defined" in far.reason
    assert "infra" in far.reason


def test_template_spec_reference_is_lowercased(tmp_path: Path) -> None:
    main = write(tmp_path / "main.bicep", "")
    found = resolve("ts:22222222-2222-2222-2222-222222222222/My-RG/VmssSpec:2.0", main, tmp_path)
    assert isinstance(found, CachedModule)
    assert found.path.relative_to(tmp_path).as_posix() == "ts/22222222-2222-2222-2222-222222222222/my-rg/vmssspec/2.0/main.json"


def test_extends_chain_merges_aliases(tmp_path: Path) -> None:
    write(tmp_path / "shared" / "base.json", '{"moduleAliases": {"br": {"corp": {"registry": "corp.azurecr.io"}}}}')
    write(tmp_path / "infra" / "bicepconfig.json", '{"extends": "../shared/base.json", "moduleAliases": {"br": {"team": {"registry": "team.azurecr.io"}}}}')
    main = write(tmp_path / "infra" / "main.bicep", "")
    for alias, registry in (("corp", "corp.azurecr.io"), ("team", "team.azurecr.io")):
        found = resolve(f"br/{alias}:x:1", main, tmp_path)
        assert isinstance(found, CachedModule) and registry in found.path.parts


def test_cache_root_with_tilde_and_relative_root(tmp_path: Path) -> None:
    write(tmp_path / "a" / "bicepconfig.json", '{"cacheRootDirectory": "~/bicep-cache"}')
    write(tmp_path / "b" / "bicepconfig.json", '{"cacheRootDirectory": "relative/cache"}')
    found = resolve("br/public:x:1", write(tmp_path / "a" / "main.bicep", ""))
    assert isinstance(found, CachedModule) and found.path.is_relative_to(Path(os.path.expanduser("~")) / "bicep-cache")
    refused = resolve("br/public:x:1", write(tmp_path / "b" / "main.bicep", ""))
    assert isinstance(refused, Unresolvable) and "not an absolute path" in refused.reason
    overridden = resolve("br/public:x:1", tmp_path / "b" / "main.bicep", tmp_path / "override")
    assert isinstance(overridden, CachedModule) and overridden.path.is_relative_to(tmp_path / "override")


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("br:contoso.azurecr.io/vmss", "no tag"),
        ("br:contoso.azurecr.io/VMSS:1", "not a valid repository segment"),
        ("br:contoso.azurecr.io/vmss:bad tag", "not a valid tag"),
        ("br:contoso.azurecr.io/vmss@sha256:xyz", "not a sha256 digest"),
        ("br/nope:vmss:1", "'br/nope' is not defined"),
        ("br/bad alias:vmss:1", "not a valid alias name"),
        ("ts:sub/rg/name", "<subscription>/<resource group>/<name>:<version>"),
        ("oci:x/y:1", "not a module scheme"),
    ],
)
def test_bad_references_say_why(tmp_path: Path, reference: str, reason: str) -> None:
    found = resolve(reference, write(tmp_path / "main.bicep", ""), tmp_path)
    assert isinstance(found, Unresolvable) and reason in found.reason


def test_unreadable_bicepconfig_is_reported_for_aliases(tmp_path: Path) -> None:
    write(tmp_path / "bicepconfig.json", '{"moduleAliases": ')
    found = resolve("br/corp:x:1", write(tmp_path / "main.bicep", ""), tmp_path)
    assert isinstance(found, Unresolvable) and "invalid JSON" in found.reason and "bicepconfig.json" in found.reason


def test_an_extends_loop_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    write(tmp_path / "bicepconfig.json", '{"extends": "other.json"}')
    write(tmp_path / "other.json", '{"extends": "bicepconfig.json"}')
    found = resolve("br/corp:x:1", write(tmp_path / "main.bicep", ""), tmp_path)
    assert isinstance(found, Unresolvable) and "loops" in found.reason
