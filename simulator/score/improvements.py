"""The three most useful improvements: where the most points were lost, and what to say instead.

Each improvement is anchored at a moment of the call (a reply), quotes the trainee's own words
there and offers a model reply from the coach's bank for that situation. Ranking by points
lost keeps the advice honest: the first thing to fix is the one that cost the most. The
costliest fault the trainee committed is always among them, in the last place if it ranks lower.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from simulator.moves import FOUR_STEPS
from simulator.score.coaching import bank
from simulator.score.scoring import Score
from simulator.text import fields, fill


@dataclass(frozen=True)
class Said:
    """One agent reply as the debrief knows it: its turn id, words and moves (with spans)."""

    id: int
    text: str
    moves: Sequence[Mapping[str, Any]] = ()

    def spans(self, move: str) -> list[tuple[int, int]]:
        return [(s["start"], s["end"]) for m in self.moves if m["name"] == move for s in m["spans"]]


@dataclass
class Improvement:
    situation: str
    points: int                  # what doing it right would have won back
    turn: int | None             # the turn id of the moment, None when nothing was said
    reply: int | None            # the same moment as a 1-based reply number
    said: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    better: str = ""
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"situation": self.situation, "points": self.points, "turn": self.turn, "reply": self.reply,
                "said": self.said, "spans": [list(s) for s in self.spans], "better": self.better, "why": self.why}


@dataclass
class _Candidate:
    situation: str
    points: int
    position: int | None          # 0-based reply position
    fault: str | None = None      # the move whose words are at fault


def improvements(score: Score, replies: Sequence[Said], lang: str, values: Mapping[str, str] | None = None,
                 limit: int = 3) -> list[Improvement]:
    """The `limit` improvements worth the most points, largest first, one per situation."""
    generic = not values
    values = {**bank()["defaults"][lang], **(values or {})}
    merged: dict[str, _Candidate] = {}
    for candidate in _candidates(score, replies):
        if candidate.points <= 0 or candidate.situation == "unresolved" and not (generic or values.get("missing")):
            continue  # a practice call lost with nothing left to offer: its other advice says why
        known = merged.get(candidate.situation)
        if known is None:
            merged[candidate.situation] = candidate
            continue
        known.points += candidate.points
        if candidate.position is not None and (known.position is None or candidate.position < known.position):
            known.position, known.fault = candidate.position, candidate.fault or known.fault
    ranked = sorted(merged.values(), key=lambda c: (-c.points, c.position if c.position is not None else -1))
    return [_improvement(c, replies, lang, values, generic) for c in _with_a_fault(ranked, limit)]


def _with_a_fault(ranked: list[_Candidate], limit: int) -> list[_Candidate]:
    """The first `limit`, but never without the costliest fault the trainee committed: steps missed
    can outweigh one "随便您吧", yet the words that set the customer off are what to change first
    (the fifth play-test: three tips about empathy, none about the line that ended the call)."""
    shown, faults = ranked[:limit], [c for c in ranked if c.fault and c.fault != "help"]
    if not faults or any(c in faults for c in shown) or limit < 1:
        return shown
    return shown[:limit - 1] + faults[:1]


#: The move whose words a penalty that is no move of its own is about: the apologies of a loop, the
#: goodbye said too early, the booking of the option the customer turned down.
PENALISED_WORDS = {"apology_loop": "apologise", "early_goodbye": "close", "not_picked": "help"}


def _candidates(score: Score, replies: Sequence[Said]) -> list[_Candidate]:
    positions = {r.id: i for i, r in enumerate(replies)}
    first = lambda item: positions.get(item.turns[0]) if item.turns else None  # noqa: E731
    found: list[_Candidate] = []
    for item in score.items:
        lost = item.max - item.points if item.max else -item.points
        if lost <= 0:
            continue
        kind, _, name = item.name.partition(":")
        if kind == "penalty":
            found.append(_Candidate(name, lost, first(item), PENALISED_WORDS.get(name, name)))
        elif kind == "step":
            found.append(_Candidate(name, lost, _moment(score, name, positions, len(replies))))
        elif kind == "order":
            found.append(_order_candidate(score, lost, positions, len(replies)))
        elif kind == "timeliness":
            found.append(_Candidate("empathise", lost, 0 if replies else None))
        elif kind == "listening":  # restating and asking are one piece of advice, unless only the asking was missing
            asked_only = name == "ask" and not any(i.name == "listening:restate" and i.points < i.max for i in score.items)
            found.append(_Candidate("clarify" if asked_only else "listen", lost, 0 if replies else None))
        elif kind == "outcome" and not item.note.startswith("unfinished"):  # the customer gave up on the call
            if score.steps["help"] is None:  # no help at all: what was missing is the help step's own advice
                found.append(_Candidate("help", lost, _moment(score, "help", positions, len(replies))))
            else:
                found.append(_Candidate("unresolved", lost, len(replies) - 1 if replies else None))
    return found


def _order_candidate(score: Score, lost: int, positions: Mapping[int, int], count: int) -> _Candidate:
    """What the lost order points ask for: feelings first, a solution at all, or feelings at all."""
    helped = positions.get(score.steps["help"]) if score.steps["help"] is not None else None
    feelings = any(score.steps[s] is not None for s in ("apologise", "empathise"))
    if feelings and helped is not None:
        return _Candidate("feelings_first", lost, helped, "help")
    if feelings:  # sorry, but nothing offered: the missing piece is the help
        return _Candidate("help", lost, _moment(score, "help", positions, count))
    return _Candidate("empathise", lost, 0 if count else None)


def _moment(score: Score, step: str, positions: Mapping[int, int], count: int) -> int | None:
    """Where a missing step belonged: right after the last earlier step that was done."""
    if count == 0:
        return None
    earlier = [positions[score.steps[s]] for s in FOUR_STEPS[:FOUR_STEPS.index(step)]
               if score.steps[s] is not None and score.steps[s] in positions]
    return min(max(earlier) + 1, count - 1) if earlier else 0


def _improvement(c: _Candidate, replies: Sequence[Said], lang: str, values: Mapping[str, str],
                 generic: bool) -> Improvement:
    entries = bank()
    reply = replies[c.position] if c.position is not None else None
    lines = (entries["instead"].get(c.situation) or entries["steps"][c.situation])[lang]
    if generic:  # no scenario facts to splice in: a line that needs none reads better
        lines = [line for line in lines if not fields(line)] or lines
    better = fill(lines[(c.position or 0) % len(lines)], values)
    if c.situation == "help" and values.get("offer"):  # the case's own remedy beats a generic offer
        better = values["offer"]
    if c.situation == "early_goodbye" and values.get("offer"):  # not goodbye, but the remedy still owed
        better = f"{better}{'' if lang == 'zh' else ' '}{values['offer']}"
    if c.situation == "unresolved" and values.get("missing"):  # what the case still lacked, in the agent's words
        better = values["missing"]
    why = entries.get("why", {}).get(c.situation, {}).get(lang, "")
    return Improvement(c.situation, c.points, reply.id if reply else None,
                       c.position + 1 if c.position is not None else None, reply.text if reply else "",
                       reply.spans(c.fault) if reply and c.fault else [], better, why)
