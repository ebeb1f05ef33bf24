"""One label table for every screen and report, complete in both languages."""

from __future__ import annotations

import re

import pytest

from calls import bad_script, good_script
from simulator.engine.session import Session
from simulator.library import catalog
from simulator.moves import BAD_MOVES, FOUR_STEPS, MOVES
from simulator.score import customer_mood
from simulator.score.report import debrief_session
from simulator.ui import labels
from simulator.ui.export import to_markdown
from simulator.ui.scripted import play_lines

LATIN = re.compile(r"[A-Za-z]{3,}")


def test_every_move_step_outcome_and_cue_has_both_languages():
    table = labels.table()
    assert set(MOVES) <= set(table["moves"]) and set(FOUR_STEPS) <= set(table["steps"])
    assert {"satisfied", "escalated", "hung_up", "exposure"} <= set(table["outcomes"])
    assert {c.name for c in customer_mood.lexicon().categories} <= set(table["cues"])
    assert all(labels.situation(move, "zh") != move for move in BAD_MOVES)


def test_the_table_is_schema_checked(tmp_path):
    from simulator import datafile

    broken = tmp_path / "labels.yaml"
    broken.write_text(datafile.packaged("labels.yaml").read_text("utf-8").replace("zh: 道歉}", "}", 1), "utf-8")
    with pytest.raises(datafile.DataError, match="has no `zh`"):
        datafile.load(broken, "labels")


def calls(lang: str) -> list[Session]:
    """Calls that earn, miss and lose points in every way the scripts know."""
    out = []
    for persona in catalog.ids("personas"):
        for script in (good_script(lang, persona), bad_script(lang), good_script(lang, persona)[1:3]):
            out.append(play_lines(Session(catalog.persona(persona), catalog.scenario("bill_mismatch"), lang), script))
    return out


def test_every_explanation_the_scorer_gives_has_its_chinese():
    for session in calls("zh"):
        for item in debrief_session(session).score.items:
            assert labels.note(item.note, "zh"), f"no Chinese for the note {item.note!r}: add it to labels.yaml"


def test_a_chinese_report_has_no_english_words_of_ours():
    """Move names, outcomes, items and explanations are Chinese; only the customer's own words may not be."""
    for session in calls("zh"):
        md = to_markdown(debrief_session(session))
        ours = "\n".join(line for line in md.splitlines() if not line.startswith("```"))
        assert not LATIN.findall(ours.replace("dcsim", "")), LATIN.findall(ours)
