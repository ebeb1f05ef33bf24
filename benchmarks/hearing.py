"""`make hearing`: every figure issue #12 asks of the recogniser, on one screen.

Three sets, each with a split to study and a split to report on (never tune on the second):

- the public dev set beside the checkout (`../shared/public_dev`, not shipped): polite agent
  turns from CrossWOZ / MultiWOZ. Accusing-move rate, and recall of help, apologise, ask,
  close and thank. Study `dev`, report `check`.
- our natural kind replies (`eval/natural`), written blind to the recogniser: the share with
  no bad move, and how often the empathy and help they contain are heard. Study `dev` (the
  model also learns from it) and `fresh` (studied, never learnt from: the fair figure to
  choose settings on), report `check`.
- our faults set (`eval/faults`), written blind to the recogniser: replies that commit faults
  in everyday wording. The share in which a bad move is heard, and the recall of each bad
  move, summarised as their mean (macro recall) and the weakest. Study `dev` and `fresh`, report `check`.
- our own corpus (`eval/corpus`): macro F1. Choose settings on `val`, report `test`.

    python benchmarks/hearing.py                # the study splits: dev, dev + fresh, dev + fresh, val
    python benchmarks/hearing.py --report       # the report splits: check, check, check, test
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from simulator.moves import BAD_MOVES
from simulator.recognition import evaluation
from simulator.recognition.recogniser import recognise_many

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = Path(os.environ.get("DCSIM_PUBLIC_DEV", ROOT.parent / "shared" / "public_dev"))
#: The accusing moves of the public set's README: any of them on a polite agent turn is wrong.
HARMFUL = ("insult", "blame_customer", "dismiss", "argue", "doubt", "policy_wall", "deflect", "blame_colleague")
RECALLED = ("help", "apologise", "ask", "close", "thank")


def heard(texts: list[str], lang: str, semantic: bool) -> list[set[str]]:
    return [{m.name for m in moves} for moves in recognise_many(texts, lang, semantic=semantic)]


def recall(gold: list[set[str]], predicted: list[set[str]], move: str) -> str:
    hits, performed = evaluation.recall(gold, predicted, move)
    return f"{hits / performed:.2f} ({performed})" if performed else "-"


def public(lang: str, split: str, semantic: bool) -> dict[str, str]:
    path = PUBLIC / f"{lang}.jsonl"
    if not path.is_file():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["split"] == split]
    predicted = heard([r["text"] for r in rows], lang, semantic)
    gold = [set(r["labels"]) for r in rows]
    accused = sum(bool(p & set(HARMFUL)) for p in predicted)
    figures = {f"public {split}: accusing rate (≤ 1%)": f"{accused / len(rows):.1%} ({accused}/{len(rows)})"}
    figures |= {f"public {split}: {move} recall": recall(gold, predicted, move) for move in RECALLED}
    plain = [p for g, p in zip(gold, predicted) if not g]
    figures[f"public {split}: help on unlabelled rows"] = f"{sum('help' in p for p in plain) / len(plain):.2f}"
    return figures


def natural(lang: str, split: str, semantic: bool) -> dict[str, str]:
    replies = list(evaluation.load(split, (lang,), folder=evaluation.NATURAL))
    predicted = heard([r.text for r in replies], lang, semantic)
    gold = [set(r.gold) for r in replies]
    clean, total = evaluation.unaccused(predicted)
    return {f"natural {split}: no bad move (≥ 98%)": f"{clean / total:.1%} ({clean}/{total})",
            f"natural {split}: empathise heard (≥ 0.8)": recall(gold, predicted, "empathise"),
            f"natural {split}: help heard (≥ 0.8)": recall(gold, predicted, "help")}


def faults(lang: str, split: str, semantic: bool) -> dict[str, str]:
    replies = list(evaluation.load(split, (lang,), folder=evaluation.FAULTS))
    predicted = heard([r.text for r in replies], lang, semantic)
    gold = [set(r.gold) for r in replies]
    clean, total = evaluation.unaccused(predicted)
    recalls = {move: evaluation.recall(gold, predicted, move) for move in BAD_MOVES}
    shares = {move: hits / performed for move, (hits, performed) in recalls.items() if performed}
    weakest = min(shares, key=shares.get)
    return {f"faults {split}: a bad move heard": f"{(total - clean) / total:.1%} ({total - clean}/{total})",
            f"faults {split}: macro recall of bad moves": f"{sum(shares.values()) / len(shares):.2f}",
            f"faults {split}: weakest bad move": f"{weakest} {shares[weakest]:.2f} ({recalls[weakest][1]})"}


def corpus(lang: str, split: str, semantic: bool, folder: Path = evaluation.CORPUS, name: str = "corpus") -> dict[str, str]:
    [report] = evaluation.evaluate(evaluation.load(split, (lang,), folder=folder),
                                   lambda texts, lang: recognise_many(texts, lang, semantic=semantic)).values()
    return {f"{name} {split}: macro F1" + (" (≥ 0.85)" if name == "corpus" else ""): f"{report.macro_f1:.3f}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", action="store_true", help="the report splits (check, check, check, test)")
    parser.add_argument("--no-semantic", action="store_true", help="rules only")
    parser.add_argument("--lang", choices=("zh", "en"))
    args = parser.parse_args(argv)
    splits = ("check", "check", "check", "test") if args.report else ("dev", "dev", "dev", "val")
    langs = (args.lang,) if args.lang else ("zh", "en")
    semantic = not args.no_semantic
    blind = (splits[1],) if args.report else ("dev", "fresh")  # `fresh`: studied, never learnt from
    columns = {lang: public(lang, splits[0], semantic)
               | {k: v for split in blind for k, v in natural(lang, split, semantic).items()}
               | {k: v for split in blind for k, v in faults(lang, split, semantic).items()}
               | corpus(lang, splits[3], semantic)
               | ({} if args.report else corpus(lang, "val", semantic, evaluation.CORPUS2, "corpus2"))
               for lang in langs}
    table = Table("figure", *langs, title="hearing · " + ("rules + semantic" if semantic else "rules only"))
    for name in columns[langs[0]]:
        table.add_row(name, *(columns[lang].get(name, "-") for lang in langs))
    Console().print(table)
    if not (PUBLIC / "zh.jsonl").is_file():
        print(f"(the public dev set is not at {PUBLIC}; set DCSIM_PUBLIC_DEV)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
