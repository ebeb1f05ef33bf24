"""A persona is a YAML state machine: what it says, how moves shift its mood, and what a broken one reports."""

from collections import Counter

import pytest
from samples import TINY_PERSONA, line_of, write

from simulator.datafile import DataError
from simulator.engine import persona as persona_module
from simulator.engine.conditions import Situation
from simulator.engine.persona import EVENT


@pytest.fixture
def tiny(tmp_path):
    return persona_module.load(write(tmp_path, "tiny.yaml", TINY_PERSONA))


def broken(tmp_path, text: str) -> DataError:
    with pytest.raises(DataError) as caught:
        persona_module.load(write(tmp_path, "tiny.yaml", text))
    return caught.value


def test_the_emotional_customer_as_the_library_ships_it(emotional):
    assert emotional.id == "emotional"
    assert emotional.name("en") == "The emotional customer"
    assert emotional.name("zh") == "情绪激动型客户"
    assert emotional.initial == "venting"
    assert emotional.start_mood == 85
    assert emotional.outcome("venting") is None
    assert emotional.outcome("satisfied") == "satisfied"
    assert emotional.label("heard", "zh") == "觉得被倾听"


def test_a_state_without_a_label_is_named_after_its_id(tiny):
    assert tiny.label("waiting", "en") == "waiting"
    assert tiny.label("escalated", "zh") == "escalated"


def test_lines_come_in_both_languages(tiny):
    assert tiny.lines("waiting", "en") == ["I want you to {demand}.", "Well? {problem}!"]
    assert tiny.lines("satisfied", "zh") == ["谢谢。"]


def test_mood_deltas_add_up_and_an_empty_turn_costs_idle(tiny):
    assert tiny.delta(frozenset({"apologise"})) == -20
    assert tiny.delta(frozenset({"apologise", "help"})) == -30
    assert tiny.delta(frozenset({"greet"})) == 0       # a move the persona does not care about
    assert tiny.delta(frozenset()) == 5                 # saying nothing useful annoys


def current(machine) -> str:
    return next(iter(machine.configuration)).id


def turn(*moves, mood=50) -> dict:
    return {"situation": Situation(frozenset(moves), Counter(moves), mood, 1, 1)}


def test_the_machine_starts_in_the_initial_state_and_stays_when_nothing_matches(tiny):
    machine = tiny.machine()
    assert current(machine) == "waiting"
    machine.send(EVENT, **turn("help", mood=40))
    assert current(machine) == "waiting"


def test_a_guarded_transition_fires_only_when_its_when_holds(tiny):
    machine = tiny.machine()
    machine.send(EVENT, **turn("apologise", mood=55))  # apologised, but still too angry
    assert current(machine) == "waiting"
    machine.send(EVENT, **turn("apologise", mood=45))
    assert current(machine) == "satisfied"


def test_transitions_are_tried_in_the_order_written(tiny):
    machine = tiny.machine()
    machine.send(EVENT, **turn("apologise", "policy_wall", mood=45))  # both match: the first listed wins
    assert current(machine) == "satisfied"


def test_each_load_compiles_a_fresh_machine_per_call(tiny):
    first, second = tiny.machine(), tiny.machine()
    first.send(EVENT, **turn("policy_wall"))
    assert current(first) == "escalated"
    assert current(second) == "waiting"


# What a coach can get wrong, and where the error points.

def test_two_initial_states_point_at_the_second(tmp_path):
    text = TINY_PERSONA.replace("  escalated:\n", "  escalated:\n    initial: true\n")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "initial: true", nth=2)
    assert "2 initial states (waiting, escalated)" in error.reason
    assert error.fix == "mark exactly one state with `initial: true`"


def test_no_initial_state(tmp_path):
    error = broken(tmp_path, TINY_PERSONA.replace("    initial: true\n", ""))
    assert "0 initial states (none)" in error.reason


def test_a_transition_to_a_missing_state_lists_the_states_there_are(tmp_path):
    text = TINY_PERSONA.replace("{to: escalated,", "{to: escalted,")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "escalted")
    assert error.reason == "`to: escalted` names no state"
    assert error.fix == "did you mean 'escalated'? use one of: waiting, satisfied, escalated"


def test_a_final_state_needs_an_outcome(tmp_path):
    text = TINY_PERSONA.replace("    outcome: escalated\n", "")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "  escalated:")
    assert "has no outcome" in error.reason


def test_an_outcome_belongs_to_a_final_state(tmp_path):
    text = TINY_PERSONA.replace("    label: {en: waiting", "    outcome: satisfied\n    label: {en: waiting")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "outcome: satisfied")
    assert "has an outcome but is not final" in error.reason


def test_a_final_state_cannot_go_anywhere(tmp_path):
    text = TINY_PERSONA.replace("    outcome: escalated\n", "    outcome: escalated\n    transitions: [{to: waiting}]\n")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "transitions: [{to: waiting}]")
    assert "cannot have transitions" in error.reason


def test_a_state_that_is_not_final_needs_a_way_out(tmp_path):
    text = TINY_PERSONA.replace("  escalated:\n    final: true\n", "  escalated:\n")
    text = text.replace("    outcome: escalated\n", "")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "  escalated:")
    assert "has no way out" in error.reason


def test_a_state_nothing_leads_to_is_reported(tmp_path):
    text = TINY_PERSONA.replace("      - {to: escalated, when: {any: [policy_wall]}}\n", "")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "  escalated:")
    assert "no transition leads to `escalated`" in error.reason


def test_a_template_field_that_scenarios_do_not_have(tmp_path):
    text = TINY_PERSONA.replace("Well? {problem}!", "Well? {refund_amount}!")
    error = broken(tmp_path, text)
    assert error.line == line_of(text, "{refund_amount}")
    assert "{refund_amount}" in error.reason
    assert "{demand}" in error.fix


@pytest.mark.parametrize("line", ["Well? {problem!", "Well? problem}!", "Well? {}!", "Well? {0}!", "{demand:d}"])
def test_a_line_that_could_never_be_filled_is_caught_at_load(tmp_path, line):
    text = TINY_PERSONA.replace("Well? {problem}!", line)
    error = broken(tmp_path, text)
    assert error.line == line_of(text, line)
    assert "not a valid template" in error.reason


def test_a_persona_must_be_able_to_end_satisfied(tmp_path):
    text = TINY_PERSONA.replace("outcome: satisfied", "outcome: hung_up")
    error = broken(tmp_path, text)
    assert "no state ends the call with the customer satisfied" in error.reason
