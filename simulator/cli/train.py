"""`dcsim train`: a coach's own example utterances, heard by the semantic layer."""

from __future__ import annotations

import argparse

from rich.console import Console


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    train = sub.add_parser("train", help="retrain the recogniser on your own example utterances",
                           description="Add example files (<lang>-anything.yaml, laid out like those in "
                                       "simulator/data/examples) to the examples folder of your data folder "
                                       "(DCSIM_HOME), then run this. The model is saved beside them as plain "
                                       "arrays and used while it matches the examples.")
    train.add_argument("--lang", choices=("zh", "en"), help="one language (both when omitted)")
    train.add_argument("--check", action="store_true", help="only say whether a model needs training")
    train.set_defaults(func=run)
    return train


def run(args: argparse.Namespace) -> int:
    from simulator.recognition import semantic, training

    console = Console(highlight=False)
    langs = (args.lang,) if args.lang else ("zh", "en")
    folder = semantic.own_examples_folder()
    if not any(semantic.own_examples(lang) for lang in langs):
        console.print(f"no examples of your own in {folder} (files named zh-*.yaml or en-*.yaml): "
                      "the shipped model already knows the shipped examples")
        return 0
    status = 0
    for lang in langs:
        own = semantic.own_examples(lang)
        if not own:
            continue
        if not semantic.stale(lang):
            console.print(f"{lang}: up to date with {len(own)} file(s) of your own")
        elif args.check:
            console.print(f"{lang}: your examples are not in the model yet: run `dcsim train`")
            status = 1
        else:
            console.print(f"{lang}: training on the shipped examples and {len(own)} file(s) of yours "
                          "(a few minutes)…")
            console.print(f"{lang}: saved {training.build_own(lang)}")
    return status
