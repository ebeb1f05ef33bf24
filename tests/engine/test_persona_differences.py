"""The personas are different customers, not one customer with six names.

The same trainee, saying the same things, gets a different mood curve and a different call
from each persona, because each weighs the moves differently and listens for different ones.
"""

from __future__ import annotations

from functools import cache, partial
from itertools import combinations

import pytest

from simulator.engine.session import Session
from simulator.library import catalog
from simulator.moves import Move
from simulator.recognition.recogniser import recognise

PERSONAS = catalog.ids("personas")

#: A mixed call: some good moves, a policy wall and a "maybe" in the middle.
MIXED = {
    "en": ["I'm so sorry about this, and for all the trouble it has caused you.",        # apologise
           "That's just how it is, it's company policy.",                                 # policy_wall
           "Thank you for raising this with us.",                                         # thank
           "Maybe, I'll try, hopefully.",                                                 # hedge
           "I'll refund the ¥140 to your balance today and call you back by 5pm to confirm.",  # help: the remedy
           "That was our mistake, and I'll take care of it personally.",                 # own
           "I'll send you written confirmation of all this by email within the hour."],  # help
    "zh": ["真的非常抱歉,给您添麻烦了。",
           "公司规定就是这样。",
           "感谢您把这个问题反映给我们。",
           "我尽量吧,应该可以吧。",
           "我今天就把140元退回您的账户,下午五点前给您回电话确认。",
           "这是我们的失误,我来负责到底。",
           "我马上为您办理,一小时内把书面确认发到您手机上。"],
}

#: How each persona takes that call.
ENDINGS = {
    "emotional": "escalated",         # a policy wall at a raw customer: straight back to venting, then over the top
    "stubborn": "hung_up",            # the wall locks them in; nothing after it restates their demand
    "prepared": "escalated",          # the wall goes on the record, the "maybe" makes it a formal complaint
    "media_connected": "satisfied",   # threatened to go public, but quick ownership and the refund win
    "self_absorbed": None,            # the "maybe" offended them again; still being won back
    "self_righteous": "satisfied",    # acknowledged by the thanks; ownership and the refund convince them
}


persona = cache(catalog.persona)


def call(persona_id, lines, lang, recogniser=partial(recognise, semantic=False)):
    """Play `lines` to the end of the call (rules only, so nothing loaded elsewhere changes what is heard)."""
    session = Session(persona(persona_id), catalog.scenario("bill_mismatch"), lang, recogniser=recogniser)
    for line in lines:
        if session.over:
            break
        session.respond(line)
    return session


def curve(session):
    return [session.persona.start_mood] + [t.mood_after for t in session.turns]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_mixed_call_ends_differently(lang):
    calls = {p: call(p, MIXED[lang], lang) for p in PERSONAS}
    assert {p: s.outcome for p, s in calls.items()} == ENDINGS
    assert len({s.outcome for s in calls.values()}) >= 4


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_mixed_call_draws_a_different_mood_curve_for_each_persona(lang):
    curves = {p: curve(call(p, MIXED[lang], lang)) for p in PERSONAS}
    for a, b in combinations(PERSONAS, 2):
        assert curves[a] != curves[b], f"{a} and {b} react identically"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_persona_goes_through_states_of_its_own(lang):
    paths = {p: [t.state for t in call(p, MIXED[lang], lang).turns] for p in PERSONAS}
    assert "venting" in paths["emotional"]
    assert "locked_in" in paths["stubborn"]
    assert "recording" in paths["prepared"]
    assert "threatening_exposure" in paths["media_connected"]
    assert "offended" in paths["self_absorbed"]
    assert "lecturing" in paths["self_righteous"]


def moves_heard(text, lang=None):
    """A stand-in recogniser: the 'utterance' is the moves themselves, e.g. 'apologise+own'."""
    return [Move(name, 1.0) for name in text.split("+") if name]


@pytest.mark.parametrize("move, hardest_hit", [
    ("argue", "self_righteous"),       # arguing the principle is what this customer cannot bear
    ("dismiss", "media_connected"),    # "it happens all the time" is a headline
    ("dont_know", "prepared"),         # ignorance goes on the record
])
def test_each_persona_is_hurt_most_by_its_own_trigger(move, hardest_hit):
    rises = {p: curve(call(p, [move], "en", moves_heard))[1] - persona(p).start_mood for p in PERSONAS}
    assert max(rises, key=rises.get) == hardest_hit, rises


def test_thanks_move_the_self_righteous_and_self_absorbed_most():
    falls = {p: persona(p).start_mood - curve(call(p, ["thank"], "en", moves_heard))[1] for p in PERSONAS}
    assert sorted(falls, key=falls.get)[-2:] == ["self_absorbed", "self_righteous"], falls
