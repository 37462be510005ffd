"""Change-aware linting: --previous (file or mirrored directory) and --diff-base (a git ref)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vmss_lint.config import Config
from vmss_lint.engine import lint
from vmss_lint.history import HistoryError, from_git, from_path

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def template(mode: str, name: str = "web") -> str:
    properties: dict = {"orchestrationMode": mode, "platformFaultDomainCount": 1}
    resource = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-07-01",
        "name": name,
        "location": "westeurope",
        "properties": properties,
    }
    if mode == "Uniform":
        resource["sku"] = {"name": "Standard_D2s_v5", "capacity": 2}
        properties["upgradePolicy"] = {"mode": "Manual"}
        properties["virtualMachineProfile"] = {"osProfile": {"computerNamePrefix": name, "adminUsername": "azureuser"}}
    return json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [resource]}, indent=2) + "\n"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vmss_lint.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two commits: the scale set is Uniform in the first and Flexible in the second."""
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "infra" / "vmss.json").write_text(template("Uniform"), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "uniform")
    (root / "infra" / "vmss.json").write_text(template("Flexible"), encoding="utf-8")
    (root / "infra" / "new.json").write_text(template("Flexible", "api"), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "flip to flexible")
    return root


@needs_git
def test_diff_base_reports_the_flipped_mode_and_only_with_it(repo: Path) -> None:
    without = run_cli("infra", "--format", "json", cwd=repo)
    assert without.returncode == 0, without.stdout + without.stderr
    assert "VMSS-GEN-001" not in without.stdout

    with_base = run_cli("infra", "--diff-base", "HEAD~1", "--format", "json", cwd=repo)
    assert with_base.returncode == 1, with_base.stdout + with_base.stderr
    report = json.loads(with_base.stdout)
    hits = [finding for finding in report["findings"] if finding["ruleId"] == "VMSS-GEN-001"]
    assert len(hits) == 1, report["findings"]
    assert hits[0]["path"] == "infra/vmss.json"  # the new file has no previous version: nothing on it
    assert (hits[0]["line"], hits[0]["severity"]) == (11, "error")
    assert "HEAD~1:infra/vmss.json" in hits[0]["message"]


@needs_git
def test_diff_base_on_a_single_file_text_output(repo: Path) -> None:
    done = run_cli("infra/vmss.json", "--diff-base", "HEAD~1", cwd=repo)
    assert done.returncode == 1
    assert "infra/vmss.json:" in done.stdout and "VMSS-GEN-001" in done.stdout
    assert "Uniform in HEAD~1:infra/vmss.json" in done.stdout


@needs_git
def test_bad_ref_exits_2_with_a_message(repo: Path) -> None:
    done = run_cli("infra", "--diff-base", "no-such-branch", cwd=repo)
    assert done.returncode == 2
    assert "no-such-branch" in done.stderr and "Traceback" not in done.stderr


@needs_git
def test_outside_a_git_work_tree_exits_2(tmp_path: Path) -> None:
    (tmp_path / "vmss.json").write_text(template("Flexible"), encoding="utf-8")
    done = run_cli("vmss.json", "--diff-base", "HEAD", cwd=tmp_path)
    assert done.returncode == 2 and "git" in done.stderr


def test_missing_git_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(HistoryError, match="needs git"):
        from_git("HEAD", [tmp_path])


def test_previous_and_diff_base_together_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "vmss.json").write_text(template("Flexible"), encoding="utf-8")
    done = run_cli("vmss.json", "--previous", "vmss.json", "--diff-base", "HEAD", cwd=tmp_path)
    assert done.returncode == 2 and "either" in done.stderr


