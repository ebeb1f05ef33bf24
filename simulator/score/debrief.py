"""The debrief of a call as plain data: the timeline, the mood curve, the score and the advice.

A practice session and a real transcript become the same `Debrief`, so the terminal, the
exports and the JSON all show one thing, and a coach reading a real chat sees it exactly as
a trainee sees a practice call. Nothing here draws; `debrief_render` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from simulator.engine.session import Session
from simulator.score.coaching import coach_values
from simulator.score.improvements import Improvement, Said, improvements
from simulator.score.scoring import Score


@dataclass
class Line:
    """One line of the timeline, by the customer or the agent.

    `id` is how the score points at the line (a practice call numbers the agent's replies;
    a transcript numbers every line). Agent lines carry moves, customer lines of a transcript
    carry the mood cues heard in them; both carry spans into `text`.
    """

    role: str
    text: str
    id: int | None = None
    reply: int | None = None
    moves: list[dict[str, Any]] = field(default_factory=list)
    cues: list[dict[str, Any]] = field(default_factory=list)
    mood_before: int | None = None
    mood_after: int | None = None
    state: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Only what the line has: a customer line of a practice call has no moves, cues or mood."""
        record = {"role": self.role, "text": self.text, "id": self.id, "reply": self.reply, "moves": self.moves,
                  "cues": self.cues, "mood_before": self.mood_before, "mood_after": self.mood_after,
                  "state": self.state}
        return {k: v for k, v in record.items() if v is not None and v != []}


@dataclass(frozen=True)
class Point:
    """One point of the mood curve: a label for the x axis and the anger there."""

    label: str
    anger: int


@dataclass
class Debrief:
    kind: str                      # "practice" or "transcript"
    title: str
    lang: str
    lines: list[Line]
    curve: list[Point]
    score: Score
    advice: list[Improvement]
    estimated: bool = False        # the curve is estimated from the customer's words
    persona_advice: str = ""       # how to handle this kind of customer (practice calls)

    @property
    def replies(self) -> list[Line]:
        return [line for line in self.lines if line.role == "agent"]

    def to_dict(self) -> dict[str, Any]:
        scored = self.score.to_dict()
        return {"kind": self.kind, "title": self.title, "lang": self.lang,
                "score": scored["total"], "breakdown": scored["breakdown"], "steps": scored["steps"],
                "outcome": scored["outcome"], "mood_estimated": self.estimated,
                "mood_curve": [{"label": p.label, "anger": p.anger} for p in self.curve],
                "timeline": [line.to_dict() for line in self.lines],
                "improvements": [i.to_dict() for i in self.advice], "persona_advice": self.persona_advice}


def advise(score: Score, lines: Sequence[Line], lang: str, values: Mapping[str, str] | None = None) -> list[Improvement]:
    """The three improvements for these lines (agent lines only are the trainee's words)."""
    said = [Said(line.id if line.id is not None else i, line.text, line.moves)
            for i, line in enumerate((ln for ln in lines if ln.role == "agent"), 1)]
    return improvements(score, said, lang, values)


def from_session(session: Session, score: Score) -> Debrief:
    """A practice call's debrief: the persona's own mood and states, reply by reply."""
    persona, lang = session.persona, session.lang
    lines = [Line("customer", session.opening)]
    curve = [Point("0", persona.start_mood)]
    for turn in session.turns:
        lines.append(Line("agent", turn.text, turn.index, turn.index, [m.to_dict() for m in turn.moves], [], turn.mood_before,
                          turn.mood_after, persona.label(turn.state, lang)))
        lines.append(Line("customer", turn.reply))
        curve.append(Point(str(turn.index), turn.mood_after))
    title = f"{persona.name(lang)} · {session.scenario.title(lang)}"
    return Debrief("practice", title, lang, lines, curve, score, advise(score, lines, lang, coach_values(session)),
                   persona_advice=persona.advice(lang))
