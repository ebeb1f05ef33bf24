"""`dcsim golden`: replay each persona's golden scripts over every scenario."""

from __future__ import annotations

import argparse

from rich.console import Console


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    gold = sub.add_parser("golden", help="replay the golden scripts of the personas",
                          description="Play every golden script (golden/*.yaml in the library) through every "
                                      "scenario in both languages; exit 1 if any call does not end as expected.")
    gold.add_argument("personas", nargs="*", metavar="PERSONA",
                      help="persona ids or golden YAML files (default: every persona with golden scripts)")
    gold.add_argument("--scenario", help="scenario id or YAML file (default: every scenario)")
    gold.add_argument("--lang", choices=("zh", "en"), help="language (default: both)")
    gold.add_argument("--seed", type=int, default=0, help="seed of the calls (endings do not depend on it)")
    gold.add_argument("--semantic", action="store_true", help="wait for the semantic layer of the recogniser")
    gold.set_defaults(func=run)
    return gold


def run(args: argparse.Namespace) -> int:
    from simulator.library import golden

    return golden.run(args.personas, args.scenario, args.lang, Console(), args.seed, True if args.semantic else None)
