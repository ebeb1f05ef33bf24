"""Scoring a call by the four-step method: every point traceable to a turn.

The score reads only moves (never text) and how the call ended (the outcome and the
customer's anger curve), so a practice session and a real transcript are judged by the
same rules. The numbers are a coach's to change (`coaching/scoring.yaml`); the rules here
only decide which turns earn or cost them. Every item is a whole number and the total is
their sum, so the breakdown always adds up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence


from simulator import datafile
from simulator.datafile import packaged
from simulator.engine.session import Turn
from simulator.moves import BAD_MOVES, FOUR_STEPS

#: Moves that acknowledge the customer's feelings (the first two steps).
FEELINGS: tuple[str, ...] = ("apologise", "empathise")
#: Moves that act on the problem: an apology alongside one of these is not "just sorry".
ACTING: tuple[str, ...] = ("help", "own")
#: Items a calm customer may not need (the four-step method is for an upset one).
SKIPPABLE: tuple[str, ...] = (*FOUR_STEPS, "order", "timeliness")
#: The total is out of this many points.
TOTAL = 100


class WeightsError(ValueError):
    """A scoring file a coach edited does not make sense; the message says how to fix it."""


@dataclass(frozen=True)
class Weights:
    """The coach-editable numbers of the score, checked once when loaded."""

    data: Mapping[str, Any]
    source: str = "scoring.yaml"

    @classmethod
    def load(cls, path: Path | str | None = None) -> "Weights":
        """The built-in weights, or a coach's own file."""
        doc = datafile.load(packaged("coaching", "scoring.yaml") if path is None else path, "scoring")
        weights = cls(doc.data, str(doc.path))
        weights.check()
        return weights

    def check(self) -> None:
        """Fail early, naming the fix, rather than produce a total that is not out of 100."""
        try:
            earnable = self.earnable()
            for move in {**self.penalty_moves, **self.wording}:
                if move not in BAD_MOVES:
                    raise WeightsError(f"{self.source}: unknown bad move {move!r} under penalties; "
                                       f"use one of: {', '.join(BAD_MOVES)}")
            self.timeliness_fraction(1), self.apology_loop, self.calm_share(self.upset_at)
        except (KeyError, TypeError, AttributeError) as error:
            raise WeightsError(f"{self.source}: missing or malformed entry {error}; "
                               "compare with the built-in simulator/data/coaching/scoring.yaml") from None
        if earnable != TOTAL:
            raise WeightsError(f"{self.source}: the points that can be earned add up to {earnable}, "
                               f"not {TOTAL}; change steps, order, timeliness, listening, outcome or mood")

    def earnable(self) -> int:
        d = self.data
        return (sum(d["steps"][s] for s in FOUR_STEPS) + d["order"]["points"] + d["timeliness"]["points"]
                + sum(d["listening"].values()) + d["outcome"]["points"] + d["mood"]["points"])

    def step(self, name: str) -> int:
        return int(self.data["steps"][name])

    def points(self, section: str) -> int:
        return int(self.data[section]["points"])

    @property
    def listening(self) -> dict[str, int]:
        return {move: int(points) for move, points in self.data["listening"].items()}

    @property
    def penalty_moves(self) -> dict[str, int]:
        return {m: int(p) for m, p in (self.data["penalties"].get("moves") or {}).items()}

    @property
    def wording(self) -> dict[str, int]:
        return {m: int(p) for m, p in (self.data["penalties"].get("wording") or {}).items()}

    def per_reply(self, name: str) -> int:
        """What a reply a practice call alone can fault costs: `early_goodbye` (a goodbye with nothing
        sorted) or `not_picked` (a commitment the way the customer turned down); 0 in a coach's file
        that predates it."""
        return int(self.data["penalties"].get(name, 0))

    @property
    def apology_loop(self) -> tuple[int, int]:
        loop = self.data["penalties"]["apology_loop"]
        return int(loop["allowed"]), int(loop["points"])

    @property
    def upset_at(self) -> int:
        return int(self.data["calm_customer"]["upset_at"])

    def calm_share(self, peak_mood: int | None) -> float:
        """How much of the not-needed credit a customer whose anger peaked at `peak_mood` gives.

        All of it below `upset_at`, none from `fully_upset_at` on, and a straight line between,
        so an estimated anger of 44 and one of 46 do not land 40 points apart.
        """
        if peak_mood is None:
            return 0.0
        calm = self.data["calm_customer"]
        full = int(calm.get("fully_upset_at", self.upset_at))
        if peak_mood < self.upset_at:
            return 1.0
        if peak_mood >= full:
            return 0.0
        return (full - peak_mood) / (full - self.upset_at)

    @property
    def not_needed_when_calm(self) -> frozenset[str]:
        return frozenset(self.data["calm_customer"].get("not_needed") or ()) & frozenset(SKIPPABLE)

    @property
    def unfinished_share(self) -> float:
        return float(self.data["outcome"]["unfinished_share"])

    def timeliness_fraction(self, reply: int) -> float:
        """Full credit up to `full_within`, falling linearly to nothing after `none_after`."""
        full, none = int(self.data["timeliness"]["full_within"]), int(self.data["timeliness"]["none_after"])
        if reply <= full:
            return 1.0
        if reply > none:
            return 0.0
        return (none + 1 - reply) / (none + 1 - full)


