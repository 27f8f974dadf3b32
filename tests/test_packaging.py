"""A built wheel, installed in a fresh venv, works from outside the checkout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel and install it (with its dependencies) into a new venv."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheels = list(dist.glob("wpkld-*.whl"))
    assert len(wheels) == 1
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    pip = env_dir / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheels[0])], check=True, capture_output=True)
    return env_dir / "bin"


@pytest.mark.slow
def test_wheel_carries_the_data(installed: Path, tmp_path: Path) -> None:
    listing = subprocess.run(
        [str(installed / "python"), "-c",
         "from wpkld import resources as r; import json; print(json.dumps("
         "[len(r.ontology_files()), len(r.dataset_files()), len(r.shapes_files()), len(r.query_files())]))"],
        cwd=tmp_path, check=True, capture_output=True, text=True)
    ontology, dataset, shapes, queries = json.loads(listing.stdout)
    assert ontology >= 1 and dataset >= 8 and shapes >= 3 and queries >= 14


@pytest.mark.slow
def test_wheel_carries_the_graph_prebuilt_and_the_command_opens_it(installed: Path, tmp_path: Path) -> None:
    probe = ("import wpkld, wpkld.prebuilt as p; fast = wpkld.open(prebuilt=True); slow = wpkld.open();"
             " print(p.open_store() is not None, fast.store.read_only, len(fast) == len(slow),"
             " fast.rows('faction-leaders', faction='yanan') == slow.rows('faction-leaders', faction='yanan'))")
    answer = subprocess.run([str(installed / "python"), "-c", probe], cwd=tmp_path, check=True,
                            capture_output=True, text=True).stdout.split()
    assert answer == ["True", "True", "True", "True"]


@pytest.mark.slow
def test_installed_command_answers(installed: Path, tmp_path: Path) -> None:
    helptext = subprocess.run([str(installed / "wpkld"), "--help"], cwd=tmp_path,
                              check=True, capture_output=True, text=True).stdout
    assert "Workers' Party of Korea" in helptext
    answer = subprocess.run([str(installed / "wpkld"), "query", "faction-leaders",
                             "-p", "faction=yanan", "--format", "json"],
                            cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    leaders = {b["leaderLabel"]["value"] for b in json.loads(answer)["results"]["bindings"]}
    assert "Mu Chong" in leaders


@pytest.mark.slow
def test_an_editable_install_reads_the_checkout(tmp_path: Path) -> None:
    """``pip install -e``: the data packages mapped into wpkld (ontology/, dataset/, shapes/) import
    from the source tree, and the command builds the graph from it (there is no prebuilt graph)."""
    source = tmp_path / "checkout"  # a copy: an editable build writes beside the sources
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    subprocess.run([str(env_dir / "bin" / "pip"), "install", "-q", "-e", str(source)],
                   check=True, capture_output=True)
    probe = "import wpkld.resources as r; print(r.files('wpkld.data'), r.prebuilt_graph())"
    where = subprocess.run([str(env_dir / "bin" / "python"), "-c", probe], cwd=tmp_path, check=True,
                           capture_output=True, text=True).stdout.split()
    assert where == [str(source / "dataset"), "None"]
    answer = subprocess.run([str(env_dir / "bin" / "wpkld"), "query", "faction-leaders",
                             "-p", "faction=yanan", "--format", "json"],
                            cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert "Mu Chong" in {b["leaderLabel"]["value"] for b in json.loads(answer)["results"]["bindings"]}
