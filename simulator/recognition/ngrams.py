"""Character n-grams weighted by TF-IDF, kept as plain arrays so a model ships without pickle.

The semantic layer scores each sentence on its embedding and on its character n-grams: the
embedding carries meaning across paraphrases, the n-grams the short telling words ("idiot",
"规定", "whatever") that an embedding of a whole sentence blurs. Chinese has no spaces, so it
takes any 1–3 characters; English takes 2–5 characters inside words.

This is scikit-learn's `TfidfVectorizer(analyzer=…, sublinear_tf=True, min_df=2)` written out
(tests/recognition/test_ngrams.py checks the two agree), so that a fitted vocabulary is just a
list of strings and an array of weights, saved in an `.npz` and loaded without running code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

import numpy as np

#: Which n-grams each language uses: (analyzer, shortest, longest).
SETTINGS = {"zh": ("char", 1, 3), "en": ("char_wb", 2, 5)}
#: An n-gram must occur in this many training texts to be kept.
MIN_DF = 2

_WHITE_SPACES = re.compile(r"\s\s+")


def grams(text: str, lang: str) -> list[str]:
    """The n-grams of `text`, lower-cased, repeats kept (they count towards the term frequency)."""
    analyzer, shortest, longest = SETTINGS[lang]
    text = _WHITE_SPACES.sub(" ", text.lower())
    if analyzer == "char":
        return [text[i:i + n] for n in range(shortest, longest + 1) for i in range(len(text) - n + 1)]
    found = []
    for word in text.split():
        word = f" {word} "
        for n in range(shortest, longest + 1):
            found += [word[i:i + n] for i in range(max(1, len(word) - n + 1))]
            if len(word) <= n:
                break  # a short word counts once, not once per length
    return found


@dataclass(frozen=True)
class Vectoriser:
    """A fitted vocabulary and its inverse document frequencies."""

    lang: str
    vocabulary: np.ndarray  # the kept n-grams (str), column order
    idf: np.ndarray         # one weight per column

    @classmethod
    def fit(cls, texts: Sequence[str], lang: str) -> "Vectoriser":
        frequency = Counter(gram for text in texts for gram in set(grams(text, lang)))
        kept = sorted(gram for gram, count in frequency.items() if count >= MIN_DF)
        df = np.array([frequency[gram] for gram in kept], dtype=np.float64)
        idf = np.log((1 + len(texts)) / (1 + df)) + 1
        return cls(lang, np.array(kept, dtype=str), idf.astype(np.float32))

    @cached_property
    def index(self) -> dict[str, int]:
        return {gram: i for i, gram in enumerate(self.vocabulary.tolist())}

    def weights(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One text as (column indices, values): sublinear tf × idf, unit length."""
        counts = Counter(self.index[gram] for gram in grams(text, self.lang) if gram in self.index)
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[columns]
        norm = np.linalg.norm(values)
        return columns, (values / norm if norm else values).astype(np.float32)

    def matrix(self, texts: Iterable[str]):
        """The texts as a sparse matrix (rows are texts), for training."""
        from scipy.sparse import csr_matrix

        rows = [self.weights(text) for text in texts]
        pointers = np.cumsum([0] + [len(columns) for columns, _ in rows])
        columns = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        values = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, dtype=np.float32)
        return csr_matrix((values, columns, pointers), shape=(len(rows), len(self.vocabulary)))

    def scores(self, texts: Sequence[str], weights: np.ndarray) -> np.ndarray:
        """`matrix(texts) @ weights` without building the matrix: `weights` has one row per n-gram."""
        out = np.zeros((len(texts), weights.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            columns, values = self.weights(text)
            if len(columns):
                out[row] = values @ weights[columns]
        return out
