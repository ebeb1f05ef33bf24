"""A customer does not say the same thing twice until they have run out of things to say.

Within one call, each state's lines are dealt like a shuffled deck: no line comes back until
every line of that state has been said, and a reshuffle never repeats the line just said.
"""

from __future__ import annotations

import random
from collections import defaultdict
from functools import cache, partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine.conditions import Situation
from simulator.engine.persona import Line
from simulator.engine.session import LineDeck, Session
from simulator.library import catalog
from simulator.moves import MOVES, Move
from simulator.recognition.recogniser import recognise
from simulator.text import fill

PERSONAS = catalog.ids("personas")
persona = cache(catalog.persona)


def replies_by_state(session):
    said = defaultdict(list)
    for turn in session.turns:
        if turn.line:  # a reaction that is the whole reply (a restatement corrected) draws no line
            said[turn.state].append(turn.line)
    return said


def assert_dealt_like_a_deck(session):
    values = session.scenario.values(session.lang)
    for state, replies in replies_by_state(session).items():
        written = session.persona.states[state]["lines"][session.lang]
        ever = {fill(line.text, values) for line in session.persona.guarded_lines(state, session.lang)}
        always = {fill(line, values) for line in written if isinstance(line, str)}  # no `when:`: fits any turn
        # a deck is reshuffled only once no card that fits is left: so a line comes back only after
        # every line that always fits was said since its round began
        round_: list[str] = []
        for reply in replies:
            assert reply in ever
            if reply in round_:
                assert always <= set(round_), f"{state}: a line repeated before the others were used"
                round_ = []
            round_.append(reply)
        for previous, reply in zip(replies, replies[1:]):
            assert previous != reply, f"{state}: the same line twice in a row"


def test_a_customer_kept_waiting_never_repeats_a_line_too_soon():
    # The prepared customer, kept waiting turn after turn, stays in `citing_rights` for 11 turns.
    prepared = persona("prepared")
    session = Session(prepared, catalog.scenario("bill_mismatch"), "en", seed=3,
                      recogniser=partial(recognise, semantic=False))
    for _ in range(11):
        session.respond("I hear you.")
    replies = [t.line for t in session.turns]
    lines = [line.text for line in prepared.guarded_lines("citing_rights", "en") if line.fits(Situation(frozenset()))]
    assert all(t.state == "citing_rights" for t in session.turns)
    assert len(set(replies[:len(lines)])) == len(lines)   # the first round uses every line once
    assert_dealt_like_a_deck(session)                     # and no line comes back before its round is out


def moves_heard(text, lang=None):
    return [Move(name, 1.0) for name in text.split("+") if name]


turns = st.lists(st.lists(st.sampled_from(MOVES), max_size=2).map("+".join), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(persona_id=st.sampled_from(PERSONAS), said=turns, lang=st.sampled_from(["zh", "en"]), seed=st.integers(0, 999))
def test_no_persona_repeats_a_line_before_its_state_runs_out(persona_id, said, lang, seed):
    session = Session(persona(persona_id), catalog.scenario("line_cut_off"), lang, seed, recogniser=moves_heard)
    for text in said:
        if session.over:
            break
        session.respond(text)
    assert_dealt_like_a_deck(session)


@pytest.mark.parametrize("seed", range(20))
def test_a_reshuffle_never_says_the_last_line_again_while_another_fits(seed):
    """Lines kept back for later (here: one only for a resolved case) must not make the deck echo."""
    lines = ["A", "B", "C", Line("only once resolved", lambda situation: situation.resolved)]
    deck, now = LineDeck(random.Random(seed)), Situation(frozenset())
    said = [deck.draw(("acknowledged", "en"), lines, now) for _ in range(30)]
    assert all(a != b for a, b in zip(said, said[1:])) and "only once resolved" not in said


@pytest.mark.parametrize("seed", range(20))
def test_a_line_does_not_open_as_the_reaction_before_it_while_another_fits(seed):
    lines = ["Fine. What's your name?", "Noted, with the time.", "Go on.", "好,我复述一遍。", "好的。"]
    deck, now = LineDeck(random.Random(seed)), Situation(frozenset())
    assert not deck.draw(("holding", "en"), lines, now, after="Fine. Now the remedy, please.").startswith("Fine")
    assert not deck.draw(("holding", "en"), lines, now, after="Noted. My request still stands.").startswith("Noted")
    assert deck.draw(("holding", "zh"), ["好,我复述一遍。", "好的。"], now, after="好。那就说处理办法吧") in (
        "好,我复述一遍。", "好的。")  # only lines opening as it: one is said rather than none


@pytest.mark.parametrize("lang, offer", [
    ("en", "I can send a replacement today by express, or refund you in full, which would you prefer?"),
    ("zh", "我可以今天给您加急补发,也可以全额退款,您看哪个好?")])
def test_the_prepared_customer_holds_you_only_to_a_commitment_you_made(lang, offer):
    """A choice put as a question commits to nothing yet: no "I'll hold you to that" after it."""
    persona, scenario = catalog.persona("prepared"), catalog.scenario("ac_installer_late")
    for seed in range(6):
        session = Session(persona, scenario, lang, seed)
        turn = session.respond(offer)
        assert "help" in {m.name for m in turn.moves}
        assert not any(words in turn.reply for words in ("hold you to", "commitment from", "reference number",
                                                          "记住了", "录音里做出的承诺", "受理单号"))


@pytest.mark.parametrize("lang, question", [("en", "When did you first notice the gap?"), ("zh", "您是哪个月发现对不上的?")])
def test_a_question_alone_is_answered_and_nothing_is_glued_to_the_answer(lang, question):
    """Asked only a question, the customer answers it (or says it can't): its state's line, often a
    reaction to something else ("Yes, that's exactly what I've been saying"), does not follow."""
    for persona_id in PERSONAS:
        session = Session(persona(persona_id), catalog.scenario("bill_mismatch"), lang, seed=2)
        turn = session.respond(question)
        if turn.state == turn.state_before:
            assert turn.reaction and turn.line == "" and turn.reply == turn.reaction
