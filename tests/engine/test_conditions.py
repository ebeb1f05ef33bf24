"""`when:` conditions: each key is one predicate over the turn's Situation; all keys must hold."""

from collections import Counter

import pytest

from simulator.datafile import schema
from simulator.engine.conditions import Situation, compile_when, describe


def situation(*moves, seen=None, mood=50, turn=1, state_turns=1) -> Situation:
    """A turn in which the trainee performed `moves`; `seen` defaults to this turn's moves."""
    return Situation(frozenset(moves), Counter(seen if seen is not None else moves), mood, turn, state_turns)


@pytest.mark.parametrize("when, holds, fails", [
    ({"any": ["apologise", "empathise"]}, situation("empathise"), situation("help")),
    ({"all": ["apologise", "empathise"]}, situation("apologise", "empathise", "help"), situation("apologise")),
    ({"none": ["insult", "dismiss"]}, situation("help"), situation("help", "dismiss")),
    ({"seen": ["apologise", "own"]}, situation("help", seen=["apologise", "own", "help"]),
     situation("help", seen=["apologise", "help"])),
    ({"not_seen": ["apologise", "empathise"]}, situation("help", seen=["help", "own"]),
     situation("help", seen=["help", "empathise"])),
    ({"count_at_least": {"dismiss": 2}}, situation("dismiss", seen={"dismiss": 2}),
     situation("dismiss", seen={"dismiss": 1})),
    ({"mood_below": 60}, situation(mood=59), situation(mood=60)),
    ({"mood_at_least": 98}, situation(mood=98), situation(mood=97)),
    ({"turns_at_least": 12}, situation(turn=12), situation(turn=11)),
    ({"state_turns_at_least": 4}, situation(state_turns=4), situation(state_turns=3)),
    ({"no_moves": True}, situation(), situation("greet")),
    ({"no_moves": False}, situation("greet"), situation()),
    # What the trainee said about the case: remedies offered, details asked, the needs met.
    ({"offered": True}, Situation(frozenset({"help"}), offers=frozenset({"refund"})),
     Situation(frozenset({"help"}), offers=frozenset({"voucher"}), short=frozenset({"voucher"}))),
    ({"offered_short": True}, Situation(frozenset({"help"}), offers=frozenset({"voucher"}), short=frozenset({"voucher"})),
     Situation(frozenset({"help"}), offers=frozenset({"refund"}))),
    ({"asked_detail": True}, Situation(frozenset({"ask"}), asked=frozenset({"account"})), situation("ask")),
    ({"resolved": True}, Situation(frozenset(), resolved=True), situation("help")),
    ({"resolved": False}, situation("empathise"), Situation(frozenset(), resolved=True)),
    ({"needs_met": False}, Situation(frozenset(), needs_met=False), situation()),
    ({"timed": False}, situation("help"), Situation(frozenset({"help"}), timed=True)),
    ({"faulted": False}, situation("apologise", "help"), situation("apologise", "deflect")),  # no thanks for passing the buck
])
def test_each_condition_holds_and_fails_where_a_coach_would_expect(when, holds, fails):
    guard = compile_when(when)
    assert guard(holds)
    assert not guard(fails)


def test_every_key_of_a_when_must_hold():
    # "offered help, has heard an apology before, and has calmed below 55"
    guard = compile_when({"any": ["help"], "seen": ["apologise"], "mood_below": 55})
    assert guard(situation("help", seen=["apologise", "help"], mood=50))
    assert not guard(situation("help", seen=["apologise", "help"], mood=55))   # still too angry
    assert not guard(situation("help", seen=["help"], mood=50))                # never apologised
    assert not guard(situation("own", seen=["apologise", "own"], mood=50))     # no help this turn


def test_a_transition_without_when_always_fires():
    assert compile_when(None)(situation())
    assert compile_when({})(situation("insult", mood=100))


def test_count_at_least_counts_the_whole_call_not_just_this_turn():
    guard = compile_when({"count_at_least": {"dismiss": 2, "doubt": 1}})
    assert guard(situation("greet", seen={"dismiss": 3, "doubt": 1, "greet": 1}))
    assert not guard(situation("dismiss", seen={"dismiss": 3}))


EXAMPLES = {"any": ["help"], "all": ["help"], "none": ["help"], "seen": ["help"], "not_seen": ["help"],
            "count_at_least": {"help": 1}, "mood_below": 50, "mood_at_least": 50, "turns_at_least": 1,
            "state_turns_at_least": 1, "no_moves": True, "offered": True, "offered_short": True,
            "asked_detail": True, "resolved": True, "needs_met": True, "timed": False, "faulted": False}


def test_every_condition_the_schema_allows_compiles_and_runs():
    assert set(schema("persona")["$defs"]["when"]["properties"]) == set(EXAMPLES)
    for key, value in EXAMPLES.items():
        assert compile_when({key: value})(situation("help")) in (True, False), key


def test_an_unknown_condition_does_not_compile():
    with pytest.raises(KeyError):
        compile_when({"mood_above": 50})  # the schema rejects it first, with a line number


def test_describe_reads_a_when_aloud():
    assert describe(None) == "otherwise"
    assert describe({"any": ["apologise", "empathise"], "mood_below": 80}) == "any apologise|empathise & mood_below 80"
    assert describe({"count_at_least": {"dismiss": 2}}) == "count_at_least dismiss>=2"
    assert describe({"resolved": True, "needs_met": False}) == "resolved & not needs_met"
