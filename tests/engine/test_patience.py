"""A customer who is calm and being helped waits; they say what is still missing instead of hanging up.

Time-outs in the shipped personas (`turns_at_least`, `state_turns_at_least`) carry a
`mood_at_least`, so only a customer still angry gives up on a slow call; a calm one names the
remedy the case still lacks (`missing:` reaction, `{missing}` from the scenario's `want:`).
"""

from collections import Counter

import pytest

from simulator.engine.conditions import Situation, compile_when
from simulator.engine.session import Session
from simulator.library import catalog
from simulator.score.report import debrief_session
from simulator.ui.scripted import play_lines

#: The tester's call (issue): sorry, feelings, ownership, the station manager, then staying on it.
HELPED = ["I'm so sorry this happened to you.",
          "I completely understand how upsetting that must be, you trusted us.",
          "That's on us, and I take responsibility for it.",
          "I've also asked the station manager to call you by 5pm today and apologise in person.",
          "I'll stay on your case until it's put right.",
          "I'll issue a corrected repair record naming the power supply, with a 90-day warranty.",
          "Is there anything else I can do for you?",
          "Thank you for your patience.",
          "I'll stay on your case, you have my word.",
          "Is there anything else?"]


@pytest.mark.parametrize("persona", catalog.ids("personas"))
def test_no_shipped_persona_gives_up_on_a_calm_customer_for_time_alone(persona):
    machine = catalog.persona(persona)
    calm_and_waiting = Situation(frozenset(), Counter(), mood=0, turn=100, state_turns=100)
    for state, spec in machine.states.items():
        fired = [t["to"] for t in spec.get("transitions", []) if compile_when(t.get("when"))(calm_and_waiting)]
        assert not fired, f"{persona}: `{state}` leaves for {fired[0]} on time alone, even at anger 0"


@pytest.mark.parametrize("seed", [1, 3, 5])
def test_the_self_righteous_customer_helped_to_anger_0_names_what_is_missing(seed):
    session = Session(catalog.persona("self_righteous"), catalog.scenario("motherboard_swap"), "en", seed)
    play_lines(session, HELPED)
    assert session.outcome != "hung_up" and len(session.turns) == len(HELPED)
    assert session.turns[-1].mood_after < 40
    said = " ".join(turn.reaction for turn in session.turns)
    assert "compensation" in said and "refund the ¥940" in said   # the scenario's `want:` for both remedies


def test_the_customer_asks_for_what_is_still_missing_in_chinese():
    session = Session(catalog.persona("self_righteous"), catalog.scenario("motherboard_swap"), "zh", 1)
    play_lines(session, ["真对不起。", "我非常理解您的心情。", "这是我们的错,我来负责处理。", "我让站长今天下午五点前给您打电话。",
                         "我会一直跟进。", "谢谢您。"])
    assert any("赔我940元" in turn.reaction for turn in session.turns)


def test_once_the_remedy_is_offered_the_customer_stops_asking_for_it():
    session = Session(catalog.persona("self_righteous"), catalog.scenario("motherboard_swap"), "en", 1)
    play_lines(session, HELPED[:5] + ["We'll refund the ¥940 and pay another ¥940 in compensation, ¥1,880 in all.",
                                      "Thank you for raising this with us."])
    assert session.outcome == "satisfied"
    assert "compensation" not in session.turns[-1].reply


def test_a_lost_call_whose_help_fell_short_says_in_the_debrief_what_was_missing():
    session = Session(catalog.persona("self_righteous"), catalog.scenario("motherboard_swap"), "en", 1)
    play_lines(session, ["I'm sorry.", "I can offer you a voucher for your next repair.", "That's company policy.",
                         "Calm down, it's not a big deal."])
    assert session.outcome in ("hung_up", "escalated")
    advice = {a.situation: a.better for a in debrief_session(session).advice}
    assert advice.get("unresolved") == session.scenario.say("refund_fee", "en")


@pytest.mark.parametrize("seed", [1, 3, 5])
def test_what_is_missing_is_said_every_other_turn_at_most_not_as_a_refrain(seed):
    session = Session(catalog.persona("self_righteous"), catalog.scenario("motherboard_swap"), "en", seed)
    play_lines(session, HELPED)
    pressing = [bool(turn.reaction) and "¥940" in turn.reaction for turn in session.turns]
    assert any(pressing) and not any(a and b for a, b in zip(pressing, pressing[1:]))
