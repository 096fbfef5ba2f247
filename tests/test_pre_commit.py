"""The shipped pre-commit hook, run by the real pre-commit (4.x) in a throw-away git
repository: a copy of the programme (model, shared parties, three cities) beside other
tools' YAML that convgen cannot read. The hook's entry, arguments and file types are read
from .pre-commit-hooks.yaml, so that the definition shipped is the one tested; only its
``language`` becomes ``system`` (the ``python`` language would install convgen from the
network). No network is used."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

MODEL = Path("conventions/models/maison-des-competences.yaml")
CITIES = ("chaumont.yaml", "epinal.yaml", "verdun.yaml")

MKDOCS = """\
site_name: Programme
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
KUBERNETES = """\
apiVersion: v1
kind: Namespace
metadata:
  name: conventions
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: site
  namespace: conventions
"""
CLOUDFORMATION = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-conventions"
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git absent")
    repo = tmp_path / "programme"
    source = ROOT / "conventions"
    for folder in ("models", "parties", "annexes"):
        shutil.copytree(source / folder, repo / "conventions" / folder)
    for city in CITIES:
        shutil.copy(source / city, repo / "conventions" / city)
    (repo / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (repo / "deploy").mkdir()
    (repo / "deploy" / "site.yaml").write_text(KUBERNETES, encoding="utf-8")
    (repo / "deploy" / "bucket.yaml").write_text(CLOUDFORMATION, encoding="utf-8")
    [shipped] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = {**shipped, "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent  # this venv's convgen and pre-commit
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(bin_dir / "pre-commit"), "run", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_shipped_hook_passes_on_the_programme_and_skips_other_tools_yaml(repo: Path) -> None:
    run = _pre_commit(repo, "--all-files")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "convgen check" in run.stdout and "Passed" in run.stdout
    # verbose: the drafts' warnings are shown although the hook passes
    assert "avertissement CG101" in run.stdout
    for city in CITIES:
        assert f"conventions/{city} : aucune erreur" in run.stdout
    for other in ("mkdocs.yml", "deploy/site.yaml", "deploy/bucket.yaml"):
        assert other not in run.stdout


def test_a_model_that_breaks_every_city_fails_the_hook(repo: Path) -> None:
    model = repo / MODEL
    text = model.read_text(encoding="utf-8")
    assert "\n  copies: 7\n" in text
    model.write_text(text.replace("\n  copies: 7\n", "\n  copies: 3\n"), encoding="utf-8")
    _git(repo, "add", str(MODEL))
    run = _pre_commit(repo, "--files", str(MODEL))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Failed" in run.stdout
    assert f"{MODEL}:" in run.stdout and "CG301" in run.stdout
    for city in CITIES:
        assert f"conventions/{city} : 1 erreur" in run.stdout
    assert "4 fichiers vérifiés : 3 erreurs" in run.stdout


def test_a_shared_party_is_checked_in_the_cities_using_it(repo: Path) -> None:
    party = Path("conventions/parties/prefecture.yaml")
    run = _pre_commit(repo, "--files", str(party))
    assert run.returncode == 0, run.stdout + run.stderr
    for city in CITIES:
        assert f"conventions/{city} : aucune erreur" in run.stdout
    assert "4 fichiers vérifiés" in run.stdout
