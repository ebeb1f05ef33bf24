"""Judging the recogniser on the held-out corpus in `eval/corpus/`.

The corpus was written apart from the lexicons, and it is split three ways: `dev` is for
writing rules and examples from its mistakes; `val`, written later and blind to the
lexicons, is for choosing between settings (thresholds, model variants) by its figures
alone; `test` is only reported. To keep that honest, the tool prints individual mistakes
only for `dev`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, Sequence

from simulator.moves import BAD_MOVES, MOVES, Move

#: The corpus lives in the repository, not the package: evaluation is a developer's tool.
CORPUS = Path(__file__).resolve().parents[2] / "eval" / "corpus"
#: Kind replies written blind to the recogniser, in the corpus's format: no bad move is right on any.
NATURAL = CORPUS.parent / "natural"
#: Replies that commit faults in everyday wording, written blind to the recogniser: every line has a bad move.
FAULTS = CORPUS.parent / "faults"
#: A second corpus in the first one's format and mix, by four writers who never saw the recogniser (2026-12-06):
#: `dev` to study, `val` to choose settings on; the first corpus's val had been spent on writing rules.
CORPUS2 = CORPUS.parent / "corpus2"


@dataclass
class Example:
    id: str
    text: str
    lang: str
    gold: frozenset[str]
    split: str


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Per-move counts for one language, plus the confusions and mistakes behind them."""

    lang: str
    per_move: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MOVES})
    confusions: Counter = field(default_factory=Counter)   # (gold missed, predicted instead)
    mistakes: list[tuple[Example, frozenset[str]]] = field(default_factory=list)
    size: int = 0

    def add(self, example: Example, predicted: frozenset[str]) -> None:
        self.size += 1
        for move in MOVES:
            c = self.per_move[move]
            if move in predicted and move in example.gold:
                c.tp += 1
            elif move in predicted:
                c.fp += 1
            elif move in example.gold:
                c.fn += 1
        missed, extra = example.gold - predicted, predicted - example.gold
        for gold in missed or {"-"}:
            for wrong in extra or ({"-"} if missed else set()):
                self.confusions[(gold, wrong)] += 1
        if missed or extra:
            self.mistakes.append((example, predicted))

    @property
    def micro(self) -> Counts:
        return Counts(*(sum(getattr(c, k) for c in self.per_move.values()) for k in ("tp", "fp", "fn")))

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.per_move.values()) / len(MOVES)


def unaccused(heard: Sequence[Collection[str]]) -> tuple[int, int]:
    """(replies with no bad move, replies): on kind text, every bad move heard is a false accusation."""
    return sum(not set(moves) & set(BAD_MOVES) for moves in heard), len(heard)


def recall(gold: Sequence[Collection[str]], heard: Sequence[Collection[str]], move: str) -> tuple[int, int]:
    """(replies performing `move` in which it was heard, replies performing it)."""
    performed = [move in moves for golden, moves in zip(gold, heard) if move in golden]
    return sum(performed), len(performed)


def load(split: str = "test", langs: Iterable[str] = ("zh", "en"), folder: Path = CORPUS) -> Iterator[Example]:
    for lang in langs:
        path = folder / f"{lang}.jsonl"
        if not path.is_file():
            raise LookupError(f"no evaluation corpus at {path}: `dcsim eval` runs from a checkout of the repository")
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if split in ("all", item["split"]):
                yield Example(item["id"], item["text"], lang, frozenset(item["moves"]), item["split"])


def evaluate(examples: Iterable[Example], recognise_many: Callable[..., list[list[Move]]]) -> dict[str, Report]:
    """Score a batch recogniser (`recognise_many(texts, lang=...)`) language by language."""
    reports: dict[str, Report] = {}
    for lang, batch in _by_lang(examples).items():
        heard = recognise_many([e.text for e in batch], lang=lang)
        reports[lang] = _report(lang, batch, [frozenset(m.name for m in moves) for moves in heard])
    return reports


def compare(examples: Iterable[Example], labels: dict[str, frozenset[str]]) -> dict[str, Report]:
    """Score another labelling of the corpus against its gold: a second annotator's or another system's.

    Only the examples the labelling covers are scored, so a partial relabelling can be judged.
    A second annotator's agreement with the gold is the ceiling a recogniser can be asked to reach.
    """
    covered = [e for e in examples if e.id in labels]
    return {lang: _report(lang, batch, [labels[e.id] for e in batch]) for lang, batch in _by_lang(covered).items()}


def read_labels(path: Path) -> dict[str, frozenset[str]]:
    """A labelling as JSON lines `{"id": ..., "moves": [...]}`; a bad line is named with its number."""
    labels: dict[str, frozenset[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            ident, moves = str(item["id"]), item["moves"]
            if not isinstance(moves, list):
                raise TypeError("'moves' is not a list")
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f'{path}:{number}: expected {{"id": ..., "moves": [...]}} ({error})') from error
        unknown = set(moves) - set(MOVES)
        if unknown:
            raise ValueError(f"{path}:{number}: unknown moves {sorted(unknown)}; the moves are: {', '.join(MOVES)}")
        labels[ident] = frozenset(moves)
    return labels


def _by_lang(examples: Iterable[Example]) -> dict[str, list[Example]]:
    by_lang: dict[str, list[Example]] = {}
    for example in examples:
        by_lang.setdefault(example.lang, []).append(example)
    return by_lang


def _report(lang: str, batch: list[Example], predicted: list[frozenset[str]]) -> Report:
    report = Report(lang)
    for example, moves in zip(batch, predicted):
        report.add(example, moves)
    return report
