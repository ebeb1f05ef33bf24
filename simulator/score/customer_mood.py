"""Estimating a real customer's anger, turn by turn, from their own words.

A practice persona knows its mood; a real transcript does not, yet the debrief needs a mood
curve and the score needs to know how the call ended. The estimate works like the move
recogniser: cues from a coach-editable bilingual lexicon (`coaching/customer_cues.yaml`),
each with the words that triggered it, so every point of the curve can be traced and
argued with. The estimator reads customer lines only; the agent's words never move it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Sequence


from simulator import datafile
from simulator.datafile import packaged
from simulator.language import detect
from simulator.recognition.recogniser import CLAUSE

#: Outcomes a cue may announce, strongest first: a final turn with a threat and a thank-you
#: ("thanks, but I'm going to the press") is a threat.
OUTCOME_PRIORITY: tuple[str, ...] = ("exposure", "escalated", "hung_up", "satisfied")
MAX_CHARS = 4000


@dataclass(frozen=True)
class Category:
    """One kind of cue (anger, thanks…): how far it moves anger, and its patterns per language.

    A language's patterns are joined into one alternation, tried in the order written, so a
    line is scanned once per category however long the lists grow.
    """

    name: str
    delta: int
    up_to: int
    outcome: str | None
    negatable: bool
    patterns: dict[str, tuple[re.Pattern, ...]]
    later_only: bool = False


@dataclass(frozen=True)
class Band:
    below: int
    id: str
    labels: dict[str, str]


@dataclass(frozen=True)
class CueLexicon:
    """The compiled cue file."""

    baseline: int
    carry: float
    satisfied_below: int
    calm_below: int
    window: int
    negators: dict[str, re.Pattern]
    bands: tuple[Band, ...]
    categories: tuple[Category, ...]

    @classmethod
    def load(cls, path: Path | str | None = None) -> "CueLexicon":
        data = datafile.load(packaged("coaching", "customer_cues.yaml") if path is None else path, "cues").data
        categories = tuple(_category(name, spec) for name, spec in data["cues"].items())
        bands = tuple(Band(int(b["below"]), b["id"], {"en": b["en"], "zh": b["zh"]}) for b in data["bands"])
        negators = {lang: re.compile(p, re.IGNORECASE) for lang, p in data["negators"].items()}
        return cls(int(data["baseline"]), float(data["carry"]), int(data["satisfied_below"]),
                   int(data["calm_below"]), int(data.get("window", 12)), negators, bands, categories)

    def negated(self, text: str, start: int, lang: str) -> bool:
        """A negator shortly before `start`, in the same clause ("not solved", "没解决")."""
        clause = CLAUSE.split(text[max(0, start - self.window):start])[-1]
        return bool(self.negators[lang].search(clause))

    def band(self, anger: int) -> Band:
        return next((b for b in self.bands if anger < b.below), self.bands[-1])


def _category(name: str, spec: dict[str, Any]) -> Category:
    flags = 0 if spec.get("case_sensitive") else re.IGNORECASE
    patterns = {lang: (re.compile("|".join(f"(?:{p})" for p in spec[lang]), flags),) if spec.get(lang) else ()
                for lang in ("en", "zh")}
    return Category(name, int(spec["delta"]), int(spec.get("up_to", 1)), spec.get("outcome"),
                    bool(spec.get("negatable", False)), patterns, bool(spec.get("later_only", False)))


@cache
def lexicon() -> CueLexicon:
    return CueLexicon.load()


@dataclass(frozen=True)
class Cue:
    """One cue heard in a customer's line: what kind, how far it moved anger, and where."""

    category: str
    delta: int
    start: int
    end: int
    text: str
    outcome: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "delta": self.delta, "start": self.start, "end": self.end,
                "text": self.text, **({"outcome": self.outcome} if self.outcome else {})}