@cache
def default_weights() -> Weights:
    return Weights.load()


@dataclass(frozen=True)
class Ending:
    """How the call ended as far as anyone can tell: the outcome and the customer's anger.

    In practice the persona knows its mood; in a real transcript it is estimated from the
    customer's words. `turn` is where the ending shows, so the outcome and mood items can
    point at it like every other item.
    """

    outcome: str | None = None
    start_mood: int | None = None
    final_mood: int | None = None
    peak_mood: int | None = None
    turn: int | None = None


@dataclass
class Item:
    """One line of the breakdown: what earned or cost points, and where."""

    name: str
    points: int
    max: int
    turns: list[int] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "points": self.points, "max": self.max, "turns": list(self.turns),
                "note": self.note}


@dataclass
class Score:
    total: int
    items: list[Item]
    steps: dict[str, int | None]   # step -> turn it was first done, or None
    outcome: str | None
    not_needed: frozenset[str] = frozenset()

    def item(self, name: str) -> Item | None:
        return next((i for i in self.items if i.name == name), None)

    def step_status(self, step: str) -> str:
        if self.steps[step] is not None:
            return "done"
        return "not_needed" if step in self.not_needed else "missing"

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "breakdown": {item.name: item.to_dict() for item in self.items},
            "steps": {step: {"done": turn is not None, "turn": turn, "status": self.step_status(step)}
                      for step, turn in self.steps.items()},
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class Replies:
    """The agent's replies as move sets, with the turn id each one is known by."""

    moves: tuple[frozenset[str], ...]
    ids: tuple[int, ...]

    def first(self, names: Iterable[str]) -> int | None:
        """0-based position of the first reply carrying any of `names`."""
        wanted = set(names)
        return next((i for i, moves in enumerate(self.moves) if wanted & moves), None)

    def all(self, name: str) -> list[int]:
        return [i for i, moves in enumerate(self.moves) if name in moves]

    def id(self, position: int | None) -> list[int]:
        return [] if position is None else [self.ids[position]]


