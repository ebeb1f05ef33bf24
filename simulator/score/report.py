"""A finished (or interrupted) call as plain data: the `--json` contract and exports."""

from __future__ import annotations

from typing import Any

from simulator.engine.session import Session
from simulator.score.debrief import Debrief, from_session
from simulator.score.scoring import Score, score_turns


def score_session(session: Session) -> Score:
    """The score of a practice call, the persona's starting anger included in its mood curve."""
    return score_turns(session.turns, session.outcome, start_mood=session.persona.start_mood)


def debrief_session(session: Session) -> Debrief:
    return from_session(session, score_session(session))


def call_record(session: Session, debrief: Debrief | None = None) -> dict[str, Any]:
    """`turns`, `outcome` and `score` at the top level, as scripts outside the project expect.

    New keys are only ever added beside these (`breakdown`, `steps`, `improvements`).
    """
    debrief = debrief or debrief_session(session)
    scored = debrief.score.to_dict()
    return {
        "persona": session.persona.id,
        "scenario": session.scenario.id,
        "lang": session.lang,
        "seed": session.seed,
        "opening": session.opening,
        "turns": [turn.to_dict() for turn in session.turns],
        "outcome": session.outcome,
        "mood_curve": [session.persona.start_mood] + [t.mood_after for t in session.turns],
        "score": scored["total"],
        "breakdown": scored["breakdown"],
        "steps": scored["steps"],
        "improvements": [i.to_dict() for i in debrief.advice],
    }
