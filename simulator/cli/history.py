"""`dcsim history`: the calls kept in the store, newest first, with score and outcome."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console

from simulator.cli.common import add_db_option, add_screen_lang_option, open_store


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    history = sub.add_parser("history", help="past calls with score and outcome",
                             description="List the stored calls, newest first. --json gives a list of calls, each "
                                         "with id, trainee, persona, scenario, lang, score, outcome, started and "
                                         "turns (the turn records of `play --json`).")
    history.add_argument("--trainee", metavar="NAME", help="only this trainee's calls")
    history.add_argument("--json", action="store_true", help="print the calls as one JSON list")
    add_screen_lang_option(history, "the headings and outcomes; each call's persona and scenario keep the words "
                                    "of that call's own language")
    add_db_option(history)
    history.set_defaults(func=run)
    return history


def run(args: argparse.Namespace) -> int:
    from simulator.ui.history_view import history_table, public

    calls = open_store(args).calls(args.trainee)
    if args.json:
        sys.stdout.write(json.dumps([public(call) for call in calls], ensure_ascii=False, indent=2) + "\n")
        return 0
    if not calls:
        Console(stderr=True).print("no calls stored yet" + (f" for {args.trainee}" if args.trainee else ""),
                                   highlight=False, markup=False)
        return 0
    Console().print(history_table(calls, args.lang))
    return 0
