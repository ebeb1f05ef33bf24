"""The small vocabulary coaches use in a persona's `when:` to guard a transition.

Every key of a `when:` must hold for the transition to fire, so a coach composes behaviour
by listing conditions rather than writing logic. Each key becomes one predicate over the
`Situation` of the current turn.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from simulator.moves import BAD_MOVES

Predicate = Callable[["Situation"], bool]


@dataclass(frozen=True)
class Situation:
    """What a guard may look at: this turn's moves, the whole call so far, and the mood."""

    moves: frozenset[str]
    seen: Counter = field(default_factory=Counter)  # moves over the call, this turn included
    mood: int = 50                                  # anger after this turn's deltas
    turn: int = 1                                   # trainee turns so far, this one included
    state_turns: int = 1                            # turns spent in the current state
    offers: frozenset[str] = frozenset()            # remedies offered this turn (scenario ids)
    short: frozenset[str] = frozenset()             # of those, the ones that fall short
    asked: frozenset[str] = frozenset()             # scenario details asked about this turn
    resolved: bool = False                          # the scenario's resolution offered, over the call
    needs_met: bool = True                          # the persona's own needs met, over the call
    timed: bool = False                             # this turn named when ("by 12:40", 三点前, "within 24 hours")
    early_goodbye: bool = False                     # this turn said goodbye with nothing that resolves the case

    @property
    def offered(self) -> bool:
        """A remedy that does not fall short was offered this turn."""
        return bool(self.offers - self.short)


_RULES: dict[str, Callable[[Any], Predicate]] = {
    "any": lambda names: lambda s: bool(s.moves & set(names)),
    "all": lambda names: lambda s: set(names) <= s.moves,
    "none": lambda names: lambda s: not (s.moves & set(names)),
    "seen": lambda names: lambda s: all(s.seen[n] for n in names),
    "not_seen": lambda names: lambda s: not any(s.seen[n] for n in names),
    "count_at_least": lambda counts: lambda s: all(s.seen[n] >= k for n, k in counts.items()),
    "mood_below": lambda limit: lambda s: s.mood < limit,
    "mood_at_least": lambda limit: lambda s: s.mood >= limit,
    "turns_at_least": lambda n: lambda s: s.turn >= n,
    "state_turns_at_least": lambda n: lambda s: s.state_turns >= n,
    "no_moves": lambda flag: lambda s: (not s.moves) == flag,
    "offered": lambda flag: lambda s: s.offered == flag,
    "offered_short": lambda flag: lambda s: bool(s.short) == flag,
    "asked_detail": lambda flag: lambda s: bool(s.asked) == flag,
    "resolved": lambda flag: lambda s: s.resolved == flag,
    "needs_met": lambda flag: lambda s: s.needs_met == flag,
    "timed": lambda flag: lambda s: s.timed == flag,
    "faulted": lambda flag: lambda s: bool(s.moves & set(BAD_MOVES)) == flag,
}


def compile_when(when: Mapping[str, Any] | None) -> Predicate:
    """One predicate that holds when every condition in `when` holds (no `when`: always)."""
    predicates = [_RULES[key](value) for key, value in (when or {}).items()]
    return lambda situation: all(p(situation) for p in predicates)


def describe(when: Mapping[str, Any] | None) -> str:
    """A short human reading of a `when:`, for lint output and state diagrams."""
    if not when:
        return "otherwise"
    parts = []
    for key, value in when.items():
        if isinstance(value, list):
            value = "|".join(value)
        elif isinstance(value, dict):
            value = ",".join(f"{k}>={v}" for k, v in value.items())
        parts.append(key if value is True else f"not {key}" if value is False else f"{key} {value}")
    return " & ".join(parts)
