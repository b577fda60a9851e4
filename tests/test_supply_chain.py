"""A supply chain that cannot change under us: every GitHub Action pinned by
commit SHA (its version in a comment), workflows read-only unless a job needs
more (only the Pages deploy writes), no pull_request_target; every Python
package pinned and hashed, generated from requirements.in and installed with
--require-hashes; npm from lockfiles; Dependabot for all three, grouped.

Checked offline: nothing here reaches GitHub or a registry. Each check is a
function returning problems, proved on a planted fault."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
#: A job may write only these scopes, and only in the job that publishes to Pages.
DEPLOY_WRITES = {"pages": "write", "id-token": "write"}

_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
_VERSION_COMMENT = re.compile(r"^\s*#\s*v\d+(?:\.\d+){0,2}\s*$")
_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def load_workflow(text: str) -> dict:
    data = yaml.safe_load(text)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


# The checks --------------------------------------------------------------------------------

def action_pin_problems(text: str) -> list[str]:
    """Every ``uses:`` names an action by a full 40-character commit SHA,
    followed by a ``# vX.Y.Z`` comment (the release it is). Local actions
    (``./...``) are ours and exempt."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _USES.match(line)
        if not match or match.group(1).startswith("./"):
            continue
        target, rest = match.group(1).strip("'\""), match.group(2)
        if not _PIN.match(target):
            problems.append(f"line {number}: {target} is not pinned to a 40-character commit SHA")
        elif not _VERSION_COMMENT.match(rest):
            problems.append(f"line {number}: {target} has no '# vX.Y.Z' comment saying which release it is")
    return problems


def permission_problems(text: str) -> list[str]:
    """``permissions:`` is set at the top and grants reading only; a job
    widens it only to publish to Pages (the job running deploy-pages); no
    ``pull_request_target`` trigger (it runs with write access on code from
    forks)."""
    data = load_workflow(text)
    problems = []
    triggers = data["on"] if isinstance(data["on"], (dict, list)) else [data["on"]]
    if "pull_request_target" in triggers:
        problems.append("pull_request_target runs untrusted code with write access: use pull_request")
    top = data.get("permissions")
    if not isinstance(top, dict):
        problems.append("no top-level 'permissions:' mapping (set 'contents: read')")
    else:
        problems += [f"top-level permission {k}: {v} (only read or none)" for k, v in top.items() if v not in ("read", "none")]
    for name, job in data["jobs"].items():
        perms = job.get("permissions", {})
        if not isinstance(perms, dict):
            problems.append(f"job {name}: permissions must be a mapping, not {perms!r}")
            continue
        writes = {k: v for k, v in perms.items() if v == "write"}
        deploys = any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job.get("steps", []))
        if writes and not (deploys and writes.items() <= DEPLOY_WRITES.items()):
            problems.append(f"job {name} writes {sorted(writes)}: only the Pages deploy job may write (pages, id-token)")
    return problems


def lock_problems(lock: str, pins: str) -> list[str]:
    """Every requirement of the lock is ``name==version`` with at least one
    ``--hash=sha256:``; every exact pin of requirements.in is in the lock at
    the same version (else `make lock` was not run)."""
    problems, locked = [], {}
    entries = re.split(r"\n(?=\S)", "\n".join(l for l in lock.splitlines() if not l.lstrip().startswith("#")))
    for entry in filter(str.strip, entries):
        match = _REQUIREMENT.match(entry)
        if not match:
            problems.append(f"not pinned with '==': {entry.split()[0]}")
            continue
        name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
        locked[name] = match.group(2)
        if not re.search(r"--hash=sha256:[0-9a-f]{64}", entry):
            problems.append(f"{match.group(1)}=={match.group(2)} has no --hash")
    for line in pins.splitlines():
        match = _REQUIREMENT.match(line.strip())
        if not match and line.strip() and not line.lstrip().startswith("#"):
            problems.append(f"requirements.in: '{line.strip()}' is not an exact pin (name==version)")
        elif match:
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            if locked.get(name) != match.group(2):
                problems.append(f"requirements.in pins {match.group(1)}=={match.group(2)}, the lock has "
                                f"{locked.get(name, 'nothing')}: run `make lock`")
    return problems


