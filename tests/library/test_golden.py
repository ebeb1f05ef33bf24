"""`dcsim golden` replays the golden scripts; `dcsim list` shows the whole library."""

from __future__ import annotations

from simulator.library import catalog


def test_golden_replays_every_persona_in_every_scenario_and_passes(run):
    done = run("golden")
    assert done.returncode == 0, done.stdout + done.stderr
    for persona in catalog.ids("personas"):
        assert persona in done.stdout
    assert "ended as expected" in done.stdout


def test_golden_for_one_persona_scenario_and_language(run):
    done = run("golden", "prepared", "--scenario", "return_after_window", "--lang", "zh")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken_promise" in done.stdout and "exposure" in done.stdout
    assert "stubborn" not in done.stdout


def test_golden_fails_when_a_call_does_not_end_as_expected(run, tmp_path):
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        "persona: stubborn\n"
        "scripts:\n"
        "  - name: refusing_is_not_a_solution\n"
        "    expect: satisfied\n"
        "    lines:\n"
        "      en: [\"No. We can't do that.\", \"No. We can't do that.\"]\n"
        "      zh: [\"不行,办不了。\", \"不行,办不了。\"]\n", encoding="utf-8")
    done = run("golden", str(wrong), "--scenario", "bill_mismatch")
    assert done.returncode == 1
    assert "mismatch" in done.stdout
    assert "expected satisfied, got escalated" in done.stdout
    assert "refuse" in done.stdout  # the turns that led there are shown


def test_golden_names_an_unknown_persona(run):
    done = run("golden", "nobody")
    assert done.returncode == 2
    assert "no golden scripts" in done.stderr


def test_list_shows_every_persona_and_scenario(run):
    done = run("list")
    assert done.returncode == 0, done.stderr
    for ident in catalog.ids("personas") + catalog.ids("scenarios"):
        assert ident in done.stdout
    for name in ("The prepared customer", "The media-connected customer"):
        assert name in done.stdout


def test_check_knows_a_golden_file_and_checks_them_with_the_library(run):
    done = run("check", str(catalog.data_root() / "golden" / "stubborn.yaml"))
    assert done.returncode == 0, done.stderr
    whole = run("check")
    assert whole.returncode == 0, whole.stderr
    assert "golden/prepared.yaml" in whole.stderr
