"""The integrations users copy: the composite GitHub Action, the pre-commit hook (real pre-commit),
and the README recipes (they must parse and name real hooks, flags and formats)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO
from helpers import TEMPLATE_HEAD, flexible_template
from vmss_lint.cli_output import FORMATS

BAD = flexible_template('        "overprovision": true')
GOOD = flexible_template("")
PARAMETERISED = flexible_template("        \"overprovision\": \"[parameters('overprovision')]\"", name="app").replace(
    TEMPLATE_HEAD, TEMPLATE_HEAD + '  "parameters": { "overprovision": { "type": "bool", "defaultValue": false } },\n'
)


_MODULE = """param overprovision bool = false

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: 'mod'
  location: 'westeurope'
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    overprovision: overprovision
  }
}
"""


def _parameters(overprovision: bool) -> str:
    schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"
    return f'{{"$schema": "{schema}", "contentVersion": "1.0.0.0", "parameters": {{"overprovision": {{"value": {str(overprovision).lower()}}}}}}}\n'


def _yaml(text: str):
    return YAML(typ="safe", pure=True).load(text)


def _action() -> dict:
    return _yaml((REPO / "action.yml").read_text())


def test_action_declares_its_inputs_and_uses_them() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"paths", "format", "fail-on", "output"} <= set(action["inputs"])
    assert action["inputs"]["format"]["default"] in FORMATS
    steps = action["runs"]["steps"]
    assert "${{ github.action_path }}" in str(steps[0]["env"])  # installs the action's own checkout
    for name in action["inputs"]:
        assert f"inputs.{name} }}" in str(steps[1]["env"]), f"input {name} is not passed to the run step"
    for step in steps:
        assert "${{" not in step["run"], "inputs go through env, never into the script text"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("output", ["", "report.sarif"])
def test_action_run_step_works(tmp_path, output: str) -> None:
    (tmp_path / "bad.json").write_text(BAD)
    (tmp_path / "good.json").write_text(GOOD)
    run_step = _action()["runs"]["steps"][1]
    github_output = tmp_path / "github_output"
    env = dict(
        os.environ,
        VMSS_LINT=str(Path(sys.executable).with_name("vmss-lint")),
        GITHUB_OUTPUT=str(github_output),
        INPUT_PATHS="bad.json good.json",
        INPUT_FORMAT="sarif" if output else "github",
        INPUT_FAIL_ON="error",
        INPUT_OUTPUT=output,
        INPUT_ARGS="--profile current",
    )
    for step in _action()["runs"]["steps"]:
        assert subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True).returncode == 0
    done = subprocess.run(["bash", "-e", "-c", run_step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert github_output.read_text() == "exit-code=1\n"
    if output:
        assert '"ruleId": "VMSS-FLEX-032"' in (tmp_path / output).read_text()
    else:
        assert done.stdout.startswith("::error file=bad.json,line=12,col=9,")


def test_pre_commit_hook_manifest() -> None:
    [hook] = _yaml((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "vmss-lint" and hook["language"] == "python" and hook["require_serial"] is True
    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in ("a.json", "b.jsonc", "c.bicep", "d.bicepparam"))
    # configuration files change verdicts too (named alone, they bring in the tree they govern), and so do
    # the files templates load (any name: the hook's --with-dependents brings in the templates loading them)
    assert all(pattern.search(name) for name in (".vmss-lint.yaml", "infra/.vmss-lint.yml", "pyproject.toml", "bicepconfig.json", "cloud-init.txt"))
    assert hook["entry"].split() == ["vmss-lint", "--with-dependents"]


def _git(*args: str, cwd: Path) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo(tmp_path) -> None:
    """Real pre-commit installs the hook from this repository (its git HEAD plus tracked changes) and runs it.

    Needs PyPI for the hook's environment; skipped without pre-commit.
    """
    pytest.importorskip("pre_commit")
    if not (REPO / ".git").exists():
        pytest.skip("the repository is not a git checkout")
    project = tmp_path / "project"
    project.mkdir()
    (project / "bad.json").write_text(BAD)
    (project / "good.json").write_text(GOOD)
    (project / "notes.txt").write_text("not a template\n")
    _git("init", "-q", cwd=project)
    _git("add", ".", cwd=project)
    _git("commit", "-q", "-m", "templates", cwd=project)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "vmss-lint", "--all-files", "--color", "never"]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    if done.returncode not in (0, 1) or "An unexpected error has occurred" in output:
        pytest.fail(f"pre-commit could not run the hook:\n{output}")
    assert done.returncode == 1, output
    assert "bad.json:12:9: error VMSS-FLEX-032" in output
    assert "good.json:" not in output

    (project / "bad.json").write_text(GOOD)
    _git("commit", "-q", "-am", "fix", cwd=project)
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

    # a commit that only flips a parameter: pre-commit names the parameter file alone, its template is linted
    (project / "app.json").write_text(PARAMETERISED)
    (project / "app.parameters.json").write_text(_parameters(False))
    _git("add", ".", cwd=project)
    _git("commit", "-q", "-m", "app", cwd=project)
    (project / "app.parameters.json").write_text(_parameters(True))
    _git("commit", "-q", "-am", "overprovision", cwd=project)
    only = [*command[:-3], "--files", "app.parameters.json", "--color", "never"]
    done = subprocess.run(only, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "app.json:13:9: error VMSS-FLEX-032" in done.stdout + done.stderr, done.stdout + done.stderr

    # a commit that only changes a module: judged with the template that calls it (clean on its own)
    (project / "modules").mkdir()
    (project / "modules" / "vmss.bicep").write_text(_MODULE.replace("overprovision: overprovision", "overprovision: false"))
    (project / "main.bicep").write_text("module vmss 'modules/vmss.bicep' = {\n  name: 'vmss'\n  params: {\n    overprovision: true\n  }\n}\n")
    _git("add", ".", cwd=project)
    _git("commit", "-q", "-m", "module", cwd=project)
    (project / "modules" / "vmss.bicep").write_text(_MODULE)
    _git("commit", "-q", "-am", "module passes overprovision on", cwd=project)
    only = [*command[:-3], "--files", "modules/vmss.bicep", "--color", "never"]
    done = subprocess.run(only, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "modules/vmss.bicep:9:5: error VMSS-FLEX-032" in done.stdout + done.stderr, done.stdout + done.stderr

    # a commit that only changes the configuration: the tree it governs is linted with it
    (project / ".vmss-lint.yaml").write_text("fail-on: warning\nseverity:\n  VMSS-FLEX-032: warning\n")
    _git("add", ".", cwd=project)
    _git("commit", "-q", "-m", "config", cwd=project)
    only = [*command[:-3], "--files", ".vmss-lint.yaml", "--color", "never"]
    done = subprocess.run(only, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "app.json:13:9: warning VMSS-FLEX-032" in done.stdout + done.stderr, done.stdout + done.stderr


def _readme_blocks(language: str) -> list[str]:
    text = (REPO / "README.md").read_text()
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_readme_yaml_recipes_parse_and_name_real_things() -> None:
    blocks = [_yaml(block) for block in _readme_blocks("yaml")]
    text = "\n".join(_readme_blocks("yaml"))
    precommit = next(block for block in blocks if isinstance(block, dict) and "repos" in block)
    assert precommit["repos"][0]["hooks"][0]["id"] == "vmss-lint"
    workflows = [block for block in blocks if isinstance(block, dict) and "jobs" in block]
    assert any("--format github" in str(workflow) for workflow in workflows)
    sarif = next(workflow for workflow in workflows if "upload-sarif" in str(workflow))
    job = next(iter(sarif["jobs"].values()))
    assert job["permissions"]["security-events"] == "write"
    upload = next(step for step in job["steps"] if "upload-sarif" in step.get("uses", ""))
    assert upload["if"] == "always()"
    assert "CodeAnalysisLogs" in text and "PublishTestResults@2" in text
    for flag in re.findall(r"(--[a-z][a-z-]+)", text):
        if flag in ("--upgrade", "--quiet", "--system"):
            continue
        assert flag in (REPO / "linter" / "cli.py").read_text(), f"README uses unknown flag {flag}"


def test_readme_keeps_its_first_screen() -> None:
    head = (REPO / "README.md").read_text().split("## Usage")[0]
    assert "pip install . && vmss-lint fixtures/examples" in head
    test_command = "pip install -e '.[test]' && ruff check . && mypy linter && python -m pytest"
    assert test_command in head
    assert test_command in (REPO / ".ci" / "run").read_text(), "CI runs the README's test command"


def test_readme_configuration_examples_load(tmp_path, monkeypatch) -> None:
    from vmss_lint.configfile import load_config

    monkeypatch.chdir(tmp_path)
    [toml] = [block for block in _readme_blocks("toml") if "[tool.vmss-lint" in block]  # not the Helix example
    (tmp_path / "pyproject.toml").write_text(toml)
    config = load_config("pyproject.toml")
    assert config.severities and config.parameter_map and config.baseline
    yaml_config = next(block for block in _readme_blocks("yaml") if block.startswith("profile:"))
    (tmp_path / ".vmss-lint.yaml").write_text(yaml_config)
    assert load_config(".vmss-lint.yaml").fail_on.value == "warning"


def test_readme_python_api_recipe_runs(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    [toml] = [block for block in _readme_blocks("toml") if "[tool.vmss-lint" in block]  # not the Helix example
    (tmp_path / "pyproject.toml").write_text(toml.replace('baseline = ".vmss-lint-baseline.json"\n', ""))
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.json").write_text(BAD)
    (tmp_path / "infra" / "prod.parameters.json").write_text(
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {}}'
    )
    [python] = _readme_blocks("python")
    with pytest.raises(SystemExit) as stopped:
        exec(compile(python, "README.md", "exec"), {})
    assert stopped.value.code == 0  # the README's config makes VMSS-FLEX-032 a warning
