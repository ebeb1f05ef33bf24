"""`/hint`: what is still missing in *this* call, in the agent's own voice."""

from __future__ import annotations

from functools import partial

import pytest

from simulator.engine.session import Session
from simulator.library import catalog
from simulator.recognition.recogniser import recognise
from simulator.score.coaching import hint


def session(persona: str, scenario: str, lang: str, lines: list[str]) -> Session:
    call = Session(catalog.persona(persona), catalog.scenario(scenario), lang, 0, partial(recognise, semantic=False))
    for line in lines:
        call.respond(line)
    return call


STEPS = {"en": ["I'm so sorry.", "I completely understand how upsetting this is.",
                "This was our mistake, and I will take care of it personally."],
         "zh": ["真的非常抱歉。", "我非常理解您的心情。", "这是我们的错,我来负责处理到底。"]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_hint_names_the_facts_as_the_agent_says_them(lang):
    sc = catalog.scenario("missed_connection")
    said = hint(session("emotional", "missed_connection", lang, []))
    assert sc.values(lang)["problem"] not in said        # never the customer's "…made me miss my connecting flight"
    assert sc.agent_values(lang)["problem"] in said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_after_the_first_three_steps_the_hint_is_the_remedy_the_case_still_needs(lang):
    call = session("stubborn", "missed_connection", lang, STEPS[lang])
    assert hint(call) == call.scenario.say("partner_flight", lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_once_resolved_the_hint_is_what_this_customer_still_needs(lang):
    sc = catalog.scenario("bill_mismatch")
    call = session("prepared", "bill_mismatch", lang, STEPS[lang] + [sc.textbook(lang)])
    assert call.resolved and not call.needs_met
    assert hint(call) == call.persona.needs["in_writing"].hint[lang]
