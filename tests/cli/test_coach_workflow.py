"""A coach's whole workflow from an empty folder outside the repository, through the real `dcsim`.

`new` writes a persona and its tests into a library folder; `check`, `lint`, `test` and
`graph` accept it; `play --library DIR --script` plays it with the persona's own openers.
The shipped personas pass the same tools, as CI runs them.
"""

from __future__ import annotations

import json
import shutil

import pytest
import yaml


def test_new_check_lint_test_graph_play_from_an_empty_folder(run, tmp_path):
    folder = tmp_path / "coach"  # nowhere near the repository
    folder.mkdir()
    done = run("new", "persona", "elderly_confused", "--library", "lib", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "wrote lib/personas/elderly_confused.yaml" in done.stdout and "wrote lib/tests/elderly_confused.yaml" in done.stdout
    assert run("new", "scenario", "parcel", "--library", "lib", cwd=folder).returncode == 0

    done = run("check", "--library", "lib", "lib/personas", "lib/scenarios", "lib/tests", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("ok    ") == 3

    done = run("lint", "--strict", "--library", "lib", cwd=folder)
    assert done.returncode == 0, done.stderr

    done = run("test", "lib/tests", cwd=folder)
    assert done.returncode == 0, done.stdout
    assert "PASS elderly_confused/four_steps (en, line_cut_off)" in done.stdout and "3 passed, 0 failed" in done.stdout

    if shutil.which("dot"):
        assert run("graph", "elderly_confused", "--library", "lib", "-o", "e.svg", cwd=folder).returncode == 0
        assert (folder / "e.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")

    tests = yaml.safe_load((folder / "lib/tests/elderly_confused.yaml").read_text(encoding="utf-8"))
    (folder / "lines.txt").write_text("\n".join(tests["tests"][0]["lines"]) + "\n", encoding="utf-8")
    done = run("play", "--library", "lib", "--persona", "elderly_confused", "--scenario", "parcel", "--lang", "en",
               "--script", "lines.txt", "--json", "--no-semantic", cwd=folder)
    assert done.returncode == 0, done.stderr
    call = json.loads(done.stdout)
    assert call["outcome"] == "satisfied"
    persona = yaml.safe_load((folder / "lib/personas/elderly_confused.yaml").read_text(encoding="utf-8"))
    openers = [line.replace("{problem}", "a parcel marked delivered that never arrived") for line in persona["openers"]["en"]]
    assert call["opening"] in openers  # the persona's own first words, not the scenario's


def test_a_failing_coach_test_says_why_and_exits_1(run, tmp_path):
    assert run("new", "persona", "worried", "--library", "lib", cwd=tmp_path).returncode == 0
    path = tmp_path / "lib/tests/worried.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ending: hung_up", "ending: satisfied"), encoding="utf-8")
    done = run("test", "lib/tests/worried.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "FAIL worried/brushed_off (en, line_cut_off)" in done.stdout
    assert "ended hung_up, expected satisfied" in done.stdout
    assert "2 passed, 1 failed" in done.stdout


def test_new_refuses_to_overwrite_and_a_missing_library_is_named(run, tmp_path):
    assert run("new", "persona", "worried", "--library", "lib", cwd=tmp_path).returncode == 0
    done = run("new", "persona", "worried", "--library", "lib", cwd=tmp_path)
    assert done.returncode == 2 and "already exists" in done.stderr
    done = run("list", "--library", "nowhere", cwd=tmp_path)
    assert done.returncode == 2 and "--library nowhere: no such folder" in done.stderr


@pytest.mark.parametrize("command", [("check",), ("lint", "--strict"), ("test",)])
def test_every_shipped_persona_passes_check_lint_and_its_tests(run, tmp_path, command):
    done = run(*command, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