def score(turn_moves: Sequence[Iterable[str]], ending: Ending | None = None,
          ids: Sequence[int] | None = None, weights: Weights | None = None,
          early_goodbyes: Sequence[int] | None = None, not_picked: Sequence[int] | None = None) -> Score:
    """Score the agent's replies (each a collection of move names) and how the call ended.

    `ids` names each reply in the breakdown (1, 2, 3… by default; a transcript passes the
    position of the agent's line in the whole dialogue). `early_goodbyes` are the 0-based
    positions of the replies that said goodbye with nothing sorted: a practice call knows them
    (the customer had to stop the trainee hanging up); a transcript cannot, and has no such item.
    So it is with `not_picked`, the replies that committed the way the customer had turned down.
    """
    w = weights or default_weights()
    ending = ending or Ending()
    replies = Replies(tuple(frozenset(m) for m in turn_moves),
                      tuple(ids) if ids is not None else tuple(range(1, len(turn_moves) + 1)))
    calm = Calm(w.calm_share(ending.peak_mood), ending.peak_mood)
    skip = w.not_needed_when_calm if calm.share else frozenset()
    items = [_step(replies, step, w, skip, calm) for step in FOUR_STEPS]
    items += [_order(replies, w, skip, calm), _timely(replies, w, skip, calm)]
    items += [_listening(replies, move, points) for move, points in w.listening.items()]
    items += [_outcome(ending, w), _mood(ending, w)]
    items += [_penalty(replies, move, points, "forbidden") for move, points in w.penalty_moves.items()]
    items += [_penalty(replies, move, points, "uncertain wording") for move, points in w.wording.items()]
    items.append(_apology_loop(replies, w))
    if early_goodbyes is not None:
        items.append(_per_reply("early_goodbye", replies, w.per_reply("early_goodbye"), early_goodbyes,
                                "goodbye with nothing sorted"))
    if not_picked is not None:
        items.append(_per_reply("not_picked", replies, w.per_reply("not_picked"), not_picked,
                                "booked what the customer turned down"))
    subtotal = sum(item.points for item in items)
    if subtotal < 0:
        items.append(Item("floor", -subtotal, 0, [], "the penalties came to more than the points earned: raised to 0"))
    steps = {step: (replies.id(replies.first([step])) or [None])[0] for step in FOUR_STEPS}
    return Score(sum(item.points for item in items), items, steps, ending.outcome,
                 frozenset(s for s in FOUR_STEPS if s in skip and calm.share == 1 and steps[s] is None))


@dataclass(frozen=True)
class Calm:
    """How far the customer's calm excuses the four-step items (see `Weights.calm_share`)."""

    share: float
    peak: int | None

    def credit(self, name: str, points: int, turns: list[int]) -> Item:
        """The item's points as far as a (mostly) calm customer did not need it."""
        if self.share == 1:
            return Item(name, points, points, turns, "not needed: the customer was never upset")
        return Item(name, round(points * self.share), points, turns,
                    f"partly needed: the customer's anger peaked at {self.peak}")


def _step(replies: Replies, step: str, w: Weights, skip: frozenset[str], calm: Calm) -> Item:
    at, points = replies.first([step]), w.step(step)
    if at is not None:
        return Item(f"step:{step}", points, points, replies.id(at), f"done in reply {at + 1}")
    if step in skip:
        return calm.credit(f"step:{step}", points, [])
    return Item(f"step:{step}", 0, points, [], "missing")


def _order(replies: Replies, w: Weights, skip: frozenset[str], calm: Calm) -> Item:
    """Feelings before solutions: the first apology/empathy no later than the first help.

    The item is about a sequence, so it needs both ends: feelings with no solution ever
    offered earn nothing here (the apologies already earned their own step points), or a
    chat of nothing but "sorry" would be paid twice for the same words.
    """
    points = w.points("order")
    feelings, help_ = replies.first(FEELINGS), replies.first(["help"])
    turns = sorted(set(replies.id(feelings) + replies.id(help_)))
    if feelings is not None and help_ is not None and feelings <= help_:
        return Item("order:feelings_first", points, points, turns,
                    f"feelings acknowledged before the first solution (reply {help_ + 1})")
    if "order" in skip:
        return calm.credit("order:feelings_first", points, turns)
    if feelings is None:
        note = "feelings never acknowledged"
    elif help_ is None:
        note = f"feelings acknowledged (reply {feelings + 1}) but no solution followed"
    else:
        note = f"solution in reply {help_ + 1} before the feelings (reply {feelings + 1})"
    return Item("order:feelings_first", 0, points, turns, note)


def _timely(replies: Replies, w: Weights, skip: frozenset[str], calm: Calm) -> Item:
    """Feelings early in the call rather than after several replies."""
    points, feelings = w.points("timeliness"), replies.first(FEELINGS)
    if feelings is None:
        if "timeliness" in skip:
            return calm.credit("timeliness", points, [])
        return Item("timeliness", 0, points, [], "feelings never acknowledged")
    earned = round(points * w.timeliness_fraction(feelings + 1))
    return Item("timeliness", earned, points, replies.id(feelings), f"feelings first acknowledged in reply {feelings + 1}")


