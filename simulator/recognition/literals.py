"""The literal text a regular expression cannot match without, and finding it fast.

The recogniser runs a few hundred patterns over every utterance, and Python's `re` tries
each pattern at every position even when the words it is built on are nowhere in the text.
So each pattern is given the set of literals one of which every match must contain ("sorry"
for `\\b(so|very)?\\s*sorry\\b`, {"规定", "制度"} for `(公司)?(规定|制度)`); one Aho-Corasick
pass (pyahocorasick) finds which of all the lexicon's literals a text holds, and a pattern
whose literals are all absent is not run. The answer only skips work: it never changes what
a pattern matches.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's vocabulary; stable since Python 3.11
from re import _parser
from typing import Iterable

import ahocorasick

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


def required(pattern: str) -> frozenset[str] | None:
    """Case-folded strings one of which every match of `pattern` contains, or None if unknown.

    Matching is assumed case-insensitive: test the set against the case-folded text.
    """
    try:
        needs = _sequence(list(_parser.parse(pattern)))
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    return frozenset(needs) if needs else None


class Finder:
    """Which of many literals occur in a text, all found in one pass."""

    def __init__(self, words: Iterable[str]):
        self._automaton = ahocorasick.Automaton()
        for word in set(words):
            self._automaton.add_word(word, word)
        if len(self._automaton):
            self._automaton.make_automaton()

    def present(self, text: str) -> set[str]:
        """The literals found in `text` (give it case-folded, as `required` folds them)."""
        if not len(self._automaton):
            return set()
        return {word for _, word in self._automaton.iter(text)}


def _sequence(items: list) -> set[str] | None:
    """The most selective requirement among the parts of a sequence (all must match)."""
    candidates: list[set[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value).casefold()
            continue
        if run:
            candidates.append({run})
            run = ""
        needs = _part(op, value)
        if needs:
            candidates.append(needs)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    return max(candidates, key=lambda needs: (min(map(len, needs)), -len(needs)))


def _part(op, value) -> set[str] | None:
    if op is sre.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is sre.BRANCH:  # any one alternative may match: the union of what each needs
        alternatives = [_sequence(list(alternative)) for alternative in value[1]]
        return None if any(a is None for a in alternatives) else set().union(*alternatives)
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in value):  # [吗么] or (吗|么)
        return {chr(code).casefold() for _, code in value}
    if op in _REPEATS and value[0] >= 1:
        return _sequence(list(value[2]))
    return None  # classes, anchors, look-arounds, optional parts: nothing certain
