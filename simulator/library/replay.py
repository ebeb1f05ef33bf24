"""A stored call brought back to life: the same persona state, mood, seen moves, turn count and deck.

The engine is deterministic for a seed, so a fresh `Session` with the call's seed, fed the
stored trainee lines with the moves heard the first time (not heard again: the recogniser
may have changed since), lands exactly where the call stopped. Each replayed turn is
checked against the stored one, so a persona edited since then is noticed, not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario
from simulator.engine.session import Recogniser, Session, Turn
from simulator.library import catalog
from simulator.moves import Move


class Replayed:
    """A recogniser that hears, in order, the moves stored with each turn of the call."""

    def __init__(self, heard: list[list[dict[str, Any]]]):
        self._heard: Iterator[list[dict[str, Any]]] = iter(heard)

    def __call__(self, text: str, **_context: Any) -> list[Move]:
        return [Move.from_dict(m) for m in next(self._heard)]


class ReplayMismatch(LookupError):
    """The persona or scenario changed since the call: replaying it does not give the same turns."""


def restore(call: dict[str, Any], recogniser: Recogniser) -> Session:
    """The session of a stored call after its last stored turn, hearing new lines with `recogniser`."""
    persona = catalog.persona(call["persona_source"])
    scenario = catalog.scenario(call["scenario_source"])
    session = Session(persona, scenario, call["lang"], call["seed"], recogniser=Replayed(call["moves_heard"]))
    for stored in call["turns"]:
        turn = session.respond(stored["text"])
        same = (turn.mood_after, turn.state, turn.reply) == (stored["mood_after"], stored["state"], stored["reply"])
        if not same or session.opening != call["opening"]:
            raise ReplayMismatch(f"call {call['id']} cannot be resumed: {call['persona_source']} or "
                                 f"{call['scenario_source']} changed since (turn {stored['index']} comes out "
                                 f"differently); `dcsim show {call['id']}` still shows it as recorded")
    session.recognise = recogniser
    return session


@dataclass
class AsStored:
    """A stored call exactly as it was recorded, for showing and scoring when it no longer replays.

    It has what the debrief and the exports read of a session: persona, scenario, language,
    seed, opening, the facts, the turns and how the call ended.
    """

    persona: Persona
    scenario: Scenario
    lang: str
    seed: int
    opening: str
    turns: list[Turn]
    outcome: str | None

    @property
    def values(self) -> dict[str, str]:
        return self.scenario.values(self.lang)


def stored_session(call: dict[str, Any]) -> Session | AsStored:
    """A stored call as it was played, to show or score it (no new line can be heard).

    Replayed through the engine when the persona and scenario are unchanged; as recorded
    otherwise (a coach has edited the persona since), so old calls can always be shown.
    """
    try:
        return restore(call, _deaf)
    except ReplayMismatch:
        fields = ("index", "text", "mood_before", "mood_after", "state_before", "state", "reply", "outcome")
        heard = Replayed(call["moves_heard"])  # the stored moves as Move objects, turn by turn
        turns = [Turn(moves=heard(record.get("text", "")), **{k: record.get(k) for k in fields})
                 for record in call["turns"][:len(call["moves_heard"])]]
        return AsStored(catalog.persona(call["persona_source"]), catalog.scenario(call["scenario_source"]),
                        call["lang"], call["seed"], call["opening"], turns, call["outcome"])


def _deaf(text: str, **_context: Any) -> list[Move]:
    raise RuntimeError("a stored call being shown hears no new lines")
