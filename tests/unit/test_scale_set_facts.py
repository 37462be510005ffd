"""Scale-set facts in vmss_lint.azure: the template's spelling of a path, set values, sizes and
memory-preserving updates, fault domains, priority, Service Fabric extensions."""

from __future__ import annotations

from vmss_lint.model import VM, VMSS, Resource
from vmss_lint.azure.extensions import is_service_fabric_extension
from vmss_lint.azure.properties import concrete_path, is_set
from vmss_lint.azure.scale_set import flexible_fault_domains, memory_preserving, priority, priority_path, size_names
from vmss_lint.azure.sizes import Support
from vmss_lint.source import Location
from vmss_lint.values import MISSING, Unknown

HERE = Location("t.json", 1, 1, 1, 2)


def vmss(body: dict) -> Resource:
    return Resource(type=VMSS, api_version="2024-07-01", name="web", body=body, declared_at=HERE)


def test_concrete_path_uses_the_template_spelling() -> None:
    resource = vmss({"Properties": {"SinglePlacementGroup": True}})
    assert concrete_path(resource, "properties.singlePlacementGroup") == ("Properties", "SinglePlacementGroup")


def test_concrete_path_keeps_missing_tail_and_indexes() -> None:
    resource = vmss({"properties": {"list": [{"A": 1}]}})
    assert concrete_path(resource, "properties.list[0].a") == ("properties", "list", 0, "A")
    assert concrete_path(resource, "properties.absent.deeper") == ("properties", "absent", "deeper")
    assert concrete_path(resource, "properties.list[3].a") == ("properties", "list", 3, "a")


def test_is_set() -> None:
    assert not is_set(MISSING)
    assert not is_set(None)
    assert not is_set({})
    assert not is_set([])
    assert not is_set("")
    assert not is_set(Unknown("x"))
    assert is_set({"mode": "Manual"})
    assert is_set(False)
    assert is_set(0)


def test_size_names_plain_and_mix() -> None:
    assert size_names(vmss({"sku": {"name": "Standard_D2s_v5"}})) == [(("sku", "name"), "Standard_D2s_v5")]
    mix = vmss(
        {
            "sku": {"name": "Mix"},
            "properties": {"skuProfile": {"vmSizes": [{"name": "Standard_D2s_v5"}, {"name": "Standard_E2s_v5"}]}},
        }
    )
    assert [name for _, name in size_names(mix)] == ["Standard_D2s_v5", "Standard_E2s_v5"]
    assert size_names(vmss({})) == []


def test_memory_preserving_aggregates_sizes() -> None:
    assert memory_preserving(vmss({"sku": {"name": "Standard_D2s_v5"}})) is Support.YES
    assert memory_preserving(vmss({"sku": {"name": "Standard_HB120rs_v3"}})) is Support.NO
    assert memory_preserving(vmss({"sku": {"name": "Standard_L8s_v3"}})) is Support.UNKNOWN
    assert isinstance(memory_preserving(vmss({"sku": {"name": Unknown("parameter")}})), Unknown)
    assert isinstance(memory_preserving(vmss({})), Unknown)
    lm = vmss({"sku": {"name": "Standard_NV36ads_A10_v5"}})
    assert memory_preserving(lm) is Support.NO
    assert memory_preserving(lm, accept_live_migration=True) is Support.YES


def test_flexible_fault_domains_default_is_one() -> None:
    assert flexible_fault_domains(vmss({"properties": {}})) == 1
    assert flexible_fault_domains(vmss({"properties": {"platformFaultDomainCount": None}})) == 1
    assert flexible_fault_domains(vmss({"properties": {"platformFaultDomainCount": 3}})) == 3
    assert isinstance(flexible_fault_domains(vmss({"properties": {"platformFaultDomainCount": "3"}})), Unknown)
    assert isinstance(flexible_fault_domains(vmss({"properties": {"platformFaultDomainCount": True}})), Unknown)


def test_priority_for_scale_sets_and_vms() -> None:
    spot_set = vmss({"properties": {"virtualMachineProfile": {"Priority": "Spot"}}})
    assert priority(spot_set) == "Spot"
    assert priority_path(spot_set) == ("properties", "virtualMachineProfile", "Priority")
    vm = Resource(type=VM, api_version="2024-07-01", name="vm", body={"properties": {"priority": "Regular"}}, declared_at=HERE)
    assert priority(vm) == "Regular"
    assert priority(vmss({"properties": {}})) is MISSING


def test_service_fabric_extension() -> None:
    assert is_service_fabric_extension({"publisher": "Microsoft.Azure.ServiceFabric", "type": "ServiceFabricLinuxNode"}) is True
    assert is_service_fabric_extension({"publisher": "microsoft.azure.servicefabric", "type": "servicefabricnode"}) is True
    assert is_service_fabric_extension({"publisher": "Microsoft.ManagedServices", "type": "ApplicationHealthLinux"}) is False
    assert isinstance(is_service_fabric_extension({"publisher": Unknown("p"), "type": "ServiceFabricNode"}), Unknown)
