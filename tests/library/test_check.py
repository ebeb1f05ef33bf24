"""The persona library: every persona, in every scenario and both languages, can be won and lost.

The golden scripts (`personas/golden/<persona>.yaml`) are the trainee's side of known calls.
Each persona has one that ends with the customer satisfied and several that end in that
persona's own failures; here they are played in-process against every scenario.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import PATIENCE

from simulator.engine.persona import OUTCOMES
from simulator.library import catalog, golden

ROOT = Path(__file__).resolve().parents[2]
PERSONAS = catalog.ids("personas")
SCENARIOS = catalog.ids("scenarios")
LANGS = ("zh", "en")
FAILURES = tuple(o for o in OUTCOMES if o != "satisfied")


@cache
def persona(ident):
    return catalog.persona(ident)


@cache
def scenario(ident):
    return catalog.scenario(ident)


@cache
def scripts(ident):
    return golden.load(ident)


def play(persona_id, script, scenario_id, lang):
    # rules only: the same ending whatever else has loaded the recogniser's semantic layer
    return golden.play(script, persona(persona_id), scenario(scenario_id), lang, semantic=False)


def test_the_library_has_the_six_personas_and_every_scenario():
    assert set(PERSONAS) == {"emotional", "stubborn", "self_righteous", "self_absorbed", "prepared", "media_connected"}
    assert len(SCENARIOS) >= 10


def test_every_persona_has_golden_scripts():
    assert golden.ids() == PERSONAS
    for ident in PERSONAS:
        assert scripts(ident).persona == ident


@pytest.mark.parametrize("ident", PERSONAS)
def test_golden_scripts_win_once_and_lose_in_at_least_two_ways(ident):
    book = scripts(ident)
    assert book.expecting("satisfied"), "a good path"
    bad = [s for s in book.scripts if s.expect in FAILURES]
    assert len(bad) >= 2, "at least two bad paths"
    assert len({tuple(s.lines["en"]) for s in bad}) == len(bad), "bad paths say different things"


@pytest.mark.parametrize("ident", PERSONAS)
def test_every_failure_ending_of_a_persona_is_demonstrated(ident):
    endings = {persona(ident).outcome(s) for s in persona(ident).states} - {None, "satisfied"}
    assert endings, "a persona must be losable"
    assert endings == {s.expect for s in scripts(ident).scripts} - {"satisfied"}


def test_the_media_connected_customer_goes_public_and_the_prepared_one_can_too():
    for ident in ("media_connected", "prepared"):
        assert "exposure" in {persona(ident).outcome(s) for s in persona(ident).states}


@pytest.mark.parametrize("ident", PERSONAS)
def test_every_state_has_at_least_four_distinct_lines_per_language(ident):
    for state in persona(ident).states:
        for lang in LANGS:
            lines = persona(ident).lines(state, lang)
            assert len(set(lines)) == len(lines) >= 4, f"{ident}.{state} ({lang})"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("ident", PERSONAS)
def test_a_good_path_satisfies_and_bad_paths_fail(ident, scenario_id, lang):
    for script in scripts(ident).scripts:
        result = play(ident, script, scenario_id, lang)
        assert result.actual == script.expect, f"{script.name}:\n" + "\n".join(result.trace())
        if script.expect != "satisfied":
            assert result.actual in FAILURES


def play_cli(persona_id, scenario_id, lang, lines, folder):
    """`python -m simulator play … --script FILE --json`, as a coach's tooling would run it."""
    script = folder / "script.txt"
    script.write_text("# a coach's note\n" + "\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "DCSIM_HOME": str(folder / "home")}
    done = subprocess.run([sys.executable, "-m", "simulator", "play", "--persona", persona_id, "--scenario", scenario_id,
                           "--lang", lang, "--script", str(script), "--json"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=PATIENCE)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_scripted_good_call_from_the_command_line(tmp_path):
    written = scripts("self_absorbed").script("recognise_then_act").lines["en"]
    lines = [catalog.scenario("lost_policy").scripted(line, "en") for line in written]  # {resolution} filled in
    call = play_cli("self_absorbed", "lost_policy", "en", lines, tmp_path)
    assert call["outcome"] == "satisfied"
    assert [t["text"] for t in call["turns"]] == lines
    assert call["turns"][0]["moves"] == ["thank"]


def test_a_scripted_bad_call_from_the_command_line(tmp_path):
    lines = scripts("media_connected").script("brush_off").lines["zh"]
    call = play_cli("media_connected", "missed_connection", "zh", lines, tmp_path)
    assert call["outcome"] == "exposure"
    assert [t["state"] for t in call["turns"]] == ["threatening_exposure", "exposure"]


SEEDS = ROOT.parent / "shared" / "seeds"
COPIED = 12  # this many identical Chinese characters in a row is a copied sentence, not a shared fact


def chinese(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source material is not beside this checkout")
def test_no_persona_scenario_or_golden_line_is_copied_from_the_source_material():
    source = "".join(chinese(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt")))
    copied = {source[i:i + COPIED] for i in range(len(source) - COPIED + 1)}
    data = ROOT / "simulator" / "data"
    files = sorted(data.glob("personas/*.yaml")) + sorted(data.glob("golden/*.yaml")) + sorted(data.glob("scenarios/*.yaml"))
    found = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            ours = chinese(line)
            found += [f"{path.relative_to(ROOT)}:{n}: {ours[i:i + COPIED]}"
                      for i in range(len(ours) - COPIED + 1) if ours[i:i + COPIED] in copied][:1]
    assert not found, "rewrite these in your own words:\n" + "\n".join(found)
