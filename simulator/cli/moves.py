"""`dcsim moves`: the recogniser on the command line, for people (a table) and scripts (JSON lines)."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import TYPE_CHECKING, Any

from simulator.cli import jsonlines
from simulator.cli.common import stdout_bytes
from simulator.moves import Move
from simulator.recognition import semantic as semantic_layer
from simulator.recognition.recogniser import recognise, recognise_many
from simulator.text import LANGS, clean, writable

if TYPE_CHECKING:
    from rich.console import Console


def result(moves: list[Move]) -> dict[str, Any]:
    """The output line for one utterance: its moves, the words that carry each, and how sure."""
    return {"moves": [m.name for m in moves],
            "spans": {m.name: [[s.start, s.end, s.text] for s in m.spans] for m in moves},
            "confidence": {m.name: round(m.confidence, 3) for m in moves}}


def failed(error: str) -> dict[str, Any]:
    """The output line for an input line that could not be heard: no moves, and why."""
    return {"moves": [], "spans": {}, "confidence": {}, "error": error}


def answers(items: list[Any], lang: str | None = None, semantic: bool = True) -> list[dict[str, Any]]:
    """The results of a batch of `{"text", "lang"?, "context"?}` objects, heard together, one
    `recognise_many` call per language. Offsets in `spans` index the text as given (a lone
    surrogate counts as the one U+FFFD it becomes)."""
    out: list[dict[str, Any] | None] = [None] * len(items)
    by_lang: dict[str | None, list[tuple[int, str]]] = {}
    for i, item in enumerate(items):
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str):
            out[i] = failed("each line needs a JSON object with a string field 'text'")
            continue
        own = item.get("lang")
        by_lang.setdefault(own if own in LANGS else lang, []).append((i, writable(text)))
    for code, texts in by_lang.items():
        heard = recognise_many([text for _, text in texts], lang=code, semantic=semantic)
        for (i, _), moves in zip(texts, heard):
            out[i] = result(moves)
    return out


def jsonl(source: Any, sink: Any, lang: str | None = None, semantic: bool = True, plain: bool = False) -> int:
    """One JSON object in per line, one out per line, same order (see `simulator.cli.jsonlines`);
    returns the exit code, 0: a bad line is answered, not fatal. The semantic layer starts
    loading at once, so a program that sends its first line later is answered without the wait.
    With `plain`, a line that is not a JSON object is the utterance itself."""
    if semantic:
        semantic_layer.warm_up((lang,) if lang else LANGS)
    jsonlines.answer(source, sink, partial(answers, lang=lang, semantic=semantic), failed, plain=plain)
    return 0


def table(text: str, lang: str | None, console: Console, semantic: bool = True) -> int:
    """The utterance with its moves highlighted, and a table of them; escape sequences removed first."""
    from rich.table import Table

    from simulator.ui.render import highlighted

    text = clean(text)
    moves = recognise(text, lang=lang, semantic=semantic)
    console.print(highlighted(text, [m.to_dict() for m in moves]))
    grid = Table("move", "confidence", "heard in")
    for move in moves:
        grid.add_row(move.name, f"{move.confidence:.2f}", " · ".join(s.text for s in move.spans))
    console.print(grid if moves else "no move heard")
    return 0


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    moves = sub.add_parser("moves", help="show the moves heard in an utterance",
                           description="Recognise moves. With --jsonl, read JSON lines "
                                       "({\"text\", \"lang\"?, \"context\"?}) on stdin and write one result "
                                       "({\"moves\", \"spans\", \"confidence\"}) per line, in order; a line "
                                       "that cannot be read, a blank one included, gets {\"moves\": [], "
                                       "\"spans\": {}, \"error\": ...} in its place. With no text and "
                                       "no --jsonl, each line of stdin is an utterance (a JSON object "
                                       "line is read as with --jsonl), answered the same way.")
    moves.add_argument("text", nargs="*", help="the utterance")
    moves.add_argument("--jsonl", action="store_true", help="JSON lines in, JSON lines out")
    moves.add_argument("--lang", choices=LANGS, help="language (detected when omitted)")
    moves.add_argument("--no-semantic", action="store_true", help="rules only, no sentence embeddings")
    moves.set_defaults(func=run)
    return moves


def run(args: argparse.Namespace) -> int:
    if args.jsonl or not args.text:
        return jsonl(sys.stdin, stdout_bytes(), lang=args.lang, semantic=not args.no_semantic,
                     plain=not args.jsonl)
    from rich.console import Console

    return table(" ".join(args.text), args.lang, Console(), semantic=not args.no_semantic)
