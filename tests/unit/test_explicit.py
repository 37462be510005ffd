"""What a file named on the command line brings in (explicit.py), and the project root (project.py)."""

from __future__ import annotations

from pathlib import Path

from vmss_lint.configfile import load_config
from vmss_lint.discover import discover
from vmss_lint.project import GIT, WORKING_DIRECTORY, display_path, find_project, linted_tree

TEMPLATE = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}'
PARAMETERS = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}'


def _jobs(found) -> list[tuple[str, list[str]]]:
    return [(job.display, [file.name for file in job.parameter_files]) for job in found.jobs]


def test_arm_parameter_file_named_alone_brings_in_its_template(tmp_path: Path) -> None:
    (tmp_path / "app.json").write_text(TEMPLATE)
    (tmp_path / "app.parameters.json").write_text(PARAMETERS)
    found = discover([tmp_path / "app.parameters.json"], root=tmp_path)
    assert _jobs(found) == [("app.json", ["app.parameters.json"])]
    # named together with its template: linted once
    found = discover([tmp_path / "app.parameters.json", tmp_path / "app.json"], root=tmp_path)
    assert _jobs(found) == [("app.json", ["app.parameters.json"])]


def test_parameter_map_pairs_a_named_parameter_file(tmp_path: Path) -> None:
    for stage in ("dev", "prod"):
        (tmp_path / "infra" / stage).mkdir(parents=True)
        (tmp_path / "infra" / stage / "main.json").write_text(TEMPLATE)
    (tmp_path / "infra" / "prod.parameters.json").write_text(PARAMETERS)
    (tmp_path / ".vmss-lint.yaml").write_text('parameters:\n  "infra/*/main.json": infra/prod.parameters.json\n')
    config = load_config(tmp_path / ".vmss-lint.yaml")
    found = discover([tmp_path / "infra" / "prod.parameters.json"], root=tmp_path, parameter_map=config.parameter_map)
    assert _jobs(found) == [("infra/dev/main.json", ["prod.parameters.json"]), ("infra/prod/main.json", ["prod.parameters.json"])]


def test_a_parameter_file_without_a_template_says_so(tmp_path: Path) -> None:
    (tmp_path / "orphan.parameters.json").write_text(PARAMETERS)
    found = discover([tmp_path / "orphan.parameters.json"], root=tmp_path)
    assert found.jobs == []
    assert found.skipped == [("orphan.parameters.json", "parameter file: no template found for it (neither the template beside it nor a `parameters` entry of the configuration)")]


def test_a_configuration_file_named_alone_brings_in_the_folder_it_governs(tmp_path: Path) -> None:
    (tmp_path / "infra" / "sub").mkdir(parents=True)
    (tmp_path / "infra" / "sub" / "a.json").write_text(TEMPLATE)
    (tmp_path / "infra" / "b.bicep").write_text("")
    (tmp_path / "outside.json").write_text(TEMPLATE)
    for name in (".vmss-lint.yaml", "bicepconfig.json"):
        (tmp_path / "infra" / name).write_text("{}\n")
        found = discover([tmp_path / "infra" / name], root=tmp_path)
        assert [job.display for job in found.jobs] == ["infra/b.bicep", "infra/sub/a.json"], name
        (tmp_path / "infra" / name).unlink()
    (tmp_path / "infra" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.vmss-lint]: not ours
    assert discover([tmp_path / "infra" / "pyproject.toml"], root=tmp_path).jobs == []
    (tmp_path / "infra" / "pyproject.toml").write_text("[tool.vmss-lint]\nprofile = 'current'\n")
    assert len(discover([tmp_path / "infra" / "pyproject.toml"], root=tmp_path).jobs) == 2


def test_project_root_and_linted_tree(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    (repo / "a" / "b").mkdir(parents=True)
    (repo / ".git").write_text("gitdir: elsewhere\n")  # a linked worktree or submodule has a .git file
    monkeypatch.chdir(tmp_path)
    project = find_project([repo / "a" / "b"])
    assert (project.root, project.reason) == (repo.resolve(), GIT)
    assert linted_tree(repo / "a" / "b" / "main.bicep", project.root) == repo.resolve()
    plain = tmp_path / "plain"
    (plain / "x").mkdir(parents=True)
    project = find_project([plain / "x"])
    assert (project.root, project.reason) == (tmp_path.resolve(), WORKING_DIRECTORY)
    assert linted_tree(plain / "x" / "main.bicep", project.root) == tmp_path.resolve()  # below the root
    assert linted_tree(Path("/") / "main.bicep", plain.resolve()) == Path("/")  # outside it: its own folder


def test_display_path(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert display_path(tmp_path / "a" / ".." / "a" / "t.json", tmp_path) == "a/t.json"
    assert display_path(tmp_path / "t.json", tmp_path / "a") == (tmp_path / "t.json").resolve().as_posix()


def test_with_dependents_a_named_file_brings_in_what_uses_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra" / "modules").mkdir(parents=True)
    (tmp_path / "infra" / "linked").mkdir()
    (tmp_path / "infra" / "modules" / "vmss.bicep").write_text("param name string\n")
    (tmp_path / "infra" / "modules" / "nic.bicep").write_text("var data = loadTextContent('../cloud-init.txt')\n")
    (tmp_path / "infra" / "cloud-init.txt").write_text("#cloud-config\n")
    (tmp_path / "infra" / "main.bicep").write_text("module vmss 'modules/vmss.bicep' = {\n  name: 'v'\n}\nmodule reg 'br/public:avm/x:1.0' = {\n  name: 'r'\n}\n")
    (tmp_path / "infra" / "top.bicep").write_text("module m 'main.bicep' = {\n  name: 'm'\n}\n")
    (tmp_path / "infra" / "imports.bicep").write_text("import {a} from 'modules/vmss.bicep'\n")
    (tmp_path / "infra" / "linked" / "child.json").write_text(TEMPLATE)
    (tmp_path / "infra" / "parent.json").write_text(TEMPLATE.replace('"resources": []', '"resources": [{"properties": {"templateLink": {"relativePath": "linked/child.json"}}}]'))
    (tmp_path / "infra" / "unrelated.bicep").write_text("")

    def linted(*names: str) -> list[str]:
        return [job.display for job in discover([tmp_path / name for name in names], root=tmp_path, with_dependents=True).jobs]

    assert linted("infra/modules/vmss.bicep") == ["infra/imports.bicep", "infra/main.bicep", "infra/modules/vmss.bicep", "infra/top.bicep"]
    assert linted("infra/linked/child.json") == ["infra/linked/child.json", "infra/parent.json"]
    assert linted("infra/cloud-init.txt") == ["infra/modules/nic.bicep"]  # a loaded file brings in its user
    assert linted("infra/unrelated.bicep") == ["infra/unrelated.bicep"]
    # without the flag, only what was named
    assert [job.display for job in discover([tmp_path / "infra/modules/vmss.bicep"], root=tmp_path).jobs] == ["infra/modules/vmss.bicep"]
