"""The pre-commit hooks, run by the real `pre-commit` tool against this repository."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

# Installing the hook's environment takes a minute: run with `pytest -m slow` (CI does).
pytestmark = pytest.mark.slow
pytest.importorskip("pre_commit")
if not (ROOT / ".git").exists():
    pytest.skip("the project is not a git checkout", allow_module_level=True)

BAD = "# Report\n\nThe plan became a hot search among officials.\n"
GOOD = "# Report\n\nThe plan became a trending topic among officials.\n"
FIXABLE = "# Report\n\nExports grew , and imports fell .\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    path = tmp_path_factory.mktemp("content")
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    for name, text in (
        ("bad.md", BAD),
        ("good.md", GOOD),
        ("fixable.md", FIXABLE),
        ("notes.txt", BAD),
    ):
        (path / name).write_text(text)
    (path / "script.py").write_text('print("a hot search")\n')  # not prose: never checked
    subprocess.run(["git", "-C", str(path), "add", "."], check=True)
    return path


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    environ = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")))
    environ.pop("PRE_COMMIT_ALLOW_NO_CONFIG", None)
    return environ


def try_repo(repo, env, hook, *files):
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", *files]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_hook_fails_on_artifacts_and_passes_clean_text(repo, env):
    bad = try_repo(repo, env, "mtpolish", "bad.md", "notes.txt", "script.py")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:3:19: zh-en/hot-search [major]" in bad.stdout
    assert "notes.txt:3:19: zh-en/hot-search" in bad.stdout
    assert "script.py" not in bad.stdout
    good = try_repo(repo, env, "mtpolish", "good.md", "script.py")
    assert good.returncode == 0, good.stdout + good.stderr


def test_fix_hook_repairs_safe_issues(repo, env):
    first = try_repo(repo, env, "mtpolish-fix", "fixable.md")
    assert first.returncode == 1, first.stdout + first.stderr  # it changed the file
    assert (repo / "fixable.md").read_text() == "# Report\n\nExports grew, and imports fell.\n"
    second = try_repo(repo, env, "mtpolish-fix", "fixable.md")
    assert second.returncode == 0, second.stdout + second.stderr
    untouched = try_repo(repo, env, "mtpolish-fix", "bad.md")  # nothing safe to fix
    assert untouched.returncode == 0, untouched.stdout + untouched.stderr
    assert (repo / "bad.md").read_text() == BAD


def test_hook_manifest_is_prose_only():
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"mtpolish", "mtpolish-fix"}
    for hook in hooks.values():
        assert hook["types_or"] == ["markdown", "plain-text"]
        assert hook["entry"].startswith("mtpolish check")
