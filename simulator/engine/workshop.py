"""A workshop: one customer, a room of trainees taking turns, a facilitator in charge.

The workshop wraps one `Session` and remembers who said each turn. The facilitator can
pause the room (trainee lines are refused until it resumes), pass the turn on, let the
room vote on a reply, and rewind: the last turns are undone so someone can try again,
yet they stay in the record, marked `rewound`, because the discarded branch is what the
room discusses. Rewinding replays the kept turns through a fresh session with the same
seed, hearing the moves already recorded, so the call after a rewind is exactly the call
it was at that point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from simulator.engine.session import Session, Turn


class WorkshopError(Exception):
    """Something the facilitator asked for cannot be done now; the message says why and what to do."""


@dataclass
class Attempt:
    """One turn of the call and the trainee who said it; `rewound` once the facilitator undid it."""

    trainee: str
    turn: Turn
    rewound: bool = False
    proposals: list[tuple[str, str]] = field(default_factory=list)  # the room's vote this turn won

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"trainee": self.trainee, **self.turn.to_dict()}
        if self.rewound:
            record["rewound"] = True
        if self.proposals:
            record["proposals"] = [{"trainee": who, "text": text} for who, text in self.proposals]
        return record


def replayed(session: Session, turns: Sequence[Turn]) -> Session:
    """The call as it stood after `turns`: a fresh session with the same seed hearing the recorded moves."""
    heard = iter([list(t.moves) for t in turns])
    fresh = session.restart()
    fresh.recognise = lambda *_args, **_kwargs: next(heard)
    for turn in turns:
        fresh.respond(turn.text)
    fresh.recognise = session.recognise
    return fresh


class Workshop:
    """The shared call, the rotation of trainees, and everything said, rewound turns included."""

    def __init__(self, session: Session, trainees: Sequence[str]):
        names = [name.strip() for name in trainees if name.strip()]
        if not names:
            raise WorkshopError("a workshop needs at least one trainee, e.g. --trainees \"Ana,Bo,Chen\"")
        twice = sorted({n for n in names if [m.casefold() for m in names].count(n.casefold()) > 1})
        if twice:
            raise WorkshopError(f"each trainee needs a name of their own: {', '.join(twice)} appears twice")
        self.session = session
        self.trainees: list[str] = names
        self.record: list[Attempt] = []
        self.paused = False
        self.proposals: list[tuple[str, str]] | None = None  # an open vote, until the facilitator picks
        self._speaker = 0

    @property
    def speaker(self) -> str:
        """Whose turn it is to answer the customer."""
        return self.trainees[self._speaker]

    @property
    def kept(self) -> list[Attempt]:
        """The turns of the call as it now stands (rewound ones left out)."""
        return [a for a in self.record if not a.rewound]

    @property
    def over(self) -> bool:
        return self.session.over

    def trainee(self, name: str) -> str:
        """The trainee called `name` (any case), or an error listing the room."""
        for trainee in self.trainees:
            if trainee.casefold() == name.strip().casefold():
                return trainee
        raise WorkshopError(f"no trainee called {name!r}; the room is {', '.join(self.trainees)}")

    def say(self, text: str, trainee: str | None = None) -> Attempt:
        """A trainee answers the customer (the one whose turn it is unless named); the rotation moves on."""
        self._ready()
        if self.proposals is not None:
            raise WorkshopError("a vote is open: add proposals, then /pick N")
        return self._play(text, self.trainee(trainee) if trainee else self.speaker, [])

    def pass_turn(self) -> str:
        """`/next`: the next trainee in the rotation answers instead; who that is."""
        self._speaker = (self._speaker + 1) % len(self.trainees)
        return self.speaker

    def toggle_pause(self) -> bool:
        """`/pause` freezes the room, `/pause` again (or `/resume`) lets it go on; whether it is now paused."""
        self.paused = not self.paused
        return self.paused

    def rewind(self, count: int = 1) -> list[Attempt]:
        """Undo the last `count` turns; the first undone speaker gets the turn back. The undone attempts."""
        kept = self.kept
        if not 1 <= count <= len(kept):
            raise WorkshopError(f"/rewind takes 1 to {len(kept)} turns" if kept else "nothing to rewind yet")
        undone = kept[-count:]
        for attempt in undone:
            attempt.rewound = True
        self.session = replayed(self.session, [a.turn for a in self.kept])
        self._speaker = self.trainees.index(undone[0].trainee)
        self.proposals = None
        return undone

    def vote(self) -> None:
        """`/vote`: the room proposes replies (each a trainee line) until the facilitator picks one."""
        self._ready()
        self.proposals = []

    def propose(self, text: str, trainee: str | None = None) -> int:
        """Add a proposal to the open vote; its number for `/pick`."""
        if self.proposals is None:
            raise WorkshopError("no vote is open: /vote first")
        self.proposals.append((self.trainee(trainee) if trainee else self.speaker, text))
        return len(self.proposals)

    def pick(self, number: int) -> Attempt:
        """The facilitator chooses proposal `number` (from 1): it is played as its proposer's turn."""
        proposals = self.proposals
        if proposals is None:
            raise WorkshopError("no vote is open: /vote first")
        if not 1 <= number <= len(proposals):
            raise WorkshopError(f"/pick takes 1 to {len(proposals)}" if proposals else "no proposal yet")
        self._ready()
        self.proposals = None
        trainee, text = proposals[number - 1]
        return self._play(text, trainee, proposals)

    def _play(self, text: str, trainee: str, proposals: list[tuple[str, str]]) -> Attempt:
        attempt = Attempt(trainee, self.session.respond(text), proposals=proposals)
        self.record.append(attempt)
        self._speaker = (self.trainees.index(trainee) + 1) % len(self.trainees)
        return attempt

    def _ready(self) -> None:
        if self.paused:
            raise WorkshopError("the room is paused: /resume (or /pause again) to go on")
        if self.session.over:
            raise WorkshopError("the call has ended: /rewind N to try again, or /end")