# The real files ----------------------------------------------------------------------------

def workflow_files() -> list[Path]:
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert len(files) >= 3
    return files


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_actions_are_pinned_by_sha_and_permissions_are_least(path):
    text = path.read_text(encoding="utf-8")
    assert "uses:" in text
    problems = action_pin_problems(text) + permission_problems(text)
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_every_python_package_is_pinned_and_hashed_and_the_lock_is_current():
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "pip-compile" in lock.split("\n\n", 1)[0], "requirements.txt is not generated by pip-compile (make lock)"
    problems = lock_problems(lock, (ROOT / "requirements.in").read_text(encoding="utf-8"))
    assert not problems, "requirements.txt / requirements.in:\n" + "\n".join(problems)


def test_installs_check_hashes_and_npm_installs_from_lockfiles():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if re.search(r"pip install\b", line)]
    assert installs and all("--require-hashes -r requirements.txt" in line for line in installs), installs
    assert "make lock" in (ROOT / "README.md").read_text(encoding="utf-8")
    npm = [line for line in makefile.splitlines() if re.search(r"\bnpm (install|ci|i)\b", line)]
    assert npm and all(" ci " in line + " " for line in npm), npm
    for manifest in (ROOT / "package.json", ROOT / "bench" / "package.json"):
        lock = json.loads((manifest.parent / "package-lock.json").read_text(encoding="utf-8"))
        packages = {name: info for name, info in lock["packages"].items() if name}
        assert lock["lockfileVersion"] >= 2 and packages, manifest
        for name, info in packages.items():
            assert info.get("integrity", "").startswith("sha512-"), f"{manifest.parent.name}: {name} has no sha512 integrity"


def test_dependabot_updates_pip_npm_and_actions_in_groups():
    check = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(DEPENDABOT)]
    result = subprocess.run(check, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]
    folders = {(u["package-ecosystem"], d) for u in updates for d in u.get("directories", [u.get("directory")])}
    assert folders >= {("pip", "/"), ("npm", "/"), ("npm", "/bench"), ("github-actions", "/")}, folders
    assert all(u.get("groups") for u in updates), "every ecosystem groups its updates"


# The checks catch planted faults -----------------------------------------------------------

def test_pin_check_catches_a_tag_a_short_sha_and_a_missing_comment():
    good = "      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0\n"
    assert action_pin_problems(good) == []
    assert action_pin_problems("      - uses: actions/checkout@v4\n")
    assert action_pin_problems("      - uses: actions/checkout@11d5960\n")
    assert action_pin_problems(good.replace(" # v4.4.0", ""))
    assert "line 2" in action_pin_problems("steps:\n  - uses: 'actions/cache@main'\n")[0]


@pytest.mark.parametrize("fault,old,new", [
    ("a write permission at the top", "permissions:\n  contents: read\n", "permissions:\n  contents: write\n"),
    ("no top-level permissions", "permissions:\n  contents: read\n", ""),
    ("pull_request_target", "  pull_request:\n", "  pull_request_target:\n"),
])
def test_permission_check_catches_a_planted_fault(fault, old, new):
    text = (WORKFLOWS / "test.yml").read_text(encoding="utf-8")
    assert old in text
    assert permission_problems(text.replace(old, new, 1)), f"{fault} was not caught"


def test_permission_check_allows_pages_writes_only_in_the_deploy_job():
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert permission_problems(text) == []
    widened = text.replace("      contents: read\n      pages: read\n", "      contents: write\n      pages: write\n", 1)
    assert widened != text and permission_problems(widened)


def test_lock_check_catches_a_missing_hash_a_loose_pin_and_a_stale_lock():
    lock = "a==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\nb==2.0 \\\n    --hash=sha256:" + "1" * 64 + "\n"
    assert lock_problems(lock, "a==1.0\n") == []
    assert lock_problems(lock + "c==3.0\n", "a==1.0\n") == ["c==3.0 has no --hash"]
    assert lock_problems(lock + "d>=1\n", "")
    assert "run `make lock`" in lock_problems(lock, "a==1.1\n")[0]
    assert "not an exact pin" in lock_problems(lock, "a>=1\n")[0]
