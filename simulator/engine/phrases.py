"""Phrases a coach writes in YAML to hear what a trainee said about the case itself.

Moves say what kind of reply it was; phrases say what it was about: the remedy offered, the
detail asked for, the promise given. They are plain regular expressions per language, matched
case-insensitively, so they are deterministic and instant. A commitment (an offer, a promise)
counts only when it is made: not under a negation ("I can't refund you": the recogniser's own
negation scope decides), and not in a clause that asks about it or is still checking it
("Would you like a refund?", "I'm checking the 19:45 flight": `commitments.yaml` says how).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Mapping, Sequence

from simulator import datafile
from simulator.moves import Span
from simulator.recognition.recogniser import CLAUSE, lexicon, mask_quotes
from simulator.text import LANGS, SENTENCE_END

#: A phrase is said within one sentence: '今晚.{0,8}飞' must not join "今晚必须到新加坡。飞机…" (play-test 7).
_ACROSS = re.compile(SENTENCE_END)


@dataclass(frozen=True)
class Phrases:
    """Compiled patterns per language; `find` gives the first match a trainee really meant."""

    patterns: Mapping[str, tuple[re.Pattern, ...]]
    negatable: bool = True  # an offer or a promise: not made under a negation ("I can't refund you")
    firm: bool = True       # nor in a clause asking about it or still checking it (`_not_meant`)

    @classmethod
    def of(cls, spec: Mapping[str, Sequence[str]] | None, negatable: bool = True, firm: bool = True) -> "Phrases":
        spec = spec or {}
        return cls({lang: tuple(re.compile(p, re.IGNORECASE) for p in spec.get(lang, ())) for lang in LANGS},
                   negatable, firm and negatable)

    def __bool__(self) -> bool:
        return any(self.patterns.values())

    def find(self, text: str, lang: str, put: str = "") -> Span | None:
        """The first match outside quotes and (for an offer or a promise) really made, or None.

        With `put="question"`: the first one put to the customer as a question instead ("Would
        you like a refund or a credit?"), so the customer can pick the remedy it wants.
        """
        masked = mask_quotes(text)
        for pattern in self.patterns.get(lang, ()):
            for match in pattern.finditer(masked):
                if match.end() == match.start() or _ACROSS.search(match.group()[:-1]):
                    continue
                if self.negatable and lexicon(lang).negated(masked, match.start()):
                    continue
                if self.negatable and _not_meant(self.firm, not_yet(masked, match.start(), match.end(), lang), put):
                    continue
                if self.negatable and told(masked, match.start(), match.end(), lang):
                    continue
                return Span(match.start(), match.end(), text[match.start():match.end()])
        return None


#: Clauses that never offer a remedy, not even one that falls short ("the rules say ten working days
#: for a paper reissue, but…", "a reissue isn't possible"; play-test 12). Asking about one that falls
#: short, or checking it, still puts it to the customer ("Could you try the cleaning disk again?").
NEVER_OFFERED = ("rule", "refused")


def _not_meant(firm: bool, kind: str, put: str) -> bool:
    """Is a phrase in a clause of `kind` (`not_yet`) not what was `put` to the customer?"""
    return kind != put if firm else kind in NEVER_OFFERED and not put


def not_yet(text: str, start: int, end: int, lang: str) -> str:
    """Why the words at `start:end` commit to nothing yet ('question', 'checking'…), or ''."""
    clause = _clause(text, start, end)
    return next((kind for kind, patterns in _not_yet(lang).items() if any(p.search(clause) for p in patterns)), "")


def _clause(text: str, start: int, end: int) -> str:
    """The clause around `start:end`, with the punctuation that closes it (a '?' says it asks)."""
    begin = max((m.end() for m in CLAUSE.finditer(text, 0, start)), default=0)
    close = CLAUSE.search(text, end)
    return text[begin:close.end() if close else len(text)]


def told(text: str, start: int, end: int, lang: str) -> bool:
    """Do the words at `start:end` tell back what someone else said or did to the customer? `commitments.yaml`."""
    clause = _clause(text, start, end)
    return any(p.search(clause) for p in _patterns("told", lang))


def names_a_time(text: str, lang: str) -> bool:
    """Does `text` say when something will happen ("by 12:40", 三点前)? `commitments.yaml`'s `time:`."""
    return _says("time", text, lang)


def offers_a_choice(text: str, lang: str) -> bool:
    """Does `text` put alternatives to the customer ("…the landline or your mobile?")? `commitments.yaml`."""
    return choice_in(text, lang) is not None


def choice_in(text: str, lang: str) -> Span | None:
    """The words that put alternatives to the customer, from the first option to the question, or None."""
    masked = mask_quotes(text)
    found = (m for p in _patterns("choice", lang) for m in [p.search(masked)] if m)
    match = min(found, key=lambda m: m.start(), default=None)
    return Span(match.start(), match.end(), text[match.start():match.end()]) if match else None


def first_option_end(text: str, lang: str) -> int | None:
    """Where the first option of a choice ends in `text` (the sentences that put it): at the word that
    opens the second ("or", 还是; `commitments.yaml`'s `alternative:`), or None without one."""
    masked = mask_quotes(text)
    found = [m.start() for p in _patterns("alternative", lang) for m in [p.search(masked)] if m]
    return min(found, default=None)


def promises(text: str, lang: str) -> bool:
    """Does `text` commit the trainee to something ("I can…", 我会…)? `commitments.yaml`'s `promise:`."""
    return _says("promise", text, lang)


def prefers(text: str, lang: str) -> bool:
    """Does an option name what a customer takes when its case does not decide (`prefer:`, its money back)?"""
    return _says("prefer", text, lang)


def says_goodbye(text: str, lang: str) -> bool:
    """Does `text` take leave of the customer ("bye", 再见)? `commitments.yaml`."""
    return _says("goodbye", text, lang)


def channels_in(text: str, lang: str) -> dict[str, str]:
    """The ways of reaching the customer that `text` names outside quotes (`commitments.yaml`'s
    `channels`), each with its words as said: {"email": "email"}, {"sms": "短信"}."""
    masked = mask_quotes(text)
    found = {}
    for name, patterns in _channels(lang).items():
        match = next((m for p in patterns for m in [p.search(masked)] if m), None)
        if match:
            found[name] = text[match.start():match.end()]
    return found


def _says(key: str, text: str, lang: str) -> bool:
    """Does `text`, outside quotes, match one of `commitments.yaml`'s `key` patterns?"""
    masked = mask_quotes(text)
    return any(p.search(masked) for p in _patterns(key, lang))


@cache
def _commitments() -> dict:
    return datafile.load(datafile.packaged("commitments.yaml"), "commitments").data


@cache
def _channels(lang: str) -> dict[str, tuple[re.Pattern, ...]]:
    return {name: tuple(re.compile(p, re.IGNORECASE) for p in spec[lang])
            for name, spec in _commitments().get("channels", {}).items()}


@cache
def _not_yet(lang: str) -> dict[str, tuple[re.Pattern, ...]]:
    kinds = _commitments()["not_yet"]
    return {kind: tuple(re.compile(p, re.IGNORECASE) for p in spec[lang]) for kind, spec in kinds.items()}


@cache
def _patterns(key: str, lang: str) -> tuple[re.Pattern, ...]:
    """`choice`, `time` or `told` of `commitments.yaml`, compiled."""
    return tuple(re.compile(p, re.IGNORECASE) for p in _commitments().get(key, {}).get(lang, ()))


def bad_pattern(pattern: str) -> str | None:
    """Why a coach's pattern is not a valid regular expression, or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return None
