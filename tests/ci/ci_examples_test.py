#!/usr/bin/env python3
"""The CI examples (examples/ci/) run as their CI systems would run them.

The shell of each step or job is taken from the YAML and run with bash in a
fresh git repository holding a tiny suite, with the real perfgate on PATH:
first as the main branch (its run is stored), then as a pull/merge request
whose head makes one benchmark three times slower. The request's gate must
fail with exit 1, leave the Markdown comment and the JUnit file behind, and
name the slow benchmark; an unchanged head must pass. Steps that are GitHub
actions (checkout, cache, comment, upload) or builds are not run: the store
simply stays in the folder, as the cache would restore it.

usage: ci_examples_test.py PERFGATE_BIN SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import yaml

SUITE = """
[suite]
name = "ci-example"
[defaults]
warmup = 0
runs = 6
# Wide limits: the unchanged head must pass on a loaded CI machine too; the
# slow head is three times slower.
warning = "25%"
critical = "50%"
[[benchmark]]
name = "decode"
shell = "sleep ${SLOW:-0.01}"
[[benchmark]]
name = "prefill"
shell = "sleep 0.01"
"""

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def sh(script, cwd, env, check_rc=None):
    r = subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env,
                       capture_output=True, text=True)
    if check_rc is not None and r.returncode != check_rc:
        print(r.stdout[-3000:], r.stderr[-3000:], sep="\n")
    return r


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def new_repo(root):
    os.makedirs(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "ci")
    with open(os.path.join(root, "perfgate.toml"), "w") as f:
        f.write(SUITE)
    git(root, "add", "perfgate.toml")
    git(root, "commit", "-q", "-m", "suite")


def base_env(bindir):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "CI_", "GITLAB"))}
    env["PATH"] = bindir + os.pathsep + env["PATH"]
    env["NO_COLOR"] = "1"
    return env


def github(perfgate_dir, source, tmp):
    doc = yaml.safe_load(open(os.path.join(source, "examples/ci/github-actions.yml")))
    steps = {s["name"]: s for s in doc["jobs"]["bench"]["steps"] if "name" in s}
    smoke = [s["run"] for s in doc["jobs"]["smoke"]["steps"] if "run" in s and "make" not in s["run"]]
    for slow, expect in (("0.03", 1), ("0.01", 0)):
        repo = os.path.join(tmp, "gh-" + slow)
        new_repo(repo)
        env = base_env(perfgate_dir)
        r = sh(steps["Run the suite"]["run"], repo, dict(env, GITHUB_REF_TYPE="branch", GITHUB_REF_NAME="main"), 0)
        check(r.returncode == 0, "github: main's run is stored")
        git(repo, "checkout", "-q", "-b", "feature")
        pr = dict(env, SLOW=slow, GITHUB_HEAD_REF="feature",
                  GITHUB_STEP_SUMMARY=os.path.join(repo, "summary.md"))
        r = sh(steps["Run the suite"]["run"], repo, pr, 0)
        check(r.returncode == 0, "github: the pull request's run")
        r = sh(steps["Compare with main (the gate)"]["run"], repo, pr, expect)
        check(r.returncode == expect, f"github: the gate exits {expect} with decode at sleep {slow} (got {r.returncode})")
        comment = open(os.path.join(repo, "perfgate-comment.md")).read()
        check(comment.startswith("<!-- perfgate-report -->"), "github: the comment starts with the marker the script looks for")
        check(os.path.exists(os.path.join(repo, "summary.md")), "github: the job summary is written")
        junit = ET.parse(os.path.join(repo, "perfgate-junit.xml")).getroot()
        failed = [tc.get("classname", "") + " " + tc.get("name", "") for tc in junit.iter("testcase")
                  if tc.find("failure") is not None]
        if expect == 1:
            check(any("decode" in f for f in failed), f"github: JUnit fails decode ({failed})")
            check(any(l.startswith("::error title=perfgate%3A decode") for l in r.stdout.splitlines()),
                  "github: an ::error annotation for decode")
        else:
            check(not any(l.startswith("::error") for l in r.stdout.splitlines()),
                  "github: no ::error for an unchanged head")
        for script in smoke:
            r = sh(script, repo, dict(pr, GITHUB_ACTIONS="true", SLOW="0.01"), 0)
            check(r.returncode == 0 and "::notice title=perfgate smoke" in r.stdout,
                  "github: the smoke job annotates and passes")


def gitlab(perfgate_dir, source, tmp):
    doc = yaml.safe_load(open(os.path.join(source, "examples/ci/gitlab-ci.yml")))
    script = lambda job: "\n".join(doc[job]["script"])
    repo = os.path.join(tmp, "gl")
    new_repo(repo)
    env = dict(base_env(perfgate_dir), CI_DEFAULT_BRANCH="main")
    git(repo, "checkout", "-q", "--detach")  # GitLab checks out a detached HEAD
    r = sh(script("perfgate-main"), repo, dict(env, CI_COMMIT_BRANCH="main"), 0)
    check(r.returncode == 0, "gitlab: main's run is stored")
    mr = dict(env, SLOW="0.03", CI_MERGE_REQUEST_SOURCE_BRANCH_NAME="feature",
              CI_PIPELINE_SOURCE="merge_request_event")
    r = sh(script("perfgate-mr"), repo, mr, 1)
    check(r.returncode == 1, f"gitlab: the merge request's gate exits 1 (got {r.returncode})")
    check("base:      branch:main" in r.stdout,
          "gitlab: main's run was found by branch in a detached checkout")
    junit = ET.parse(os.path.join(repo, "perfgate-junit.xml")).getroot()
    check(any(tc.find("failure") is not None and "decode" in (tc.get("classname", "") + tc.get("name", ""))
              for tc in junit.iter("testcase")), "gitlab: the JUnit report fails decode")
    r = sh(script("perfgate-smoke"), repo, dict(env, SLOW="0.01"), 0)
    check(r.returncode == 0, "gitlab: the smoke job passes")


def main():
    perfgate_bin, source = sys.argv[1], sys.argv[2]
    bindir = tempfile.mkdtemp(prefix="perfgate-ci-bin-")
    os.symlink(os.path.abspath(perfgate_bin), os.path.join(bindir, "perfgate"))
    tmp = tempfile.mkdtemp(prefix="perfgate-ci-")
    try:
        github(bindir, source, tmp)
        gitlab(bindir, source, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(bindir, ignore_errors=True)
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
