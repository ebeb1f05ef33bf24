"""A trainee's progress and a team report, from stored calls, in the terminal and in every export."""

from __future__ import annotations

import html
import json
from functools import partial
from io import StringIO

import pytest
from rich.console import Console

from calls import bad_script, good_script
from simulator.engine.session import Session
from simulator.library import catalog
from simulator.library.store import Keeper, Store
from simulator.recognition.recogniser import recognise
from simulator.ui.progress_view import (PROGRESS_WRITERS, TEAM_WRITERS, ProgressView, TeamView, summarise)
from simulator.ui.scripted import play_lines


@pytest.fixture
def store(tmp_path) -> Store:
    """ana: two bad calls with the emotional customer, then a good one, then a good one with the stubborn one;
    bo: one good call."""
    store = Store(tmp_path / "dcsim.db")
    plan = [("ana", "emotional", bad_script("en")), ("ana", "emotional", bad_script("en")),
            ("ana", "emotional", good_script("en", "emotional")), ("ana", "stubborn", good_script("en", "stubborn")),
            ("bo", "emotional", good_script("en", "emotional"))]
    for trainee, persona, lines in plan:
        session = Session(catalog.persona(persona), catalog.scenario("line_cut_off"), "en",
                          recogniser=partial(recognise, semantic=False))
        keeper = Keeper(store, session, trainee, (persona, "line_cut_off"), "rules")
        keeper.begin()
        play_lines(session, lines, keeper.turn)
        keeper.end("eof")
    return store


def draw(renderable) -> str:
    console = Console(file=StringIO(), width=120, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_a_summary_has_scores_over_time_step_rates_and_the_commonest_bad_moves(store):
    ana = summarise("ana", store.calls("ana"))
    assert [c["id"] for c in ana.calls] == [1, 2, 3, 4]  # oldest first
    assert ana.scores == [c["score"] for c in ana.calls] and ana.last == ana.scores[-1]
    assert ana.scores[0] < ana.scores[2]
    assert ana.steps["help"] == 0.5 and ana.steps["apologise"] == 0.5
    assert ana.bad_moves[0] == ("policy_wall", 2)  # heard by the rules alone: once in each bad call
    assert list(ana.by_persona) == ["The emotional customer", "The stubborn customer"]
    assert ana.points_by_persona()["The stubborn customer"] == [(3, ana.scores[3])]


def test_progress_in_the_terminal(store):
    text = draw(ProgressView(summarise("ana", store.calls("ana")), "en"))
    assert "Progress: ana" in text and "Scores over time" in text and "4 calls" in text
    assert "By customer type" in text and "The stubborn customer" in text
    assert "Four steps done: apologise 50%" in text and "Most frequent bad moves: policy wall ×" in text


def test_progress_in_chinese_is_chinese(store):
    text = draw(ProgressView(summarise("ana", store.calls("ana")), "zh"))
    assert "进步情况: ana" in text and "四步法完成率: 道歉 50%" in text and "拿规定压人 ×" in text


@pytest.mark.parametrize("suffix", list(PROGRESS_WRITERS))
def test_every_progress_export_names_trainee_date_and_customers(store, suffix):
    text = html.unescape(PROGRESS_WRITERS[suffix](summarise("ana", store.calls("ana")), "en", "2026-12-05"))
    for shown in ("ana", "2026-12-05", "The emotional customer", "The stubborn customer"):
        assert shown in text
    if suffix == ".json":
        data = json.loads(text)
        assert data["calls"] == 4 and [s["id"] for s in data["scores"]] == [1, 2, 3, 4]


def test_the_team_report_has_a_row_per_trainee_and_a_chart(store):
    team = [summarise(name, store.calls(name)) for name in ("ana", "bo")]
    text = draw(TeamView(team, "en"))
    assert "Team report" in text and "Average score" in text
    rows = [line.split() for line in text.splitlines() if line.strip().startswith(("ana", "bo"))]
    assert [row[:2] for row in rows[:2]] == [["ana", "4"], ["bo", "1"]]
    page = TEAM_WRITERS[".html"](team, "zh", "2026-12-05")
    assert "<table>" in page and "团队报告" in page and "<svg" in page and "ana" in page and "bo" in page
