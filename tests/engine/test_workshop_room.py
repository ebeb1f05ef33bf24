"""A workshop: several trainees share one call; the facilitator pauses, passes, votes and rewinds."""

import pytest

from simulator.engine.session import Session
from simulator.engine.workshop import Workshop, WorkshopError
from simulator.moves import MOVES, Move


def spelt_out(text, lang=None, context=None):
    """A stand-in recogniser: "apologise own" performs apologise and own."""
    return [Move(word, 1.0) for word in text.split() if word in MOVES]


@pytest.fixture
def room(emotional, line_cut_off):
    return Workshop(Session(emotional, line_cut_off, "en", seed=3, recogniser=spelt_out), ["Ana", "Bo", "Chen"])


def test_trainees_answer_in_turn_and_the_rotation_moves_on(room):
    assert room.speaker == "Ana"
    assert room.say("apologise").trainee == "Ana"
    assert room.speaker == "Bo"
    assert room.say("empathise", trainee="chen").trainee == "Chen"  # a named trainee speaks out of turn
    assert room.speaker == "Ana"
    assert room.pass_turn() == "Bo"


def test_a_rewind_undoes_turns_keeps_them_marked_and_gives_the_turn_back(room):
    room.say("apologise")
    before = (room.session.mood, room.session.state, room.session.last_reply)
    room.say("policy_wall")
    room.say("delay")
    undone = room.rewind(2)
    assert [a.trainee for a in undone] == ["Bo", "Chen"] and all(a.rewound for a in undone)
    assert (room.session.mood, room.session.state, room.session.last_reply) == before
    assert [t.text for t in room.session.turns] == ["apologise"]
    assert room.speaker == "Bo"  # the first trainee undone tries again
    again = room.say("empathise")
    assert again.turn.index == 2 and not again.rewound
    assert [(a.trainee, a.rewound) for a in room.record] == [("Ana", False), ("Bo", True), ("Chen", True),
                                                             ("Bo", False)]


def test_a_rewound_call_plays_on_exactly_as_an_unrewound_one(emotional, line_cut_off, room):
    room.say("apologise")
    room.say("insult")
    room.rewind(1)
    room.say("empathise")
    straight = Session(emotional, line_cut_off, "en", seed=3, recogniser=spelt_out)
    straight.respond("apologise")
    straight.respond("empathise")
    assert [t.to_dict() for t in room.session.turns] == [t.to_dict() for t in straight.turns]


def test_a_call_that_ended_can_be_rewound_and_tried_again(room):
    while not room.over:
        room.say("insult")
    with pytest.raises(WorkshopError, match="ended"):
        room.say("apologise")
    room.rewind(1)
    assert not room.over


def test_a_paused_room_refuses_trainee_lines_until_it_resumes(room):
    assert room.toggle_pause()
    with pytest.raises(WorkshopError, match="paused"):
        room.say("apologise")
    assert not room.toggle_pause()
    room.say("apologise")


def test_the_room_votes_and_the_facilitator_picks(room):
    room.vote()
    assert room.propose("apologise", "Bo") == 1
    assert room.propose("insult", "Chen") == 2
    with pytest.raises(WorkshopError, match="vote is open"):
        room.say("empathise")
    chosen = room.pick(1)
    assert chosen.trainee == "Bo" and chosen.turn.move_names == ["apologise"]
    assert chosen.to_dict()["proposals"] == [{"trainee": "Bo", "text": "apologise"},
                                             {"trainee": "Chen", "text": "insult"}]
    assert room.proposals is None and room.speaker == "Chen"


@pytest.mark.parametrize("trainees, problem", [([" ", ""], "at least one"), (["Ana", "ana"], "twice")])
def test_a_room_needs_distinct_names(emotional, line_cut_off, trainees, problem):
    with pytest.raises(WorkshopError, match=problem):
        Workshop(Session(emotional, line_cut_off, "en"), trainees)


@pytest.mark.parametrize("count", [0, 2])
def test_rewinding_more_than_was_said_is_refused(room, count):
    room.say("apologise")
    with pytest.raises(WorkshopError, match="rewind"):
        room.rewind(count)


def test_an_unknown_trainee_is_named_with_the_room(room):
    with pytest.raises(WorkshopError, match="Ana, Bo, Chen"):
        room.say("apologise", trainee="Dee")
