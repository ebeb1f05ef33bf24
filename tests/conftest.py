"""Shared fixtures: the real library, a private DCSIM_HOME, and running `dcsim` as a user would."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# A loaded CI machine is slow: no hypothesis example may fail for taking long.
settings.register_profile("dcsim", deadline=None)
settings.load_profile("dcsim")

from simulator.library import catalog

REPO = Path(__file__).resolve().parent.parent

#: How long a test waits for a process, a screen or a file before calling it hung: a guard, never a
#: measurement. Generous, because a loaded CI machine runs everything several times slower (`dcsim test`
#: took 57 s for 12 s of CPU beside other test runs); a passing test goes on as soon as its condition holds.
PATIENCE = 300

# No test reads a coach's real library or transcripts: until a test sets its own, DCSIM_HOME is empty.
os.environ["DCSIM_HOME"] = tempfile.mkdtemp(prefix="dcsim-tests-")
# The encoder's unpacked weights (a speed cache) are written once for the whole run, not in ~/.cache.
_CACHE = tempfile.mkdtemp(prefix="dcsim-cache-")
os.environ.setdefault("DCSIM_CACHE", _CACHE)
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


def dcsim_command() -> list[str]:
    """The installed `dcsim` beside this interpreter, as a user runs it; `python -m simulator` if absent."""
    script = Path(sys.executable).parent / "dcsim"
    return [str(script)] if script.exists() else [sys.executable, "-m", "simulator"]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh DCSIM_HOME, so no test reads or writes the real user data folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("DCSIM_HOME", str(folder))
    return folder


@pytest.fixture
def run(home):
    """Run `dcsim ARGS…` in a subprocess; returns the CompletedProcess (text, replaced bad bytes)."""
    def run(*args: str, stdin: bytes | str | None = None, cwd: Path | None = None, env: dict | None = None,
            timeout: float = PATIENCE) -> subprocess.CompletedProcess:
        env = {**os.environ, "DCSIM_HOME": str(home), "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run([*dcsim_command(), *args], input=data if data is not None else b"",
                              capture_output=True, cwd=cwd, env=env, timeout=timeout)
        return subprocess.CompletedProcess(done.args, done.returncode,
                                           done.stdout.decode("utf-8", "replace"),
                                           done.stderr.decode("utf-8", "replace"))
    return run


@pytest.fixture(scope="session")
def emotional():
    return catalog.persona("emotional")


@pytest.fixture(scope="session")
def stubborn():
    return catalog.persona("stubborn")


@pytest.fixture(scope="session")
def line_cut_off():
    return catalog.scenario("line_cut_off")


def pytest_collection_modifyitems(items):
    """A test that runs `dcsim` in a subprocess is end to end: `make test-fast` leaves it out."""
    for item in items:
        if "run" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
