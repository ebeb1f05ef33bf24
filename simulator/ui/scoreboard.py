"""Drawing the workshop scoreboard with rich: turn by turn, then trainee by trainee.

Meaning never rests on colour alone (a projector washes it out, and NO_COLOR removes it):
steps carry ✔, bad moves ✘, rewound turns ↶ and the word.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from simulator.score.scoring import Score
from simulator.score.workshop import Figures, Row, Scoreboard
from simulator.ui import labels

#: The workshop's words, on the scoreboard, the projector and the facilitator's screen.
WORDS = labels.by_language("workshop")


def step_marks(steps: tuple[str, ...] | list[str], lang: str) -> Text:
    return Text("  ".join(f"✔ {labels.step(s, lang)}" for s in steps) or WORDS[lang]["nothing"],
                style="bold" if steps else "dim")


def bad_marks(moves: dict[str, int] | tuple[str, ...], lang: str) -> Text:
    counted = moves.items() if isinstance(moves, dict) else ((m, 1) for m in moves)
    marks = [f"✘ {labels.situation(move, lang)}" + (f" ×{n}" if n > 1 else "") for move, n in counted]
    return Text("  ".join(marks) or WORDS[lang]["nothing"], style="bold reverse" if marks else "dim")


def anger_change(change: float | None) -> str:
    if change is None:
        return "—"
    arrow = "▼" if change < 0 else "▲" if change > 0 else "="
    return f"{arrow} {change:+g}"


@dataclass
class ScoreboardView:
    """The whole scoreboard: the call's score, every attempt, then each trainee's figures."""

    board: Scoreboard
    score: Score
    lang: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        words = WORDS[self.lang]
        outcome = labels.outcome(self.score.outcome, self.lang)
        yield Text(f"{words['scoreboard']} · {words['score']}: {self.score.total}/100 · {words['outcome']}: {outcome}",
                   style="bold")
        yield self._turns(words)
        yield self._trainees(words)

    def _turns(self, words: dict[str, str]) -> Table:
        table = Table(title=words["by_turn"], box=box.SIMPLE_HEAVY, title_justify="left")
        for column in ("turn", "trainee", "steps", "bad", "anger"):
            table.add_column(words[column], justify="right" if column in ("turn", "anger") else "left")
        for row in self.board.rows:
            table.add_row(*self._turn_cells(row, words), style="dim strike" if row.rewound else None)
        return table

    def _turn_cells(self, row: Row, words: dict[str, str]) -> tuple:
        turn = f"↶ {row.turn} ({words['rewound']})" if row.rewound else str(row.turn)
        return turn, row.trainee, step_marks(row.steps, self.lang), bad_marks(row.bad_moves, self.lang), \
            anger_change(row.mood_change)

    def _trainees(self, words: dict[str, str]) -> Table:
        table = Table(title=words["by_trainee"], box=box.SIMPLE_HEAVY, title_justify="left")
        for column in ("trainee", "turns", "rewound", "steps", "bad", "mean"):
            table.add_column(words[column], justify="right" if column in ("turns", "rewound", "mean") else "left")
        for figures in self.board.trainees:
            table.add_row(*self._trainee_cells(figures))
        return table

    def _trainee_cells(self, f: Figures) -> tuple:
        steps = Text("  ".join(f"✔ {labels.step(s, self.lang)} (#{', #'.join(map(str, turns))})"
                               for s, turns in f.steps.items() if turns) or WORDS[self.lang]["nothing"])
        return f.trainee, str(f.turns), str(f.rewound), steps, bad_marks(f.bad_moves, self.lang), \
            anger_change(f.mean_mood_change)
