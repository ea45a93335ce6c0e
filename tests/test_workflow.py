"""The GitHub Actions workflow: linted by actionlint, runs the README's test command, and
publishes the strictly built site to GitHub Pages from main only."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.fast

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def actionlint() -> str:
    """Path of the pinned actionlint (requirements-test.txt); fails, never skips."""
    exe = Path(sys.executable).with_name("actionlint")
    found = str(exe) if exe.exists() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is missing: install requirements-test.txt (make install-test)")
    return found


def lint(folder: Path) -> subprocess.CompletedProcess:
    """Run actionlint on every workflow of the repository at ``folder``."""
    return subprocess.run([actionlint(), "-no-color"], cwd=folder, capture_output=True,
                          text=True)


def test_workflow_passes_actionlint():
    proc = lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    (tmp_path / ".git").mkdir()  # actionlint looks for the repository root
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = text.replace("${{ steps.deployment.outputs.page_url }}",
                          "${{ steps.deployment.outputs.page_url }")
    assert broken != text
    (workflows / "book.yml").write_text(broken, encoding="utf-8")
    proc = lint(tmp_path)
    assert proc.returncode != 0 and "book.yml" in proc.stdout


def test_workflow_runs_the_readme_test_command_and_deploys_main_only():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"```bash\n(make test)\n```", readme).group(1)
    runs = [s.get("run") for s in flow["jobs"]["test"]["steps"]]
    assert test_command in runs
    build = flow["jobs"]["build"]
    assert build["needs"] == "test"
    assert "refs/heads/main" in build["if"] and "push" in build["if"]
    assert "make book" in [s.get("run") for s in build["steps"]]
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_workflow_publishes_both_editions_full_at_root_student_under_student():
    """Issue 22: the Pages site is the full edition with the student edition in /student/."""
    build = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]
    runs = [s.get("run") or "" for s in build["steps"]]
    assert "make book" in runs and "make book EDITION=student" in runs
    assemble = next(r for r in runs if "_site" in r)
    # the student build's _build/html/student link is copied as a folder (cp -L)
    assert "cp -rL _build/html _site" in assemble and "_site/student/" in assemble
    upload = next(s for s in build["steps"]
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_site"
    # the build order matters: the student build links itself into the full one
    assert runs.index("make book") < runs.index("make book EDITION=student")
