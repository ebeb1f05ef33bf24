"""The facilitator's line language, as typed at the keyboard or read from a script."""

import pytest

from engine.test_workshop_room import spelt_out
from simulator.engine.session import Session
from simulator.engine.workshop import Workshop
from simulator.ui.facilitator import Facilitator, speaker_and_text


@pytest.fixture
def facilitator(emotional, line_cut_off):
    return Facilitator(Workshop(Session(emotional, line_cut_off, "zh", seed=3, recogniser=spelt_out),
                                ["Ana", "Bo", "晨"]))


def test_a_named_line_is_that_trainees_and_any_other_line_the_speakers(facilitator):
    w = facilitator.workshop
    assert speaker_and_text("bo: hello: there", w) == ("bo", "hello: there")
    assert speaker_and_text("晨：您好", w) == ("晨", "您好")  # a full-width colon, as Chinese keyboards type
    assert speaker_and_text("Note: not a trainee", w) == (None, "Note: not a trainee")
    assert facilitator.handle("晨: apologise").attempt.trainee == "晨"
    assert facilitator.handle("empathise").attempt.trainee == "Ana"


def test_comments_and_blank_lines_do_nothing(facilitator):
    assert facilitator.handle("") is None and facilitator.handle("# a note") is None


def test_a_line_starting_with_a_hash_but_no_space_is_said_as_in_a_play_script(facilitator):
    assert facilitator.handle("#1 apologise").attempt.turn.text == "#1 apologise"


@pytest.mark.parametrize("line, kind", [("/pause", "paused"), ("/next", "next"), ("/hint", "hint"),
                                        ("/score", "score"), ("/brief", "brief"), ("/end", "end"),
                                        ("/help", "help"), ("/vote", "vote"), ("/rewind", "error"),
                                        ("/pick 1", "error"), ("/rewind x", "error"), ("/dance", "error")])
def test_each_command_says_what_it_did(facilitator, line, kind):
    assert facilitator.handle(line).kind == kind


def test_pause_refuses_trainee_lines_until_resume(facilitator):
    facilitator.handle("/pause")
    assert facilitator.handle("apologise").kind == "error"
    assert facilitator.handle("/resume").kind == "resumed"
    assert facilitator.handle("apologise").kind == "turn"


def test_a_vote_collects_proposals_then_plays_the_one_picked(facilitator):
    facilitator.handle("/vote")
    assert facilitator.handle("Bo: apologise").text == "1. Bo: apologise"
    assert facilitator.handle("晨: insult").kind == "proposal"
    event = facilitator.handle("/pick 2")
    assert (event.kind, event.attempt.trainee, event.attempt.turn.move_names) == ("turn", "晨", ["insult"])


def test_a_hint_names_the_next_step_in_the_calls_language(facilitator):
    facilitator.handle("apologise")
    hint = facilitator.handle("/hint").text
    assert hint and not hint.isascii()
