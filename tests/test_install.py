"""A plain install works: the wheel carries its personas, scenarios and lexicons, found from any folder."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with dcsim installed from a built wheel (not editable).

    The dependencies are borrowed from this interpreter's site-packages through a `.pth`
    line, so the test needs no network; the package itself comes only from the wheel.
    """
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(wheels), str(REPO)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("dcsim-*.whl"))
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return python


def dcsim(python: Path, *args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "simulator", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=300, env={"PATH": "/usr/bin:/bin", "DCSIM_HOME": str(cwd / "home"),
                                                     "COLUMNS": "200", "NO_COLOR": "1"})


def test_the_wheel_lists_every_persona_and_scenario_from_another_folder(installed, tmp_path):
    from simulator.library import catalog

    done = dcsim(installed, "list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for ident in catalog.ids("personas") + catalog.ids("scenarios"):
        assert ident in done.stdout


def test_the_wheel_plays_a_scripted_call_from_another_folder(installed, tmp_path):
    import json

    done = dcsim(installed, "play", "--persona", "stubborn", "--scenario", "bill_mismatch", "--lang", "en",
                 "--seed", "3", "--no-semantic", "--script", "-", "--json",
                 stdin="I'm so sorry about this.\nThat must be so frustrating.\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    call = json.loads(done.stdout)
    assert len(call["turns"]) == 2 and "score" in call and "outcome" in call
    assert call["turns"][0]["moves"] == ["apologise"]


def test_the_wheel_is_imported_from_the_install_not_the_checkout(installed, tmp_path):
    done = subprocess.run([str(installed), "-c", "import simulator; print(simulator.__file__)"],
                          capture_output=True, text=True, cwd=tmp_path, check=True)
    assert not done.stdout.strip().startswith(str(REPO))
