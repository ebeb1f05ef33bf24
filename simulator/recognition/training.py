"""Training the semantic layer from example utterances (needs scikit-learn; using it does not).

`make model` builds the models shipped in the package from `simulator/data/examples/`;
`dcsim train` builds a coach's own from those and the examples in their data folder. Both
save plain arrays (`semantic.Model.save`). An example file maps a move to utterances that
perform it and no other; `none` lists utterances with no move; `mixed` lists
`{text, moves}` items that perform several.

The studied (`dev`) halves of the blind sets in `eval/natural` and `eval/faults` are examples
too: replies in many writers' own words, which the examples written here lack. `make model`
writes them to `examples/<lang>-studied.yaml` first (`write_studied`). Their `check` halves
are never trained on, so they still judge the model on words it never saw; nor are the
`fresh` halves of the newest batches, studied but kept to choose settings on fairly.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

from simulator import datafile
from simulator.moves import MOVES
from simulator.recognition import evaluation, semantic
from simulator.recognition.ngrams import Vectoriser

#: Inverse regularisation of each move's regression (chosen on the val split, docs/moves.md).
C = 8.0


def examples(lang: str, files: list[Path] | None = None) -> tuple[list[str], np.ndarray]:
    """The training utterances of a language and their multi-hot move labels.

    Each file is checked against its schema first: a coach's broken file is named by file and line.
    """
    texts, labels = [], []
    for source in semantic.example_files(lang) if files is None else files:
        for key, items in (datafile.load(source, "examples").data or {}).items():
            for item in items or []:
                if key == "mixed":
                    utterance, moves = item["text"], set(item["moves"])
                else:
                    utterance, moves = item, set() if key == "none" else {key}
                texts.append(utterance)
                labels.append([move in moves for move in MOVES])
    return texts, np.asarray(labels, dtype=bool).reshape(len(texts), len(MOVES))


def fit(lang: str, texts: list[str], labels: np.ndarray, fingerprint: str = "") -> semantic.Model:
    """One logistic regression per move over the examples' embeddings and n-grams."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    embedded = semantic.embed(texts)
    ngrams = Vectoriser.fit(texts, lang)
    features = hstack([csr_matrix(embedded), ngrams.matrix(texts)]).tocsr()
    weights = np.zeros((len(MOVES), features.shape[1]), dtype=np.float32)
    biases = np.full(len(MOVES), -10.0, dtype=np.float32)  # a move with no example never fires
    for i in range(len(MOVES)):
        if labels[:, i].any():
            regression = LogisticRegression(C=C, solver="liblinear", random_state=0)  # 3× faster than lbfgs here
            regression.fit(features, labels[:, i])
            weights[i], biases[i] = regression.coef_[0], regression.intercept_[0]
    width = embedded.shape[1]
    return semantic.Model(lang, weights[:, :width], biases, ngrams, weights[:, width:].T.copy(), fingerprint)


def build(lang: str, files: list[Path], path: Path, near: list[Path] = ()) -> semantic.Model:
    """Train on `files` and save the model at `path`; the examples in `near` are also matched as they are."""
    trained = fit(lang, *examples(lang, files), fingerprint=semantic.fingerprint(files))
    if near:
        texts, labels = examples(lang, list(near))
        trained = replace(trained, near_vectors=semantic.embed(texts), near_labels=labels.astype(np.float32))
    trained.save(path)
    return trained


def build_own(lang: str) -> Path:
    """`dcsim train`: the shipped examples and the coach's own, into the coach's data folder."""
    path = semantic.own_path(lang)
    build(lang, semantic.example_files(lang), path, near=semantic.own_examples(lang))
    return path


#: The blind sets whose studied halves are examples (`eval/`, in the repository only).
STUDIED = (evaluation.NATURAL, evaluation.FAULTS)


def studied_path(lang: str) -> Path:
    return datafile.packaged("examples", f"{lang}-studied.yaml")


def studied(lang: str) -> str:
    """The example file made of the `dev` replies of the blind sets, as `write_studied` writes it."""
    judging = {plain(e.text) for e in _judging(lang)}
    replies = [reply for folder in STUDIED for reply in evaluation.load("dev", (lang,), folder=folder)
               if plain(reply.text) not in judging]  # a stock phrase ("Anything else?") a judging half also has
    document = {"mixed": [{"text": r.text, "moves": sorted(r.gold)} for r in replies if r.gold],
                "none": [r.text for r in replies if not r.gold]}
    header = ("# Written by `make model` from the dev halves of eval/natural and eval/faults (the replies\n"
              "# of blind writers, in their own words): edit those, not this file.\n")
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)


def _judging(lang: str) -> list[evaluation.Example]:
    """The replies that judge the model: the blind sets' `check` and `fresh` halves, the corpus's val and test."""
    blind = [e for folder in STUDIED for split in ("check", "fresh") for e in evaluation.load(split, (lang,), folder=folder)]
    return blind + [e for e in evaluation.load("all", (lang,)) if e.split in ("val", "test")]


def plain(text: str) -> str:
    """Case and punctuation do not make a sentence new: "Anything else?" is "anything else"."""
    return re.sub(r"\W+", "", text.casefold())


def write_studied(lang: str) -> Path:
    """Refresh `<lang>-studied.yaml` from the blind sets, when the repository's `eval/` is there."""
    path = studied_path(lang)
    if all((folder / f"{lang}.jsonl").is_file() for folder in STUDIED):
        path.write_text(studied(lang), encoding="utf-8")
    return path


def build_shipped(lang: str) -> Path:
    """`make model`: the shipped examples alone, into the package."""
    path = semantic.shipped_path(lang)
    build(lang, semantic.shipped_examples(lang), path)
    return path


if __name__ == "__main__":
    for code in sys.argv[1:] or ("zh", "en"):
        write_studied(code)
        built = build_shipped(code)
        print(f"{built} ({built.stat().st_size / 1e6:.1f} MB)")
