from __future__ import annotations

import pytest

from vmss_lint.azure.sizes import Support, is_general_purpose, memory_preserving_updates, parse_size


@pytest.mark.parametrize(
    "name,family,sub,vcpus,features,accel,version",
    [
        ("Standard_D4s_v5", "D", "", 4, "s", None, 5),
        ("Standard_NC24ads_A100_v4", "N", "C", 24, "ads", "A100", 4),
        ("Standard_HB120rs_v3", "H", "B", 120, "rs", None, 3),
        ("Standard_M128ms", "M", "", 128, "ms", None, None),
        ("Standard_ND96isr_H100_v5", "N", "D", 96, "isr", "H100", 5),
        ("Standard_M416-208ms_v2", "M", "", 416, "ms", None, 2),
        ("Standard_M48s_1_v3", "M", "", 48, "s", None, 3),
        ("Standard_FX48mds", "F", "X", 48, "mds", None, None),
        ("Standard_DS11-1_v2", "D", "", 11, "", None, 2),
        ("Standard_L8s_v3", "L", "", 8, "s", None, 3),
        ("Basic_A1", "A", "", 1, "", None, None),
    ],
)
def test_parse_documented_examples(name, family, sub, vcpus, features, accel, version) -> None:
    size = parse_size(name)
    assert size is not None
    assert (size.family, size.subfamily, size.vcpus, size.features, size.accelerator, size.version) == (
        family, sub, vcpus, features, accel, version,
    )


def test_memory_preserving_lookup() -> None:
    assert memory_preserving_updates("Standard_D4s_v5") is Support.YES
    assert memory_preserving_updates("Standard_HB120rs_v3") is Support.NO
    assert memory_preserving_updates("Standard_L8s_v3") is Support.UNKNOWN
    assert memory_preserving_updates("Standard_M128ms") is Support.UNKNOWN
    assert memory_preserving_updates("Standard_DC4s_v3") is Support.UNKNOWN
    assert memory_preserving_updates("Standard_NV36ads_A10_v5") is Support.NO
    assert memory_preserving_updates("Standard_NV36ads_A10_v5", accept_live_migration=True) is Support.YES
    assert memory_preserving_updates("not a size") is Support.UNKNOWN


def test_general_purpose() -> None:
    assert is_general_purpose("Standard_F2s_v2") is True
    assert is_general_purpose("Standard_NC6") is False
    assert parse_size("Standard_HB120rs_v3").rdma
    assert parse_size("Standard_D4ps_v5").arm64
