"""The front-end registry: one loader per template kind, imported only when a file of that kind comes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from vmss_lint.discover import Kind
from vmss_lint.frontend import LOADERS, loader_for


def test_every_template_kind_has_a_loader() -> None:
    assert set(LOADERS) == {Kind.ARM_TEMPLATE, Kind.BICEP}
    assert loader_for(Kind.ARM_TEMPLATE).__name__ == "load_template"
    assert loader_for(Kind.BICEP).__name__ == "load_bicep"


def test_a_parameter_file_is_not_loaded_on_its_own() -> None:
    with pytest.raises(LookupError, match="arm-parameters"):
        loader_for(Kind.ARM_PARAMETERS)


def test_an_arm_loader_does_not_import_the_bicep_front_end() -> None:
    code = (
        "import sys\n"
        "from vmss_lint.discover import Kind\n"
        "from vmss_lint.frontend import loader_for\n"
        "loader_for(Kind.ARM_TEMPLATE)\n"
        "print('vmss_lint.bicep' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
