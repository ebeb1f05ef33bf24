"""One practice call: the trainee speaks, the persona's machine moves, the customer answers.

The session is the engine's single entry point and knows nothing of terminals. Each
`respond()` returns a complete `Turn` record, so any front end (interactive, scripted, a
workshop projector) and the scorer work from the same facts. The same seed always gives
the same conversation.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

from simulator.engine.conditions import Situation
from simulator.engine.persona import EVENT, Persona
from simulator.engine.scenario import Scenario
from simulator.moves import Move
from simulator.recognition.recogniser import recognise
from simulator.text import clean, fill

Recogniser = Callable[..., list[Move]]

#: Anger is a 0–100 scale.
MOOD_MIN, MOOD_MAX = 0, 100


@dataclass
class Turn:
    """Everything that happened in one exchange, as plain data."""

    index: int
    text: str
    moves: list[dict[str, Any]]
    mood_before: int
    mood_after: int
    state_before: str
    state: str
    reply: str
    outcome: str | None = None

    @property
    def move_names(self) -> list[str]:
        return [m["name"] for m in self.moves]

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["moves"] = self.move_names
        record["spans"] = {m["name"]: m["spans"] for m in self.moves}
        return record


@dataclass
class LineDeck:
    """Draws a state's lines without repeating one until all have been said."""

    rng: random.Random
    decks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    last: dict[tuple[str, str], str] = field(default_factory=dict)

    def draw(self, key: tuple[str, str], lines: Sequence[str]) -> str:
        deck = self.decks.get(key)
        if not deck:
            deck = list(lines)
            self.rng.shuffle(deck)
            if len(deck) > 1 and deck[-1] == self.last.get(key):  # no echo across a reshuffle
                deck[0], deck[-1] = deck[-1], deck[0]
            self.decks[key] = deck
        self.last[key] = deck.pop()
        return self.last[key]


class Session:
    """A call between a trainee and one persona playing one scenario."""

    def __init__(self, persona: Persona, scenario: Scenario, lang: str = "zh", seed: int = 0,
                 recogniser: Recogniser = recognise):
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        self.persona, self.scenario, self.lang, self.seed = persona, scenario, lang, seed
        self.recognise = recogniser
        self.rng = random.Random(seed)
        self.deck = LineDeck(self.rng)
        self.machine = persona.machine()
        self.mood = persona.start_mood
        self.seen: Counter = Counter()
        self.turns: list[Turn] = []
        self.state_turns = 0
        self.values = scenario.values(lang)
        openers = persona.data.get("openers") or scenario.data["openers"]  # a persona may bring its own
        self.opening = fill(self.rng.choice(openers[lang]), self.values)
        self.last_reply = self.opening

    @property
    def state(self) -> str:
        return next(iter(self.machine.configuration)).id

    @property
    def outcome(self) -> str | None:
        return self.persona.outcome(self.state)

    @property
    def over(self) -> bool:
        return self.outcome is not None

    def respond(self, text: str) -> Turn:
        """Hear one trainee utterance and play the customer's answer."""
        if self.over:
            raise RuntimeError("the call has ended")
        text = clean(text)  # pasted bytes or escape codes must not break the transcript or the screen
        moves = self.recognise(text, lang=self.lang, context=[self.last_reply])
        names = frozenset(m.name for m in moves)
        self.seen.update(names)
        before, state_before = self.mood, self.state
        self.mood = max(MOOD_MIN, min(MOOD_MAX, self.mood + self.persona.delta(names)))
        self.state_turns += 1
        situation = Situation(names, self.seen, self.mood, len(self.turns) + 1, self.state_turns)
        self.machine.send(EVENT, situation=situation)
        if self.state != state_before:
            self.state_turns = 0
        reply = self._line(self.state)
        turn = Turn(len(self.turns) + 1, text, [m.to_dict() for m in moves], before, self.mood,
                    state_before, self.state, reply, self.outcome)
        self.turns.append(turn)
        self.last_reply = reply
        return turn

    def _line(self, state: str) -> str:
        line = self.deck.draw((state, self.lang), self.persona.lines(state, self.lang))
        return fill(line, self.values)

    def restart(self) -> "Session":
        """A fresh call with the same persona, scenario, language and seed."""
        return Session(self.persona, self.scenario, self.lang, self.seed, self.recognise)
