"""The evaluation corpus: held out from what the recogniser learns, big enough to judge it, and the
`dcsim eval` command that reports on it. F1 values are never asserted: they are for people to read."""

from collections import Counter

import pytest

from simulator.moves import MOVES
from simulator.recognition import evaluation, training

LANGS = ("zh", "en")


#: Case and punctuation do not make a sentence new: "thx for waiting!" is "thx for waiting" (the
#: same rule `make model` uses to keep judging sentences out of the studied examples).
normalised = training.plain


@pytest.fixture(scope="module")
def corpus() -> list[evaluation.Example]:
    return list(evaluation.load("all", LANGS))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("folder", [evaluation.CORPUS, evaluation.NATURAL, evaluation.FAULTS, evaluation.CORPUS2],
                         ids=["corpus", "natural", "faults", "corpus2"])
def test_no_sentence_that_judges_the_model_is_also_a_training_example(folder, lang):
    """Only the studied halves are learnt from: the blind sets' dev halves (`<lang>-studied.yaml`)
    and nothing else of eval/; the halves that judge (`check`, `val`, `test`) never are, nor the
    `fresh` halves, kept to choose settings on with a model that never saw them."""
    texts, _ = training.examples(lang)
    learnt = {normalised(text) for text in texts}
    judging = [e for e in evaluation.load("all", (lang,), folder=folder) if e.split in ("check", "fresh", "val", "test")
               or (folder in (evaluation.CORPUS, evaluation.CORPUS2) and e.split == "dev")]
    studied = {normalised(e.text) for f in training.STUDIED for e in evaluation.load("dev", (lang,), folder=f)}
    shared = [e.id for e in judging if normalised(e.text) in learnt - (studied if e.split == "dev" else set())]
    assert not shared, f"one side must go: {shared} are also in simulator/data/examples/{lang}*.yaml"


@pytest.mark.parametrize("lang", LANGS)
def test_the_studied_examples_are_the_dev_halves_of_the_blind_sets(lang):
    """`make model` writes them; edit eval/natural or eval/faults and this fails until it is run."""
    assert training.studied_path(lang).read_text(encoding="utf-8") == training.studied(lang), "run `make model`"


def test_the_second_corpus_has_every_move_in_both_halves():
    """Four writers, 160 lines each, balanced like the first corpus (eval/corpus2/README.md)."""
    for lang in LANGS:
        for split in ("dev", "val"):
            seen = {m for e in evaluation.load(split, (lang,), folder=evaluation.CORPUS2) for m in e.gold}
            assert seen == set(MOVES), (lang, split, set(MOVES) - seen)


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


def test_the_gold_itself_agrees_fully_with_the_gold(corpus):
    dev = [e for e in corpus if e.split == "dev"]
    reports = evaluation.compare(dev, {e.id: e.gold for e in dev})
    assert {lang: round(r.macro_f1, 3) for lang, r in reports.items()} == {"zh": 1.0, "en": 1.0}


def test_a_partial_labelling_is_judged_on_what_it_covers(corpus):
    first = next(e for e in corpus if e.split == "dev" and e.lang == "en" and "apologise" in e.gold)
    reports = evaluation.compare(corpus, {first.id: first.gold - {"apologise"}})
    assert list(reports) == ["en"] and reports["en"].size == 1
    assert reports["en"].per_move["apologise"].fn == 1


def test_dcsim_eval_judges_a_second_annotators_labels(run):
    labels = evaluation.CORPUS.parent / "agreement" / "zh-val.jsonl"
    done = run("eval", "--split", "val", "--lang", "zh", "--labels", str(labels))
    assert done.returncode == 0, done.stderr
    assert "zh · val · 320 utterances" in done.stdout and "labels from" in done.stdout


def test_a_labelling_with_an_unknown_move_is_refused_with_its_line(run, tmp_path):
    labels = tmp_path / "mine.jsonl"
    labels.write_text('{"id": "en-0001", "moves": ["greet"]}\n{"id": "en-0003", "moves": ["sorry"]}\n')
    done = run("eval", "--split", "dev", "--labels", str(labels))
    assert done.returncode == 2
    assert "mine.jsonl:2: unknown moves ['sorry']" in done.stdout.replace("\n", "")
