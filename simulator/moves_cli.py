"""`dcsim moves`: the recogniser on the command line, for people (a table) and scripts (JSON lines)."""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.table import Table

from simulator.recogniser import recognise
from simulator.render import highlighted


def result(text: str, lang: str | None, context: list[str] | None = None) -> dict:
    moves = recognise(text, lang=lang, context=context)
    return {"moves": [m.name for m in moves],
            "spans": {m.name: [[s.start, s.end, s.text] for s in m.spans] for m in moves},
            "confidence": {m.name: round(m.confidence, 3) for m in moves}}


def jsonl(source: TextIO, sink: TextIO, lang: str | None = None) -> int:
    """One JSON object in per line, one out per line, same order; a bad line gets an `error`."""
    for raw in source:
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            text = item["text"] if isinstance(item, dict) else None
            if not isinstance(text, str):
                raise ValueError("each line needs a string field 'text'")
            out = result(text, item.get("lang") or lang, item.get("context"))
        except (ValueError, KeyError, TypeError) as error:
            out = {"moves": [], "spans": {}, "error": str(error)}
        sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        sink.flush()
    return 0


def table(text: str, lang: str | None, console: Console) -> int:
    moves = recognise(text, lang=lang)
    console.print(highlighted(text, [m.to_dict() for m in moves]))
    grid = Table("move", "confidence", "heard in")
    for move in moves:
        grid.add_row(move.name, f"{move.confidence:.2f}", " · ".join(s.text for s in move.spans))
    console.print(grid if moves else "no move heard")
    return 0
