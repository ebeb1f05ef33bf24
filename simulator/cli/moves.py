"""`dcsim moves`: the recogniser on the command line, for people (a table) and scripts (JSON lines)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from rich.console import Console
from rich.table import Table

from simulator.recognition.recogniser import recognise
from simulator.ui.render import highlighted


def result(text: str, lang: str | None, context: list[str] | None = None, semantic: bool = True) -> dict:
    moves = recognise(text, lang=lang, context=context, semantic=semantic)
    return {"moves": [m.name for m in moves],
            "spans": {m.name: [[s.start, s.end, s.text] for s in m.spans] for m in moves},
            "confidence": {m.name: round(m.confidence, 3) for m in moves}}


def jsonl(source: TextIO, sink: TextIO, lang: str | None = None, semantic: bool = True) -> int:
    """One JSON object in per line, one out per line, same order; a bad line gets an `error`."""
    for raw in source:
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            text = item["text"] if isinstance(item, dict) else None
            if not isinstance(text, str):
                raise ValueError("each line needs a string field 'text'")
            out = result(text, item.get("lang") or lang, item.get("context"), semantic)
        except (ValueError, KeyError, TypeError) as error:
            out = {"moves": [], "spans": {}, "error": str(error)}
        sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        sink.flush()
    return 0


def table(text: str, lang: str | None, console: Console, semantic: bool = True) -> int:
    moves = recognise(text, lang=lang, semantic=semantic)
    console.print(highlighted(text, [m.to_dict() for m in moves]))
    grid = Table("move", "confidence", "heard in")
    for move in moves:
        grid.add_row(move.name, f"{move.confidence:.2f}", " · ".join(s.text for s in move.spans))
    console.print(grid if moves else "no move heard")
    return 0


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    moves = sub.add_parser("moves", help="show the moves heard in an utterance",
                           description="Recognise moves. With --jsonl, read JSON lines on stdin and "
                                       "write one result per line.")
    moves.add_argument("text", nargs="*", help="the utterance")
    moves.add_argument("--jsonl", action="store_true", help="JSON lines in, JSON lines out")
    moves.add_argument("--lang", choices=("zh", "en"), help="language (detected when omitted)")
    moves.add_argument("--no-semantic", action="store_true", help="rules only, no sentence embeddings")
    moves.set_defaults(func=run)
    return moves


def run(args: argparse.Namespace) -> int:
    if args.jsonl or not args.text:
        return jsonl(sys.stdin, sys.stdout, lang=args.lang, semantic=not args.no_semantic)
    return table(" ".join(args.text), args.lang, Console(), semantic=not args.no_semantic)
