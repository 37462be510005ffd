"""The same repository gives the same bytes from any directory and through pre-commit (issue 17).

A repository with templates under `infra/` (a template, one whose finding needs its parameter file, a Bicep
file whose module sits in a sibling folder) is linted from its root, from two subdirectories, from outside
with an absolute path, with the file list pre-commit passes, and by real pre-commit. Every format must
be byte-identical, and a baseline recorded from the root must hold in every run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import REPO, shared_or_skip
from helpers import TEMPLATE_HEAD, flexible_template, run_cli

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
OVERPROVISION = '        "overprovision": true'
PARAMETERISED = flexible_template("        \"overprovision\": \"[parameters('overprovision')]\"", name="app").replace(
    TEMPLATE_HEAD, TEMPLATE_HEAD + '  "parameters": { "overprovision": { "type": "bool", "defaultValue": false } },\n'
)
PARAMETERS = json.dumps({
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {"overprovision": {"value": True}},
}, indent=2) + "\n"
MODULE = """param name string = 'mod'

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: name
  location: 'westeurope'
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    overprovision: true
  }
}
"""
MAIN = """module vmss '../modules/vmss.bicep' = {
  name: 'vmss'
  params: {
    name: 'fromMain'
  }
}
"""
FORMATS = (("text",), ("json", "--show-suppressed"), ("sarif",), ("sarif", "--show-suppressed"), ("github",), ("junit",))


def _git(*args: str, cwd: Path) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _make_repository(root: Path, with_config: bool) -> None:
    """The repository; with_config: a root pyproject.toml names a baseline recording web.json's finding."""
    (root / "infra" / "sub").mkdir(parents=True)
    (root / "infra" / "modules").mkdir()
    (root / ".git").mkdir()  # a work tree as far as vmss-lint can tell; pre-commit tests run `git init`
    (root / "infra" / "web.json").write_text(flexible_template(OVERPROVISION))
    if with_config:
        (root / "pyproject.toml").write_text('[tool.vmss-lint]\nbaseline = ".vmss-lint-baseline.json"\n')
        _in(root, "infra", "--write-baseline", ".vmss-lint-baseline.json")
    (root / "infra" / "sub" / "app.json").write_text(PARAMETERISED)
    (root / "infra" / "sub" / "app.parameters.json").write_text(PARAMETERS)
    (root / "infra" / "sub" / "main.bicep").write_text(MAIN)
    (root / "infra" / "modules" / "vmss.bicep").write_text(MODULE)


def _in(directory: Path, *args: str):
    previous = Path.cwd()
    os.chdir(directory)
    try:
        return run_cli(*args)
    finally:
        os.chdir(previous)


def _hook_files(root: Path) -> list[str]:
    """The files pre-commit passes with --all-files: tracked files matching the hook's `files` pattern."""
    [hook] = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text())
    pattern = re.compile(hook["files"])
    names = sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file() and ".git" not in path.parts)
    return [name for name in names if pattern.search(name)]


def _hook_entry_args() -> list[str]:
    [hook] = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text())
    return hook["entry"].split()[1:]


