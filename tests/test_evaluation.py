"""The evaluation corpus: held out from what the recogniser learns, big enough to judge it, and the
`dcsim eval` command that reports on it. F1 values are never asserted: they are for people to read."""

import re
from collections import Counter

import pytest

from simulator import evaluation, semantic
from simulator.moves import MOVES

LANGS = ("zh", "en")


def normalised(text: str) -> str:
    """Case and punctuation do not make a sentence new: "thx for waiting!" is "thx for waiting"."""
    return re.sub(r"\W+", "", text.lower())


@pytest.fixture(scope="module")
def corpus() -> list[evaluation.Example]:
    return list(evaluation.load("all", LANGS))


@pytest.mark.parametrize("lang", LANGS)
def test_no_corpus_sentence_is_also_a_training_example(corpus, lang):
    texts, _ = semantic.examples(lang)
    learnt = {normalised(text) for text in texts}
    shared = [e.id for e in corpus if e.lang == lang and normalised(e.text) in learnt]
    assert not shared, f"remove these sentences from simulator/lexicon/examples/{lang}*.yaml: {shared}"


def test_the_corpus_meets_its_contract(corpus):
    assert len(corpus) >= 1000
    assert {"dev", "test"} <= {e.split for e in corpus} <= {"dev", "val", "test"}
    for lang in LANGS:
        support = Counter(move for e in corpus if e.lang == lang for move in e.gold)
        thin = {move: support[move] for move in MOVES if support[move] < 25}
        assert not thin, f"{lang}: moves with fewer than 25 examples: {thin}"
    assert sum(1 for e in corpus if not e.gold) >= 200


def test_dcsim_eval_prints_precision_recall_and_f1_per_move(run):
    done = run("eval", "--split", "dev", "--lang", "en", "--no-semantic")
    assert done.returncode == 0, done.stderr
    assert "en · dev" in done.stdout and "rules only" in done.stdout and "micro F1" in done.stdout
    header = next(line for line in done.stdout.splitlines() if "move" in line and "F1" in line)
    assert [column in header.split() for column in ("P", "R", "F1", "support")] == [True] * 4
    rows = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("│")}
    assert set(MOVES) <= rows
