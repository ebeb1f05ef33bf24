"""The move vocabulary: the fixed names every other module speaks in.

Recognisers produce moves, personas react to them, scoring judges them. Keeping the names
in one place means a typo in a persona file is caught at load time instead of silently
never matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GOOD_MOVES: tuple[str, ...] = (
    "apologise", "empathise", "own", "help", "restate", "ask", "thank", "greet", "close",
)
BAD_MOVES: tuple[str, ...] = (
    "refuse", "argue", "hedge", "policy_wall", "blame_customer", "blame_colleague",
    "dont_know", "deflect", "dismiss", "delay", "doubt", "insult",
)
MOVES: tuple[str, ...] = GOOD_MOVES + BAD_MOVES

#: The four-step anger method, in the order the source material teaches it.
FOUR_STEPS: tuple[str, ...] = ("apologise", "empathise", "own", "help")


@dataclass(frozen=True)
class Span:
    """Where in the utterance a move was heard: character offsets and the words there."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Move:
    """One move heard in an utterance, with the evidence for it."""

    name: str
    confidence: float
    spans: tuple[Span, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(cls, record: dict) -> "Move":
        """The inverse of `to_dict`, for moves read back from a store or a file."""
        return cls(record["name"], record.get("confidence", 1.0),
                   tuple(Span(s["start"], s["end"], s["text"]) for s in record.get("spans", ())))

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "confidence": round(self.confidence, 3),
            "spans": [{"start": s.start, "end": s.end, "text": s.text} for s in self.spans],
        }
