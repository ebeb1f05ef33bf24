"""A finished (or interrupted) call as plain data: the `--json` contract and exports."""

from __future__ import annotations

from typing import Any

from simulator.scoring import Score, score_turns
from simulator.session import Session


def score_session(session: Session) -> Score:
    return score_turns(session.turns, session.outcome)


def call_record(session: Session) -> dict[str, Any]:
    """`turns`, `outcome` and `score` at the top level, as scripts outside the project expect."""
    scored = score_session(session).to_dict()
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
    }
