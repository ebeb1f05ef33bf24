"""Scoring a call by the four-step method: every point traceable to a turn.

The score reads only moves (never text) and the mood curve, so a practice session and a
real transcript are judged by the same rules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from simulator.moves import BAD_MOVES, FOUR_STEPS

STEP_POINTS = 10
ORDER_POINTS = 10
TIMELY_POINTS = 10
TIMELY_WITHIN = 2          # feelings acknowledged within the first two replies
LISTEN_POINTS = 5          # each of restate and ask
OUTCOME_POINTS = 30
PENALTY_PER_BAD_MOVE = 5

FEELINGS = ("apologise", "empathise")


@dataclass
class Item:
    """One line of the breakdown: what earned or cost points, and where."""

    name: str
    points: int
    max: int
    turns: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class Score:
    total: int
    items: list[Item]
    steps: dict[str, int | None]   # step -> first turn it was done, or None
    outcome: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "breakdown": {item.name: asdict(item) for item in self.items},
            "steps": {step: {"done": turn is not None, "turn": turn} for step, turn in self.steps.items()},
            "outcome": self.outcome,
        }


def first_turn(turn_moves: Sequence[Iterable[str]], names: Iterable[str]) -> int | None:
    """The 1-based index of the first turn carrying any of `names`."""
    wanted = set(names)
    return next((i for i, moves in enumerate(turn_moves, 1) if wanted & set(moves)), None)


def score(turn_moves: Sequence[Iterable[str]], outcome: str | None, final_mood: int | None) -> Score:
    """Score the agent's turns (each a collection of move names) and how the call ended."""
    turn_moves = [list(m) for m in turn_moves]
    steps = {step: first_turn(turn_moves, [step]) for step in FOUR_STEPS}
    items = [Item(f"step:{step}", STEP_POINTS if turn else 0, STEP_POINTS, [turn] if turn else [],
                  "done" if turn else "missing") for step, turn in steps.items()]
    items.append(_order(turn_moves))
    items.append(_timely(turn_moves))
    for move in ("restate", "ask"):
        turn = first_turn(turn_moves, [move])
        items.append(Item(f"listening:{move}", LISTEN_POINTS if turn else 0, LISTEN_POINTS,
                          [turn] if turn else []))
    items.append(_outcome(outcome, final_mood))
    earned = sum(item.points for item in items)
    items.append(_penalties(turn_moves, cap=earned))
    return Score(sum(item.points for item in items), items, steps, outcome)


def _order(turn_moves: list[list[str]]) -> Item:
    """Feelings before solutions: the first help should come at or after the first apology/empathy."""
    feelings, help_ = first_turn(turn_moves, FEELINGS), first_turn(turn_moves, ["help"])
    ok = feelings is not None and (help_ is None or feelings <= help_)
    turns = [t for t in (feelings, help_) if t]
    return Item("order:feelings_first", ORDER_POINTS if ok else 0, ORDER_POINTS, turns,
                "feelings acknowledged before a solution" if ok else "solution offered before the feelings")


def _timely(turn_moves: list[list[str]]) -> Item:
    feelings = first_turn(turn_moves, FEELINGS)
    ok = feelings is not None and feelings <= TIMELY_WITHIN
    return Item("timeliness", TIMELY_POINTS if ok else 0, TIMELY_POINTS, [feelings] if feelings else [],
                f"feelings acknowledged in reply {feelings}" if feelings else "feelings never acknowledged")


def _outcome(outcome: str | None, final_mood: int | None) -> Item:
    if outcome == "satisfied":
        points = OUTCOME_POINTS
    elif outcome is None and final_mood is not None:
        points = round(OUTCOME_POINTS * (100 - final_mood) / 100 / 2)  # unfinished: half credit at best
    else:
        points = 0
    return Item("outcome", points, OUTCOME_POINTS, [], outcome or "unfinished")


def _penalties(turn_moves: list[list[str]], cap: int) -> Item:
    hits = [(i, m) for i, moves in enumerate(turn_moves, 1) for m in moves if m in BAD_MOVES]
    points = -min(cap, PENALTY_PER_BAD_MOVE * len(hits))
    return Item("penalties", points, 0, sorted({i for i, _ in hits}),
                ", ".join(f"{m}@{i}" for i, m in hits) or "none")


def score_turns(turns: Sequence[Mapping[str, Any]], outcome: str | None) -> Score:
    """Score turn records (dicts or objects with `moves` / `mood_after`)."""
    moves = [_get(t, "move_names", None) or _get(t, "moves", []) for t in turns]
    moves = [[m["name"] if isinstance(m, Mapping) else m for m in ms] for ms in moves]
    final = _get(turns[-1], "mood_after", None) if turns else None
    return score(moves, outcome, final)


def _get(record: Any, key: str, default: Any) -> Any:
    return record.get(key, default) if isinstance(record, Mapping) else getattr(record, key, default)
