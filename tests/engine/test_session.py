"""The engine: one call, turn by turn. Most tests use a recogniser that hears move names spelt out,
so they say exactly which moves the trainee made; the last ones use the real recogniser."""

import random

import pytest
from calls import bad_script, good_script

from simulator.engine.session import LineDeck, Session
from simulator.moves import MOVES, Move


def spelt_out(text, lang=None):
    """A stand-in recogniser: "apologise own" performs apologise and own."""
    return [Move(word, 1.0) for word in text.split() if word in MOVES]


@pytest.fixture
def call(emotional, line_cut_off):
    return Session(emotional, line_cut_off, "en", seed=7, recogniser=spelt_out)


def test_the_customer_opens_with_a_filled_in_line_of_the_scenario(call, line_cut_off):
    openers = [o.format_map(line_cut_off.values("en")) for o in line_cut_off.data["openers"]["en"]]
    assert call.opening in openers
    assert call.state == "venting" and call.mood == 85 and not call.over


def test_a_turn_records_everything_that_happened(call):
    turn = call.respond("apologise empathise")
    assert (turn.index, turn.text) == (1, "apologise empathise")
    assert turn.move_names == ["apologise", "empathise"]
    assert (turn.mood_before, turn.mood_after) == (85, 85 - 8 - 15)
    assert (turn.state_before, turn.state) == ("venting", "heard")
    assert turn.reply in [line.format_map(call.values) for line in call.persona.lines("heard", "en")]
    assert turn.outcome is None
    assert call.turns == [turn]


def test_the_recogniser_hears_each_utterance_in_the_language_of_the_call(emotional, line_cut_off):
    heard = []

    def recorder(text, lang=None):
        heard.append((text, lang))
        return []

    call = Session(emotional, line_cut_off, "zh", recogniser=recorder)
    call.respond("喂")
    call.respond("嗯")
    assert heard == [("喂", "zh"), ("嗯", "zh")]


def test_a_turn_with_no_move_costs_the_idle_penalty(call):
    assert call.respond("…").mood_after == 85 + 5


def test_anger_stays_between_0_and_100(emotional, line_cut_off):
    calm = Session(emotional, line_cut_off, "en", recogniser=spelt_out)
    calm.respond("apologise empathise own help restate " * 3)
    assert calm.mood == 85 - (8 + 15 + 10 + 6 + 6)
    calm.respond("apologise empathise own restate")
    assert calm.mood >= 0
    furious = Session(emotional, line_cut_off, "en", recogniser=spelt_out)
    assert furious.respond("dismiss").mood_after == 100


def test_the_four_steps_satisfy_the_customer_who_hears_one_last_word_and_then_no_more(call):
    for moves in ("apologise", "empathise", "own", "help: I'll reconnect your line and waive the fee"):
        turn = call.respond(moves)
    assert (turn.state, turn.outcome) == ("satisfied", "satisfied")
    assert call.closing and not call.over  # the trainee may still confirm, check for anything else, say goodbye
    last = call.respond("thank")
    assert (last.state, last.outcome, last.reply) == ("satisfied", "satisfied", last.reaction) and last.reaction
    assert call.over
    with pytest.raises(RuntimeError, match="ended"):
        call.respond("thank")


def test_closing_the_call_once_the_customer_is_satisfied_angers_no_one(call):
    for moves in ("apologise", "empathise", "own", "help: I'll reconnect your line and waive the fee"):
        call.respond(moves)
    assert call.closing and call.persona.data["mood"]["deltas"]["close"] > 0  # a close any earlier is a rush
    last = call.respond("close")
    assert last.mood_after == last.mood_before


def test_a_reply_that_satisfies_and_closes_at_once_ends_the_call_and_the_customer_takes_its_leave(call):
    for moves in ("apologise", "empathise", "own", "help close I'll reconnect your line and waive the fee"):
        turn = call.respond(moves)
    assert call.outcome == "satisfied" and call.over
    farewells = [line.text for line in call.persona.reaction("farewell", "en")]
    assert any(turn.reply.endswith(" " + line) for line in farewells)  # "Anything else?" is answered


def test_time_spent_in_one_state_counts_from_arriving_there(call):
    for moves in ("apologise", "empathise", "own"):
        call.respond(moves)
    assert call.state == "calming"
    states = [call.respond("greet").state for _ in range(6)]  # greet neither helps nor hurts
    assert states == ["calming"] * 5 + ["hung_up"]
    assert call.outcome == "hung_up"


def test_seen_counts_every_move_of_the_call(call):
    call.respond("ask")
    call.respond("apologise ask")
    call.respond("restate")
    assert call.seen == {"ask": 2, "apologise": 1, "restate": 1}


def test_only_zh_and_en_are_spoken(emotional, line_cut_off):
    with pytest.raises(ValueError, match="'fr'"):
        Session(emotional, line_cut_off, "fr")


def test_the_same_seed_gives_the_same_conversation(emotional, line_cut_off):
    def conversation(seed):
        call = Session(emotional, line_cut_off, "en", seed=seed, recogniser=spelt_out)
        return [call.opening] + [call.respond(m).reply for m in ["greet", "restate", "ask", "greet", "ask"]]

    assert conversation(3) == conversation(3)
    assert len({tuple(conversation(seed)) for seed in range(5)}) > 1


def test_restart_is_a_fresh_call_with_the_same_seed(call):
    call.respond("insult")
    again = call.restart()
    assert again is not call
    assert (again.state, again.mood, again.turns, again.opening) == ("venting", 85, [], call.opening)
    assert (again.persona, again.lang, again.seed) == (call.persona, call.lang, call.seed)


def test_a_state_never_repeats_a_line_until_it_has_said_them_all():
    deck = LineDeck(random.Random(1))
    lines = ["a", "b", "c", "d"]
    drawn = [deck.draw(("venting", "en"), lines) for _ in range(12)]
    for start in (0, 4, 8):
        assert sorted(drawn[start:start + 4]) == lines
    assert all(x != y for x, y in zip(drawn, drawn[1:]))  # not even across a reshuffle


def test_to_dict_gives_move_names_and_their_spans(emotional, line_cut_off):
    call = Session(emotional, line_cut_off, "en")
    record = call.respond("I'm so sorry.").to_dict()
    assert record["moves"] == ["apologise"]
    assert record["spans"]["apologise"][0]["text"] in "I'm so sorry."
    assert {"index", "text", "mood_before", "mood_after", "state_before", "state", "reply", "outcome"} <= set(record)


# With the real recogniser, in both languages.

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_four_steps_calm_the_emotional_customer_turn_by_turn(emotional, line_cut_off, lang):
    call = Session(emotional, line_cut_off, lang)
    moods = [call.respond(line).mood_after for line in good_script(lang, "emotional")]
    assert moods == sorted(moods, reverse=True) and moods[-1] < 85
    assert call.outcome == "satisfied"
    assert [t.move_names for t in call.turns] == [["apologise"], ["empathise"], ["own"], ["help"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_policy_and_blame_push_the_stubborn_customer_to_a_supervisor(stubborn, line_cut_off, lang):
    call = Session(stubborn, line_cut_off, lang)
    for line in bad_script(lang):
        if call.over:
            break
        call.respond(line)
    assert call.outcome == "escalated"
    assert [t.state for t in call.turns] == ["locked_in", "escalated"]