def test_previous_file(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text(template("Uniform"), encoding="utf-8")
    (tmp_path / "vmss.json").write_text(template("Flexible"), encoding="utf-8")
    done = run_cli("vmss.json", "--previous", "old.json", cwd=tmp_path)
    assert done.returncode == 1 and "VMSS-GEN-001" in done.stdout and "old.json" in done.stdout
    assert "VMSS-GEN-001" not in run_cli("vmss.json", cwd=tmp_path).stdout


def test_previous_directory_mirrors_the_linted_tree(tmp_path: Path) -> None:
    for folder, mode in (("now", "Flexible"), ("before", "Uniform")):
        (tmp_path / folder / "app").mkdir(parents=True)
        (tmp_path / folder / "app" / "vmss.json").write_text(template(mode), encoding="utf-8")
    (tmp_path / "now" / "app" / "added.json").write_text(template("Flexible", "api"), encoding="utf-8")
    with from_path(tmp_path / "before", [tmp_path / "now"]) as history:
        report = lint([tmp_path / "now"], Config(), history=history)
    by_file = {result.path.rsplit("/", 1)[-1]: [finding.rule_id for finding in result.findings] for result in report.files}
    assert "VMSS-GEN-001" in by_file["vmss.json"]
    assert "VMSS-GEN-001" not in by_file["added.json"]


def test_previous_file_for_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text(template("Uniform"), encoding="utf-8")
    with pytest.raises(HistoryError, match="mirrors"):
        from_path(tmp_path / "old.json", [tmp_path])


def test_broken_previous_version_keeps_quiet(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text("{ not json", encoding="utf-8")
    (tmp_path / "vmss.json").write_text(template("Flexible"), encoding="utf-8")
    with from_path(tmp_path / "old.json", [tmp_path / "vmss.json"]) as history:
        report = lint([tmp_path / "vmss.json"], Config(), history=history)
    assert not report.findings


def test_attaching_a_new_vm_to_a_profileless_set_only_warns(tmp_path: Path) -> None:
    """VMSS-FLEX-114 without a previous version: the VM is new, so a warning, not an error."""
    bad = Path(__file__).resolve().parent.parent / "fixtures" / "rules" / "VMSS-FLEX-114" / "bad.json"
    report = lint([bad], Config())
    hits = [finding for finding in report.findings if finding.rule_id == "VMSS-FLEX-114"]
    assert [finding.severity.value for finding in hits] == ["warning"]


PARAMETERISED = json.dumps({
    "$schema": SCHEMA,
    "contentVersion": "1.0.0.0",
    "parameters": {"mode": {"type": "string"}},
    "resources": [{
        "type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-07-01", "name": "web",
        "location": "westeurope", "properties": {"orchestrationMode": "[parameters('mode')]", "platformFaultDomainCount": 1},
    }],
}, indent=2)


def parameters(mode: str) -> str:
    schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"
    return json.dumps({"$schema": schema, "contentVersion": "1.0.0.0", "parameters": {"mode": {"value": mode}}}, indent=2)


@needs_git
def test_diff_base_uses_the_parameter_file_of_that_commit(tmp_path: Path) -> None:
    """Only the parameter file changed: the previous version is evaluated with the committed one."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "vmss.json").write_text(PARAMETERISED, encoding="utf-8")
    (root / "vmss.parameters.json").write_text(parameters("Uniform"), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "one")
    (root / "vmss.parameters.json").write_text(parameters("Flexible"), encoding="utf-8")
    done = run_cli("vmss.json", "--diff-base", "HEAD", cwd=root)
    assert done.returncode == 1 and "VMSS-GEN-001" in done.stdout, done.stdout + done.stderr
    with from_git("HEAD", [root / "vmss.json"]) as history:
        from vmss_lint.discover import discover

        job = discover([root / "vmss.json"]).jobs[0]
        previous = history.previous_job(job)
        assert previous is not None and previous.display == "HEAD:" + job.display
        assert [file.read_text(encoding="utf-8") for file in previous.parameter_files] == [parameters("Uniform")]
        folder = history.base
    assert not folder.exists()  # the temporary copy is removed


@needs_git
def test_unchanged_files_have_no_previous_version(repo: Path) -> None:
    with from_git("HEAD", [repo / "infra"]) as history:
        from vmss_lint.discover import discover

        jobs = discover([repo / "infra"]).jobs
        assert [history.previous_job(job) for job in jobs] == [None, None]


@needs_git
def test_diff_base_compares_with_the_merge_base_not_the_tip(repo: Path) -> None:
    """`--diff-base main` on a branch: what changed on main since the branch left it is not the branch's change."""
    git(repo, "branch", "base")  # its tip says Flexible
    git(repo, "checkout", "-q", "-b", "feature", "HEAD~1")  # the branch left it when the set was Uniform
    (repo / "infra" / "notes.json").write_text("{}\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "unrelated change on the branch")
    done = run_cli("infra", "--diff-base", "base", cwd=repo)
    assert done.returncode in (0, 1) and "VMSS-GEN-001" not in done.stdout, done.stdout + done.stderr  # the tip would flag Uniform -> Flexible

    (repo / "infra" / "vmss.json").write_text(template("Flexible"), encoding="utf-8")  # the branch's own change
    done = run_cli("infra", "--diff-base", "base", cwd=repo)
    assert done.returncode == 1 and "VMSS-GEN-001" in done.stdout, done.stdout + done.stderr


@needs_git
def test_diff_base_without_a_common_ancestor_exits_2(repo: Path) -> None:
    tree = subprocess.run(["git", "rev-parse", "HEAD^{tree}"], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()
    orphan = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit-tree", tree, "-m", "no shared history"],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout.strip()
    git(repo, "branch", "unrelated", orphan)
    done = run_cli("infra", "--diff-base", "unrelated", cwd=repo)
    assert done.returncode == 2 and "no common ancestor" in done.stderr and "Traceback" not in done.stderr


def test_previous_file_is_named_relative_to_the_project_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "old").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "old" / "vmss.json").write_text(template("Uniform"), encoding="utf-8")
    (tmp_path / "infra" / "vmss.json").write_text(template("Flexible"), encoding="utf-8")
    from_root = run_cli("infra/vmss.json", "--previous", "old/vmss.json", "--format", "json", cwd=tmp_path)
    from_infra = run_cli("vmss.json", "--previous", "../old/vmss.json", "--format", "json", cwd=tmp_path / "infra")
    assert from_root.returncode == 1 and from_root.stdout == from_infra.stdout
    assert "Uniform in old/vmss.json" in from_root.stdout
