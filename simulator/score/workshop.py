"""The workshop scoreboard: trainees compared turn by turn, then side by side.

Each row is one attempt (rewound ones included, marked, since the room learns from them):
who spoke, which of the four steps and which bad moves were heard, and how the customer's
anger moved. Each trainee's figures count the turns that stayed in the call, so a rewound
mistake is discussed but not held against the final tally; how often a trainee was
rewound is a figure of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from simulator.engine.workshop import Attempt, Workshop
from simulator.moves import BAD_MOVES, FOUR_STEPS
from simulator.score.report import call_record


@dataclass(frozen=True)
class Row:
    """One attempt on the scoreboard."""

    turn: int
    trainee: str
    steps: tuple[str, ...]
    bad_moves: tuple[str, ...]
    mood_change: int
    rewound: bool

    @classmethod
    def of(cls, attempt: Attempt) -> "Row":
        names = attempt.turn.move_names
        return cls(attempt.turn.index, attempt.trainee, tuple(s for s in FOUR_STEPS if s in names),
                   tuple(m for m in names if m in BAD_MOVES), attempt.turn.mood_after - attempt.turn.mood_before,
                   attempt.rewound)


@dataclass(frozen=True)
class Figures:
    """One trainee's tally over the turns kept in the call."""

    trainee: str
    turns: int
    rewound: int
    steps: dict[str, list[int]]  # step → the call's turn numbers where this trainee took it
    bad_moves: dict[str, int]
    mood_changes: list[int]

    @property
    def mean_mood_change(self) -> float | None:
        return round(sum(self.mood_changes) / len(self.mood_changes), 1) if self.mood_changes else None

    @property
    def bad_per_turn(self) -> float | None:
        return round(sum(self.bad_moves.values()) / self.turns, 2) if self.turns else None

    def to_dict(self) -> dict[str, Any]:
        return {"trainee": self.trainee, "turns": self.turns, "rewound": self.rewound, "steps": self.steps,
                "bad_moves": self.bad_moves, "mood_changes": self.mood_changes,
                "mean_mood_change": self.mean_mood_change, "bad_per_turn": self.bad_per_turn}


@dataclass(frozen=True)
class Scoreboard:
    rows: list[Row]
    trainees: list[Figures]

    def to_list(self) -> list[dict[str, Any]]:
        """The `scoreboard` of `dcsim workshop --json`: one entry per trainee."""
        return [figures.to_dict() for figures in self.trainees]


def figures(trainee: str, rows: list[Row]) -> Figures:
    mine = [r for r in rows if r.trainee == trainee]
    kept = [r for r in mine if not r.rewound]
    return Figures(trainee, len(kept), len(mine) - len(kept),
                   {step: [r.turn for r in kept if step in r.steps] for step in FOUR_STEPS},
                   dict(Counter(m for r in kept for m in r.bad_moves)), [r.mood_change for r in kept])


def scoreboard(workshop: Workshop) -> Scoreboard:
    rows = [Row.of(attempt) for attempt in workshop.record]
    return Scoreboard(rows, [figures(trainee, rows) for trainee in workshop.trainees])


def workshop_record(workshop: Workshop) -> dict[str, Any]:
    """`dcsim workshop --json`: the call record (`outcome`, `score`… of the call as it stands), with every
    attempt in `turns` (rewound ones marked), the `trainees` and the `scoreboard`."""
    return {**call_record(workshop.session), "trainees": list(workshop.trainees),
            "turns": [attempt.to_dict() for attempt in workshop.record],
            "scoreboard": scoreboard(workshop).to_list()}
