"""The apiVersion ownership table: every row names a registered rule that checks its resource type, and
every row's property is one the first-seen data knows (otherwise VMSS-GEN-005 would never report it anyway)."""

from __future__ import annotations

import pytest

from vmss_lint.azure.api_versions import first_seen
from vmss_lint.rules.common.api_minimums import TABLE


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.owner}:{row.path}")
def test_row_names_a_rule_that_checks_its_type(row, registry) -> None:
    owner = registry.get(row.owner)
    assert owner is not None, f"{row.owner} is not a registered rule"
    assert any(row.resource_type.casefold() == kind.casefold() for kind in owner.meta.resource_types)


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.owner}:{row.path}")
def test_row_is_a_property_the_schema_data_dates(row) -> None:
    assert first_seen(row.resource_type, row.path) is not None

