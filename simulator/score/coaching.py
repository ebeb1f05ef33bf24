"""Coaching: what a trainee could say next, and what they should have said instead.

The model replies are data (`replies.yaml`) so coaches can rewrite them; this module only
decides which situation the trainee is in.
"""

from __future__ import annotations

from functools import cache
from typing import Iterable, Mapping

from simulator import datafile
from simulator.datafile import packaged
from simulator.engine.session import Session
from simulator.moves import FOUR_STEPS
from simulator.text import fill


@cache
def bank() -> dict:
    return datafile.load(packaged("coaching", "replies.yaml"), "replies").data


def next_step(seen: Iterable[str]) -> str:
    """The first step of the four-step method not yet taken, or `close` when all are done."""
    done = set(seen)
    return next((step for step in FOUR_STEPS if step not in done), "close")


def suggestion(situation: str, lang: str, values: Mapping[str, str], index: int = 0) -> str:
    """A model reply for a step (`apologise`…`close`, `listen`) or for a bad move to replace."""
    entry = bank()["steps"].get(situation) or bank()["instead"][situation]
    lines = entry[lang]
    return fill(lines[index % len(lines)], values)


def missing_offer(session: Session) -> str | None:
    """The remedy this call still lacks, in the agent's words (None when resolved or none named)."""
    offered = getattr(session, "offered", None)  # a call shown as stored has no live understanding
    if offered is None:
        return None
    missing = session.scenario.missing(offered)
    return session.scenario.say(missing[0], session.lang) if missing and not session.resolved else None


def unmet_need(session: Session) -> str | None:
    """What this customer still needs besides the remedy, in the agent's words (None when met or unknown)."""
    met = getattr(session, "needs", None)  # a call shown as stored has no live understanding
    if met is None:
        return None
    unmet = [need for need in session.persona.needs.values() if need.id not in met]
    return unmet[0].hint[session.lang] if unmet else None


def coach_values(session: Session) -> dict[str, str]:
    """The scenario's facts as the agent says them, the offer still to make (`{offer}`) and,
    when the call lacks something, what would have met it (`missing`: the remedy, else the need)."""
    values = session.scenario.agent_values(session.lang)
    offer = missing_offer(session)
    missing = offer or unmet_need(session)
    return {**values, "offer": offer or session.scenario.textbook(session.lang),
            **({"missing": missing} if missing else {})}


def hint(session: Session) -> str:
    """What is still missing in this call, in the agent's own voice.

    The first step not yet taken comes first; then the remedy the case still needs (never a
    generic "I'll sort it out" when the scenario says what sorts it out); then what this
    customer needs besides (it in writing, a name and a time); then a close.
    """
    lang, values, turn = session.lang, coach_values(session), len(session.turns)
    step = next_step(session.seen)
    if step in FOUR_STEPS[:3]:
        return suggestion(step, lang, values, turn)
    offer = missing_offer(session)
    if offer:
        return offer
    if step == "help" and not session.scenario.resolutions:
        return suggestion("help", lang, values, turn)
    return unmet_need(session) or suggestion("close", lang, values, turn)
