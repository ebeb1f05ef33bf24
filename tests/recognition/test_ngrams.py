"""The n-gram features are scikit-learn's TF-IDF, written out so a model is plain arrays."""

import numpy as np
import pytest

from simulator.recognition import training
from simulator.recognition.ngrams import Vectoriser, grams


def test_english_takes_character_runs_inside_words_and_chinese_any_run():
    assert grams("Hi you", "en") == [" h", "hi", "i ", " hi", "hi ", " hi ", " y", "yo", "ou", "u ", " yo", "you",
                                     "ou ", " you", "you ", " you "]
    assert grams("退款了", "zh") == ["退", "款", "了", "退款", "款了", "退款了"]


@pytest.mark.parametrize("lang, analyzer, shortest, longest", [("zh", "char", 1, 3), ("en", "char_wb", 2, 5)])
def test_the_features_are_scikit_learns_tfidf(lang, analyzer, shortest, longest):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts, _ = training.examples(lang)
    learnt, probe = texts[:1500], texts[1500:1600] + ["", "a", "Hi  THERE!!", "您好，这个 问题 我马上处理"]
    theirs = TfidfVectorizer(analyzer=analyzer, ngram_range=(shortest, longest), sublinear_tf=True, min_df=2)
    theirs.fit(learnt)
    ours = Vectoriser.fit(learnt, lang)
    assert ours.vocabulary.tolist() == theirs.get_feature_names_out().tolist()
    assert np.allclose(ours.matrix(probe).toarray(), theirs.transform(probe).toarray(), atol=1e-6)
    weights = np.random.default_rng(0).normal(size=(len(ours.vocabulary), 3)).astype(np.float32)
    assert np.allclose(ours.scores(probe, weights), ours.matrix(probe) @ weights, atol=1e-4)