def _runs(root: Path, outside: Path, fmt: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    runs = {
        "root": _in(root, "infra", "--format", *fmt),
        "infra": _in(root / "infra", ".", "--format", *fmt),
        "infra/sub": _in(root / "infra" / "sub", "..", "--format", *fmt),
        "outside, absolute": _in(outside, str(root / "infra"), "--format", *fmt),
        "pre-commit file list": _in(root, "--format", *fmt, *_hook_entry_args(), *_hook_files(root)),
    }
    return {name: (result.exit_code, result.stdout) for name, result in runs.items()}


@pytest.mark.parametrize("with_config", [False, True], ids=["git-root", "config-and-baseline"])
@pytest.mark.parametrize("fmt", FORMATS, ids=[" ".join(fmt) for fmt in FORMATS])
def test_same_bytes_from_any_directory(tmp_path, with_config: bool, fmt: tuple[str, ...]) -> None:
    root, outside = tmp_path / "repo", tmp_path / "elsewhere"
    outside.mkdir()
    _make_repository(root, with_config)
    runs = _runs(root, outside, fmt)
    expected = runs["root"]
    for name, got in runs.items():
        assert got == expected, f"{name} differs from the run at the root"
    code, output = expected
    # four findings (the module's twice: linted alone and through main.bicep); the baseline holds web.json's
    assert code == 1
    if fmt[0] == "text":
        summary = "3 errors, 0 warnings, 0 notes in 4 files (1 baselined)\n" if with_config else "4 errors, 0 warnings, 0 notes in 4 files\n"
        assert summary in output and output.endswith("fixable with --fix\n")  # the fix hint follows the summary
        assert "infra/modules/vmss.bicep:9:5: error VMSS-FLEX-032" in output  # a module beside the folder, followed
        assert "infra/sub/app.json:" in output  # only with its parameter file
    if fmt[0] == "sarif":
        run = json.loads(output)["runs"][0]
        assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}}
        uris = sorted({result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in run["results"]})
        held = with_config and "--show-suppressed" in fmt
        shown = ["infra/modules/vmss.bicep", "infra/sub/app.json"] + (["infra/web.json"] if held or not with_config else [])
        assert uris == sorted(shown)
        states = sorted(result.get("baselineState", "-") for result in run["results"])
        if with_config:
            assert states == (["new", "new", "new", "unchanged"] if held else ["new", "new", "new"])
        else:
            assert states == ["-", "-", "-", "-"]
    if fmt[0] == "github":
        assert "::error file=infra/sub/app.json," in output
    if fmt[0] == "json":
        assert json.loads(output)["summary"] == {"error": 4 - with_config, "warning": 0, "note": 0, "suppressed": 0, "baselined": int(with_config), "modulesNotChecked": 0}


def test_baseline_fingerprints_do_not_depend_on_the_directory(tmp_path) -> None:
    """A baseline written from a subdirectory equals the one written from the root."""
    root = tmp_path / "repo"
    _make_repository(root, with_config=False)
    _in(root, "infra", "--write-baseline", str(tmp_path / "from-root.json"))
    _in(root / "infra" / "sub", ".", "..", "--write-baseline", str(tmp_path / "from-sub.json"))
    _in(tmp_path, str(root / "infra"), "--write-baseline", str(tmp_path / "from-outside.json"))
    documents = [(tmp_path / name).read_text() for name in ("from-root.json", "from-sub.json", "from-outside.json")]
    assert documents[0] == documents[1] == documents[2]
    assert sorted({entry["path"] for entry in json.loads(documents[0])["findings"]}) == [
        "infra/modules/vmss.bicep", "infra/sub/app.json", "infra/web.json"
    ]


def test_project_root_is_the_configuration_files_directory_and_verbose_says_so(tmp_path) -> None:
    root = tmp_path / "repo"
    _make_repository(root, with_config=False)
    (root / "infra" / ".vmss-lint.yaml").write_text("fail-on: error\n")
    result = _in(root / "infra" / "sub", ".", "--verbose")
    assert f"project root: {(root / 'infra').resolve().as_posix()} (the directory of the configuration file .vmss-lint.yaml)" in result.stdout
    assert "sub/app.json:" in result.stdout and "infra/sub/app.json" not in result.stdout
    (root / "infra" / ".vmss-lint.yaml").unlink()
    result = _in(root / "infra" / "sub", ".", "--verbose")
    assert f"project root: {root.resolve().as_posix()} (the git work tree that holds the linted paths)" in result.stdout
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "web.json").write_text(flexible_template(OVERPROVISION))
    result = _in(plain, ".", "--verbose")
    assert f"project root: {plain.resolve().as_posix()} (the current directory" in result.stdout