def _listening(replies: Replies, move: str, points: int) -> Item:
    at = replies.first([move])
    return Item(f"listening:{move}", points if at is not None else 0, points, replies.id(at),
                f"first in reply {at + 1}" if at is not None else "missing")


def _calm(mood: int | None) -> float:
    return 0.0 if mood is None else max(0.0, min(1.0, (100 - mood) / 100))


def _outcome(ending: Ending, w: Weights) -> Item:
    points = w.points("outcome")
    turns = [ending.turn] if ending.turn is not None else []
    if ending.outcome == "satisfied":
        return Item("outcome", points, points, turns, "satisfied")
    if ending.outcome is None:
        earned = round(points * w.unfinished_share * _calm(ending.final_mood))
        return Item("outcome", earned, points, turns, "unfinished" + (
            f": partial credit for ending at anger {ending.final_mood}" if ending.final_mood is not None else ""))
    return Item("outcome", 0, points, turns, ending.outcome)


def _mood(ending: Ending, w: Weights) -> Item:
    points = w.points("mood")
    if ending.final_mood is None:
        return Item("mood", 0, points, [], "the customer's mood is unknown")
    start = f"from {ending.start_mood} " if ending.start_mood is not None else ""
    return Item("mood", round(points * _calm(ending.final_mood)), points,
                [ending.turn] if ending.turn is not None else [], f"anger {start}to {ending.final_mood}")


def _penalty(replies: Replies, move: str, points: int, kind: str) -> Item:
    hits = replies.all(move)
    return Item(f"penalty:{move}", -points * len(hits), 0, [replies.ids[i] for i in hits],
                f"{kind}: {move} in reply {', '.join(str(i + 1) for i in hits)}" if hits else "none")


def _apology_loop(replies: Replies, w: Weights) -> Item:
    """Sorry after sorry with nothing done: each apology past the allowed run costs points."""
    allowed, points = w.apology_loop
    run, hits = 0, []
    for i, moves in enumerate(replies.moves):
        if set(ACTING) & moves:
            run = 0
        elif "apologise" in moves:
            run += 1
            if run > allowed:
                hits.append(i)
    return Item("penalty:apology_loop", -points * len(hits), 0, [replies.ids[i] for i in hits],
                f"apology without action in reply {', '.join(str(i + 1) for i in hits)}" if hits else "none")


def _per_reply(name: str, replies: Replies, points: int, hits: Sequence[int], what: str) -> Item:
    """A penalty that only a practice call knows, `points` for each reply at `hits`: a goodbye while
    nothing resolves the case (play-tests 13 and 15: "好的,那先这样,再见。" scored 95 and drew no advice),
    or a booking of the option the customer turned down (play-test 20)."""
    return Item(f"penalty:{name}", -points * len(hits), 0, [replies.ids[i] for i in hits],
                f"{what} in reply {', '.join(str(i + 1) for i in hits)}" if hits else "none")


def ending_of(turns: Sequence[Turn], outcome: str | None, start_mood: int | None = None) -> Ending:
    """The ending of a practice call from its turns (mood known turn by turn)."""
    if not turns:
        return Ending(outcome, start_mood, start_mood, start_mood, None)
    curve = [start_mood if start_mood is not None else turns[0].mood_before] + [t.mood_after for t in turns]
    return Ending(outcome, curve[0], curve[-1], max(curve), turns[-1].index)


def score_turns(turns: Sequence[Turn], outcome: str | None, start_mood: int | None = None,
                weights: Weights | None = None) -> Score:
    """Score a practice call's turns (a stored call's records: `Turn.from_dict` first)."""
    return score([t.move_names for t in turns], ending_of(turns, outcome, start_mood), [t.index for t in turns],
                 weights, [i for i, t in enumerate(turns) if t.early_goodbye], [i for i, t in enumerate(turns) if t.not_picked])
