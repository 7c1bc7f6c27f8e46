"""A normal (non-editable) install works from any folder: the wheel carries data/, ontology/, queries/ and
the models as package data.

The wheel is built offline (no build isolation: setuptools comes from the project's venv, `make install`
puts it there) from a copy of the working tree, installed with --no-deps into a fresh venv outside the
checkout whose dependencies are the project venv's (a .pth file: no download), and run from a folder
that holds nothing of the checkout. Its answers must be the checkout's answers.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "kg-store", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", "dist")
TEXT = "本报讯 2023年，星河精密机械有限公司高级技师周海涛荣获全国五一劳动奖章。\n"

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `bin` folder of a fresh venv holding only the wheel."""
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(REPO, work / "src", ignore=NOT_COPIED)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", str(work / "dist"), str(work / "src")], work)
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("laomo_kg-*.whl"))
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work)
    (Path(purelib.stdout.strip()) / "project_dependencies.pth").write_text(
        "".join(p + "\n" for p in site.getsitepackages()), encoding="utf-8")
    done = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
                 str(wheel)], work)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(work / "src")  # nothing of the source tree is left to fall back on
    return venv / "bin"


@pytest.fixture
def outside(tmp_path) -> tuple[Path, dict[str, str]]:
    """A folder outside the checkout, and an environment that points nowhere into it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "PYTHON"))}
    return tmp_path, env


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, outside):
    cwd, env = outside
    found = _run([str(installed / "python"), "-c", "import kg, kg.resources as r; print(kg.__file__); "
                  "print(r.data_dir()); print(r.shipped_dir('queries'))"], cwd, env)
    assert found.returncode == 0, found.stderr
    module, data, queries = found.stdout.split()
    venv = installed.parent
    assert Path(module).is_relative_to(venv) and Path(data).is_relative_to(venv) and Path(queries).is_relative_to(venv)
    assert (Path(data) / "models" / "ner" / "MANIFEST.json").is_file() and not (Path(data) / "gold").exists()


def test_extract_on_a_small_file_with_the_shipped_models(installed, outside):
    cwd, env = outside
    (cwd / "news.txt").write_text(TEXT, encoding="utf-8")
    result = _run([str(installed / "kg"), "extract", "news.txt", "-j", "1"], cwd, env)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert {"subject": "周海涛", "predicate": "awarded", "object": "全国五一劳动奖章", "year": 2023} in [
        {k: r.get(k) for k in ("subject", "predicate", "object", "year")} for r in record["relations"]]


def test_build_and_who_received_give_the_checkout_answers(installed, outside, tmp_path_factory):
    cwd, env = outside
    build = _run([str(installed / "kg"), "build", "--no-model", "-j", "1"], cwd, env)
    assert build.returncode == 0, build.stderr
    assert (cwd / "kg-store" / "manifest.json").is_file()
    wheel = _run([str(installed / "kg"), "who-received", "五一劳动奖章", "--format", "json"], cwd, env)
    assert wheel.returncode == 0, wheel.stderr
    rows = json.loads(wheel.stdout)
    assert any(r["honour"] == "全国五一劳动奖章" for r in rows)

    here = tmp_path_factory.mktemp("checkout")
    kg = str(Path(sys.executable).with_name("kg"))
    assert _run([kg, "build", "--no-model", "-j", "1"], here).returncode == 0
    checkout = json.loads(_run([kg, "who-received", "五一劳动奖章", "--format", "json"], here).stdout)
    strip = [{k: v for k, v in r.items() if k != "source"} for r in rows]  # the corpus lives elsewhere
    assert strip == [{k: v for k, v in r.items() if k != "source"} for r in checkout]


def test_named_queries_and_the_ontology_are_found(installed, outside):
    cwd, env = outside
    listed = _run([str(installed / "kg"), "query", "--list"], cwd, env)
    assert listed.returncode == 0 and "union-hierarchy" in listed.stdout
    assert _run([str(installed / "kg"), "build", "--no-model", "-j", "1"], cwd, env).returncode == 0
    valid = _run([str(installed / "kg"), "validate"], cwd, env)
    assert valid.returncode == 0 and "conforms" in valid.stdout, valid.stdout + valid.stderr