def test_files_outside_the_root_keep_absolute_paths_and_are_said_to_be_outside(tmp_path) -> None:
    root, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    _make_repository(root, with_config=False)
    elsewhere.mkdir()
    (elsewhere / "x.json").write_text(flexible_template(OVERPROVISION))
    absolute = (elsewhere / "x.json").resolve().as_posix()
    text = _in(root, "infra/web.json", str(elsewhere / "x.json"), "--verbose").stdout
    assert f"{absolute}:12:9: error VMSS-FLEX-032" in text and "infra/web.json:12:9: error VMSS-FLEX-032" in text
    assert f"outside the project root (shown by its absolute path): {absolute}" in text
    run = json.loads(_in(root, "infra/web.json", str(elsewhere / "x.json"), "--format", "sarif").stdout)["runs"][0]
    locations = [result["locations"][0]["physicalLocation"]["artifactLocation"] for result in run["results"]]
    assert {"uri": "infra/web.json", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": (elsewhere / "x.json").resolve().as_uri()} in locations


@pytest.mark.parametrize("schema_name", ["sarif-schema-2.1.0.json", "sarif-schema-2.1.0.codeql-action.json"])
def test_sarif_with_suppressions_and_baseline_validates(tmp_path, schema_name: str) -> None:
    schema = json.loads(shared_or_skip(f"sarif/{schema_name}").read_text())
    root = tmp_path / "repo"
    _make_repository(root, with_config=True)
    module = root / "infra" / "modules" / "vmss.bicep"
    module.write_text(MODULE.replace("    overprovision: true", "    // vmss-lint-disable-next-line VMSS-FLEX-032 -- goes with the Q3 migration\n    overprovision: true"))
    document = json.loads(_in(root, "infra", "--format", "sarif", "--show-suppressed").stdout)
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    results = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: result for result in document["runs"][0]["results"]}
    assert results["infra/web.json"]["suppressions"] == [{"kind": "external", "justification": "in the baseline"}]
    assert results["infra/web.json"]["baselineState"] == "unchanged"
    assert results["infra/modules/vmss.bicep"]["suppressions"] == [{"kind": "inSource", "justification": "goes with the Q3 migration"}]
    assert results["infra/modules/vmss.bicep"]["baselineState"] == "new"
    assert "suppressions" not in results["infra/sub/app.json"] and results["infra/sub/app.json"]["baselineState"] == "new"
    summary = _in(root, "infra").stdout.splitlines()[-1]
    assert summary == "1 error, 0 warnings, 0 notes in 4 files (2 suppressed, 1 baselined)"  # the module's twice
    counts = json.loads(_in(root, "infra", "--format", "json").stdout)["summary"]
    assert (counts["suppressed"], counts["baselined"]) == (2, 1)


@needs_git
def test_real_pre_commit_gives_the_same_bytes(tmp_path) -> None:
    """pre-commit runs the hook's pattern over the committed files, from the root: same SARIF, same baseline."""
    pytest.importorskip("pre_commit")
    root = tmp_path / "repo"
    _make_repository(root, with_config=True)
    shutil.rmtree(root / ".git")
    _git("init", "-q", cwd=root)
    [hook] = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text())
    report = tmp_path / "pre-commit.sarif"
    config = {
        "repos": [{"repo": "local", "hooks": [{
            "id": "vmss-lint", "name": "vmss-lint", "language": "system", "entry": hook["entry"],
            "args": ["--format", "sarif", "--show-suppressed", "--output", str(report)],
            "files": hook["files"], "types": hook["types"], "require_serial": True,
        }]}]
    }
    (root / ".pre-commit-config.yaml").write_text(json.dumps(config))
    _git("add", ".", cwd=root)
    _git("commit", "-q", "-m", "templates", cwd=root)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr  # three new findings
    assert "3 errors, 0 warnings, 0 notes in 4 files (1 baselined)" in done.stdout + done.stderr
    expected = _in(root, "infra", "--format", "sarif", "--show-suppressed").stdout
    assert report.read_text() == expected


def test_linted_tree_is_the_repository_not_the_named_files_folder(tmp_path) -> None:
    """An AVM-style test file follows ../../../main.bicep inside its repository from any directory; a path
    leaving the repository is still refused."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "tests" / "e2e" / "defaults").mkdir(parents=True)
    (root / "main.bicep").write_text(MODULE)
    test_file = root / "tests" / "e2e" / "defaults" / "main.test.bicep"
    test_file.write_text("module testDeployment '../../../main.bicep' = {\n  name: 'test'\n  params: {\n    name: 'e2e'\n  }\n}\n")
    for cwd, named in ((tmp_path, str(test_file)), (test_file.parent, "main.test.bicep"), (root, "tests/e2e/defaults/main.test.bicep")):
        result = _in(cwd, named, "--format", "github")
        assert result.exit_code == 1 and result.stdout.startswith("::error file=main.bicep,line=9,col=5,"), (cwd, result.stdout)
    (tmp_path / "outside.bicep").write_text(MODULE)
    test_file.write_text("module escape '../../../../outside.bicep' = {\n  name: 'x'\n}\n")
    result = _in(tmp_path, str(test_file), "--format", "json", "--show-unknown")
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["ruleId"] == "LINT-009" and "outside the linted directory tree" in finding["message"]
