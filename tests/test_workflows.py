"""GitHub Actions workflows: valid against the workflow schema
(check-jsonschema's vendored copy, offline), and each does its job: tests on
every pull request, deploy from main with SITE_URL and REPO_URL, a weekly
external-link check that `make test` never runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK_JSONSCHEMA = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def run_text(data: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(data))


def test_workflows_match_the_github_workflow_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"test.yml", "deploy.yml", "linkcheck.yml"}
    result = subprocess.run([*CHECK_JSONSCHEMA, *map(str, files)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("fault,old,new", [
    ("a misspelt trigger", "  pull_request:\n", "  pull_requests:\n"),
    ("a job without runs-on", "    runs-on: ubuntu-latest\n", ""),
])
def test_the_schema_check_catches_a_planted_fault_naming_the_file(tmp_path, fault, old, new):
    text = (WORKFLOWS / "test.yml").read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "test.yml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = subprocess.run([*CHECK_JSONSCHEMA, str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, f"{fault} was not caught"
    assert str(broken) in result.stdout + result.stderr


def test_every_pull_request_runs_make_test():
    data = workflow("test.yml")
    assert "pull_request" in data["on"]
    assert "bash .ci/run" in run_text(data) and "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_main_is_built_and_deployed_to_github_pages_with_its_addresses():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    deploy = next(job for job in data["jobs"].values()
                  if any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job["steps"]))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    build = next(step for step in steps(data) if "make build" in step.get("run", ""))
    assert set(build["env"]) >= {"SITE_URL", "REPO_URL"}
    uses = [step.get("uses", "") for step in steps(data)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    upload = next(step for step in steps(data) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"


def test_external_links_are_checked_weekly_and_never_by_make_test():
    data = workflow("linkcheck.yml")
    assert data["on"]["schedule"][0]["cron"].split()[-1] in {"0", "1", "2", "3", "4", "5", "6", "7"}
    assert "make linkcheck-external" in run_text(data)
    dry_run = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "linkcheck" not in dry_run.stdout, dry_run.stdout
    for name in ("test.yml", "deploy.yml"):
        assert "linkcheck" not in run_text(workflow(name))
