"""How much evidence each kind of move needs: the recogniser's one policy on accusing a trainee.

Wrongly accusing a trainee of a bad move is far worse than missing a mild fault: the customer
punishes the accusation, and a careful trainee learns to avoid natural, kind wording. So the
two kinds of move are held to different standards (docs/moves.md, "Evidence"):

1. **What the rules hear stands, unless the model clears the reply.** A rule match is
   positive evidence: its cue was found, not negated and not quoted. The model may clear a
   bad move's rule match only when it is all but sure the move is absent (`bad_veto`) and
   hears no other bad move in the reply: it may lift an accusation, never trade one for
   another, so "您先冷静一下…我也没办法" keeps the dismiss and the refusal the rules heard. A
   good move's rule match stands unless the lexicon gives it a `vetoes` value and the model is
   all but sure it is wrong (a rhetorical question is no real `ask`). A cue the lexicon lists under
   a move's `firm` stands whatever the model says ("我这边也改不了", "到货才能上门"). After this policy, the
   recogniser applies the lexicon's `suppressed_by` once more with the faults either layer heard
   (`recogniser._unsuppressed_moves`).
2. **The model adds a good move** the rules missed when it is fairly sure in some sentence
   (`threshold`, per move in the lexicon's `semantic` block; 0.6 by default), except help in
   a sentence the rules heard restating the customer's story (its remedies are the customer's)
   or refusing (`UNHELPFUL`: "the system won't let me…, not much I can do" offers nothing).
3. **The model adds a bad move only on strong evidence**: very sure in one sentence
   (`bad_threshold`, 0.8 in the lexicons, per move in `thresholds`), never when the rules found
   that move's cue negated or quoted ("it's not your fault"), and never in a kind reply: one
   that performs one of the four steps (an apology, empathy, ownership, a concrete offer) or
   restates the customer's problem, heard by the rules or by the model at its good-move
   threshold (the lexicon's `kind` may name other moves). Such a reply can be accused only by
   a rule cue, never by a paraphrase guess; nor is a sentence without a word in it (pasted
   junk) evidence of a fault.

Coaches tune the thresholds in `simulator/data/lexicon/<lang>.yaml`; no Python to touch.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Collection, Mapping

from simulator.moves import BAD_MOVES, FOUR_STEPS, MOVES, Move, Span

if TYPE_CHECKING:  # numpy loads with the semantic layer, after the first prompt is drawn
    import numpy as np

#: How sure a rule match is taken to be; the semantic layer may raise it, never lower it.
RULE_CONFIDENCE = 0.9
#: Defaults when the lexicon says nothing.
GOOD_THRESHOLD = 0.6
BAD_THRESHOLD = 0.9
VETO = 0.0
#: A word: 2–20 letters standing alone, or a Han character. A sentence without one (pasted
#: junk, an alphabet run) gives the model no evidence of a fault, however sure it claims to be.
_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,20}(?![^\W\d_])|[\u3400-\u9fff]")
_BAD = [i for i, name in enumerate(MOVES) if name in BAD_MOVES]
#: Moves that make a reply kind (unless the lexicon's `kind` says otherwise): the four steps, and
#: a restatement, which checks the customer was understood ("So you'd like the subscription
#: cancelled but the account kept open?").
KIND = FOUR_STEPS + ("restate",)


def threshold(settings: Mapping, move: str) -> float:
    """How sure the model must be to add `move` when the rules did not hear it."""
    if move in settings.get("thresholds", {}):
        return settings["thresholds"][move]
    if move in BAD_MOVES:
        return settings.get("bad_threshold", BAD_THRESHOLD)
    return settings.get("threshold", GOOD_THRESHOLD)


def veto(settings: Mapping, move: str) -> float:
    """Below this probability the model may clear a rule match of `move` (see `combine`)."""
    if move in settings.get("vetoes", {}):
        return settings["vetoes"][move]
    return settings.get("bad_veto" if move in BAD_MOVES else "veto", VETO)


#: Faults whose sentence offers nothing, whatever the model hears in it: "the system won't let me touch a
#: booking, there's not much I can do" is no help (play-test 20). The lexicon's `unhelpful` may say otherwise.
UNHELPFUL = ("refuse", "policy_wall", "deflect", "dont_know")


def _heard_in(by_rule: Mapping[str, Move], moves: Collection[str], start: int, end: int) -> bool:
    """Is `start:end` a sentence in which the rules heard one of `moves`?"""
    return any(start <= s.start < end for name in moves if name in by_rule for s in by_rule[name].spans)


def combine(heard: list[Move], withheld: set[str], text: str, spans: list[tuple[int, int]],
            probabilities: np.ndarray, settings: Mapping, firm: Collection[str] = ()) -> list[Move]:
    """The moves of one reply, from what the rules `heard` and the model's per-sentence `probabilities`.

    `spans` are the sentences the rows of `probabilities` score; `withheld` are the moves whose
    cue the rules found only negated or quoted; `firm` those the rules heard by a cue the lexicon
    calls firm, which the model may not clear.
    """
    import numpy as np

    by_rule = {move.name: move for move in heard}
    wordless = [i for i, (a, b) in enumerate(spans) if not _WORD.search(text[a:b])]
    if wordless:
        probabilities = probabilities.copy()
        probabilities[np.ix_(wordless, _BAD)] = 0.0
    best = probabilities.argmax(axis=0)
    top = probabilities[best, np.arange(len(MOVES))]
    kind = any(step in by_rule or top[MOVES.index(step)] >= threshold(settings, step)
               for step in settings.get("kind", KIND))
    moves, cleared = {}, {}
    for i, name in enumerate(MOVES):
        p = float(top[i])
        if name in by_rule:
            kept = Move(name, max(p, RULE_CONFIDENCE), by_rule[name].spans)
            if p >= veto(settings, name) or name in firm:
                moves[name] = kept
            elif name in BAD_MOVES:
                cleared[name] = kept
        elif name not in withheld and p >= threshold(settings, name) and not (name in BAD_MOVES and kind):
            a, b = spans[int(best[i])]
            # the story told back ("…and the promised call never came, right?"): its remedies are the
            # customer's; a refusal or a wall: its sentence offers nothing
            if name == "help" and _heard_in(by_rule, ("restate", *settings.get("unhelpful", UNHELPFUL)), a, b):
                continue
            moves[name] = Move(name, p, (Span(a, b, text[a:b]),))
    if cleared and moves.keys() & set(BAD_MOVES):
        moves.update(cleared)  # the model may clear an accusation, never trade it for another
    return [moves[name] for name in MOVES if name in moves]
