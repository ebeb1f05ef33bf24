"""`dcsim moves`: the recogniser on the command line, for people (a table) and scripts (JSON lines)."""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.table import Table

from simulator.recognise.recogniser import recognise, recognise_many
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


def evaluation_report(split: str, langs: tuple[str, ...], semantic: bool, console: Console, errors: int = 0,
                      labels: str | None = None) -> int:
    """`dcsim eval`: precision, recall and F1 per move and language on the held-out corpus.

    With `labels`, a JSON-lines file of `{"id", "moves"}`, that labelling is judged instead of
    the recogniser: a second annotator's agreement with the gold, or another system's output.
    """
    from functools import partial
    from pathlib import Path

    from simulator.recognise import evaluation

    if errors and split != "dev":
        console.print("individual mistakes are shown for the dev split only: tune on dev, report test",
                      style="red")
        return 2
    if labels:
        try:
            reports = evaluation.compare(evaluation.load(split, langs), evaluation.read_labels(Path(labels)))
        except (OSError, ValueError) as error:
            console.print(f"error: {error}", style="red", highlight=False)
            return 2
        if not reports:
            console.print(f"no utterance of the {split} split is labelled in {labels}", style="red")
            return 2
        source = f"labels from {labels}"
    else:
        reports = evaluation.evaluate(evaluation.load(split, langs), partial(recognise_many, semantic=semantic))
        source = "rules + semantic" if semantic else "rules only"
    for lang, report in reports.items():
        micro = report.micro
        grid = Table("move", "P", "R", "F1", "support",
                     title=f"{lang} · {split} · {report.size} utterances · "
                           f"micro F1 {micro.f1:.3f} · macro F1 {report.macro_f1:.3f} · {source}")
        for move, c in report.per_move.items():
            style = "red" if c.f1 < 0.75 else ""
            grid.add_row(move, f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}", str(c.tp + c.fn), style=style)
        console.print(grid)
        confusions = ", ".join(f"{gold}→{got} ×{n}" for (gold, got), n in report.confusions.most_common(8))
        console.print(f"most common confusions (missed→heard instead; '-' is none): {confusions}")
        for example, predicted in report.mistakes[:errors]:
            console.print(f"  {example.id}: gold {sorted(example.gold)} heard {sorted(predicted)} · {example.text}",
                          highlight=False)
    return 0