@dataclass(frozen=True)
class MoodTurn:
    """The estimate after one customer line: anger before and after, and the cues that moved it.

    `level` is what this line alone says (the baseline plus its cues, within 0-100); the anger
    after blends it with the anger before. Cues past a category's `up_to` are shown but count 0.
    """

    text: str
    anger_before: int
    anger_after: int
    cues: tuple[Cue, ...] = field(default_factory=tuple)
    state: str = ""
    level: int = 0

    @property
    def outcomes(self) -> set[str]:
        return {c.outcome for c in self.cues if c.outcome}

    def to_dict(self) -> dict[str, Any]:
        return {"anger_before": self.anger_before, "anger_after": self.anger_after, "level": self.level,
                "state": self.state, "cues": [c.to_dict() for c in self.cues]}


def cues(text: str, lang: str | None = None, lex: CueLexicon | None = None, first: bool = False) -> list[Cue]:
    """Every cue in `text`, in category order then position; overlapping words are heard once.

    `first` marks the customer's opening line, where a `later_only` category is not heard:
    "it doesn't work" there states the problem, while later it says the help did not work.
    """
    lex = lex or lexicon()
    text = text[:MAX_CHARS] if isinstance(text, str) else ""
    lang = lang if lang in ("zh", "en") else detect(text)
    taken: list[tuple[int, int]] = []
    found: list[Cue] = []
    for category in lex.categories:
        if first and category.later_only:
            continue
        heard = 0
        for start, end in _matches(category, text, lang, lex, taken):
            heard += 1
            taken.append((start, end))
            delta = category.delta if heard <= category.up_to else 0
            found.append(Cue(category.name, delta, start, end, text[start:end], category.outcome))
    return found


def _matches(category: Category, text: str, lang: str, lex: CueLexicon,
             taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in category.patterns.get(lang, ()):
        for match in pattern.finditer(text):
            start, end = match.span()
            if end == start or _overlaps(start, end, taken + spans):
                continue
            if category.negatable and lex.negated(text, start, lang):
                continue
            spans.append((start, end))
    return sorted(spans)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def estimate(lines: Iterable[str], lang: str | None = None, lex: CueLexicon | None = None) -> list[MoodTurn]:
    """The anger curve over a customer's lines, starting from the lexicon's baseline.

    Each line's own level (baseline plus cues) is blended with the anger before it, so the
    latest words weigh most: a furious start followed by "great, thanks" ends calm, as the
    customer's last words are the best evidence of how they left.
    """
    lex = lex or lexicon()
    anger, turns = lex.baseline, []
    for position, text in enumerate(lines):
        found = cues(text, lang, lex, first=position == 0)
        level = max(0, min(100, lex.baseline + sum(c.delta for c in found)))
        after = round(lex.carry * anger + (1 - lex.carry) * level)
        turns.append(MoodTurn(text, anger, after, tuple(found), lex.band(after).id, level))
        anger = after
    return turns


def ending(turns: Sequence[MoodTurn], lex: CueLexicon | None = None) -> tuple[str | None, int | None]:
    """How the call ended, and which customer turn (0-based) says so.

    The last customer turn decides with its explicit cues (a manager, a threat to go public,
    leaving, thanks). A threat in the turn before still stands unless the last turn settles
    it. Without cues, a curve ending calm reads as satisfied; otherwise nobody knows.
    """
    lex = lex or lexicon()
    if not turns:
        return None, None
    last = len(turns) - 1
    final = turns[last].anger_after
    said = _strongest(turns[last].outcomes, final, lex)
    if said:
        return said, last
    if last > 0 and not turns[last].outcomes:
        earlier = _strongest(turns[last - 1].outcomes - {"satisfied"}, final, lex)
        if earlier:
            return earlier, last - 1
    if final < lex.calm_below:
        return "satisfied", last
    return None, last


def _strongest(outcomes: set[str], final: int, lex: CueLexicon) -> str | None:
    for outcome in OUTCOME_PRIORITY:
        if outcome in outcomes and (outcome != "satisfied" or final < lex.satisfied_below):
            return outcome
    return None


def state_label(state: str, lang: str, lex: CueLexicon | None = None) -> str:
    lex = lex or lexicon()
    return next((b.labels[lang] for b in lex.bands if b.id == state), state)
