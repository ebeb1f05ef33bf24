"""Phrases a coach writes in YAML to hear what a trainee said about the case itself.

Moves say what kind of reply it was; phrases say what it was about: the remedy offered, the
detail asked for, the promise given. They are plain regular expressions per language, matched
case-insensitively, so they are deterministic and instant. An offer made under a negation
("I can't refund you") is no offer: the recogniser's own negation scope decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from simulator.moves import Span
from simulator.recognition.recogniser import lexicon, mask_quotes
from simulator.text import LANGS


@dataclass(frozen=True)
class Phrases:
    """Compiled patterns per language; `find` gives the first match a trainee really meant."""

    patterns: Mapping[str, tuple[re.Pattern, ...]]
    negatable: bool = True

    @classmethod
    def of(cls, spec: Mapping[str, Sequence[str]] | None, negatable: bool = True) -> "Phrases":
        spec = spec or {}
        return cls({lang: tuple(re.compile(p, re.IGNORECASE) for p in spec.get(lang, ())) for lang in LANGS},
                   negatable)

    def __bool__(self) -> bool:
        return any(self.patterns.values())

    def find(self, text: str, lang: str) -> Span | None:
        """The first match outside quotes and (for offers) outside a negation, or None."""
        masked = mask_quotes(text)
        for pattern in self.patterns.get(lang, ()):
            for match in pattern.finditer(masked):
                if match.end() == match.start():
                    continue
                if self.negatable and lexicon(lang).negated(masked, match.start()):
                    continue
                return Span(match.start(), match.end(), text[match.start():match.end()])
        return None


def bad_pattern(pattern: str) -> str | None:
    """Why a coach's pattern is not a valid regular expression, or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return None
