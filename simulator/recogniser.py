"""Hearing moves in a trainee's utterance: rules from coach-editable lexicons.

Each language has a YAML lexicon (`simulator/lexicon/<lang>.yaml`) listing, per move, the
patterns that perform it. The rules handle what rules do well: fixed expressions, questions,
negation scope ("this is not your fault" is no blame) and quotation ("I won't say 'that's
policy'" is no policy wall). Paraphrase is left to the semantic layer, which works on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Sequence

import yaml

from simulator.language import detect
from simulator.moves import MOVES, Move, Span

#: Longest text looked at; the rest of a pasted essay carries no extra moves worth the time.
MAX_CHARS = 4000

_QUOTES = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|‘[^’]*’|\"[^\"]*\"|(?<![\w])'[^']*'(?![\w])")
_CLAUSE = re.compile(r"[,.;:!?，。；：！？\n]|\bbut\b|但是|不过|可是")


@dataclass(frozen=True)
class Rule:
    move: str
    pattern: re.Pattern
    negatable: bool


@dataclass(frozen=True)
class Lexicon:
    lang: str
    rules: tuple[Rule, ...]
    negator: re.Pattern
    window: int  # how far back (characters) a negator reaches

    def negated(self, text: str, start: int) -> bool:
        """Is there a negator just before `start`, in the same clause?"""
        before = text[max(0, start - self.window):start]
        clauses = _CLAUSE.split(before)
        return bool(self.negator.search(clauses[-1])) if clauses else False


@cache
def lexicon(lang: str) -> Lexicon:
    """The rules for one language, compiled once."""
    text = resources.files("simulator.lexicon").joinpath(f"{lang}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    rules = []
    for move, spec in data["moves"].items():
        if move not in MOVES:
            raise ValueError(f"lexicon {lang}: unknown move {move!r}")
        negatable = spec.get("negatable", True)
        for pattern in spec.get("patterns", []):
            rules.append(Rule(move, re.compile(pattern, re.IGNORECASE), negatable))
    return Lexicon(lang, tuple(rules), re.compile(data["negator"], re.IGNORECASE), data.get("window", 16))


def mask_quotes(text: str) -> str:
    """Blank out quoted words, keeping offsets, so reported speech performs no move."""
    return _QUOTES.sub(lambda m: " " * len(m.group()), text)


def recognise(text: str, lang: str | None = None, context: Sequence[str] | None = None) -> list[Move]:
    """The moves `text` performs, in vocabulary order, each with the spans that triggered it.

    `context` (the customer's previous lines) is accepted for layers that use it; the rules
    judge the utterance alone.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:MAX_CHARS]
    lex = lexicon(lang if lang in ("zh", "en") else detect(text))
    scan = mask_quotes(text)
    found: dict[str, list[Span]] = {}
    for rule in lex.rules:
        for match in rule.pattern.finditer(scan):
            if match.end() == match.start():
                continue
            if rule.negatable and lex.negated(scan, match.start()):
                continue
            found.setdefault(rule.move, []).append(Span(match.start(), match.end(), text[match.start():match.end()]))
    return [Move(name, 1.0, tuple(_merge(found[name]))) for name in MOVES if name in found]


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping evidence for one move is shown once."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            continue
        merged.append(span)
    return merged
