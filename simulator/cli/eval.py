"""`dcsim eval`: precision, recall and F1 per move on the held-out corpus (a developer's tool)."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from simulator.recognition.recogniser import recognise_many


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    evaluate = sub.add_parser("eval", help="measure the recogniser on the held-out corpus",
                              description="Precision, recall and F1 per move and language on eval/corpus.")
    evaluate.add_argument("--split", choices=("dev", "val", "test", "all"), default="test",
                          help="dev: write rules from its mistakes; val: choose between settings (figures "
                               "only); test: report")
    evaluate.add_argument("--lang", choices=("zh", "en"))
    evaluate.add_argument("--no-semantic", action="store_true", help="rules only")
    evaluate.add_argument("--errors", type=int, default=0, metavar="N", help="show N mistakes (dev only)")
    evaluate.add_argument("--labels", metavar="JSONL",
                          help='judge this labelling ({"id", "moves"} per line) instead of the recogniser: '
                               "a second annotator's, or another system's")
    evaluate.set_defaults(func=run)
    return evaluate


def run(args: argparse.Namespace) -> int:
    langs = (args.lang,) if args.lang else ("zh", "en")
    return evaluation_report(args.split, langs, not args.no_semantic, Console(), args.errors, args.labels)


def evaluation_report(split: str, langs: tuple[str, ...], semantic: bool, console: Console, errors: int = 0,
                      labels: str | None = None) -> int:
    """`dcsim eval`: precision, recall and F1 per move and language on the held-out corpus.

    With `labels`, a JSON-lines file of `{"id", "moves"}`, that labelling is judged instead of
    the recogniser: a second annotator's agreement with the gold, or another system's output.
    """
    from functools import partial
    from pathlib import Path

    from simulator.recognition import evaluation

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
