"""`dcsim resume ID`: go on with an interrupted call from its last completed turn.

The call comes back exactly as it stood (persona state, mood, seen moves, turn count, the
deck of lines: see `library/replay.py`), and the new turns are added to the same stored call.
"""

from __future__ import annotations

import argparse

from simulator.cli.common import add_db_option, add_screen_options, export_problem, open_store
from simulator.cli.play import converse, hearing


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    resume = sub.add_parser("resume", help="go on with an interrupted call",
                            description="Continue a stored call from its last completed turn, typed at a terminal "
                                        "or from a script. `dcsim history` lists the calls and their ids.")
    resume.add_argument("id", type=int, help="the call's id (see `dcsim history`)")
    resume.add_argument("--script", metavar="FILE", help="trainee lines, one per line ('-' for stdin)")
    resume.add_argument("--json", action="store_true", help="print the whole call as one JSON object")
    resume.add_argument("--export", metavar="FILE", help="save the debrief as FILE (.html, .svg, .md, .json, .jsonl)")
    add_screen_options(resume, export=False)
    add_db_option(resume)
    resume.set_defaults(func=run)
    return resume


def run(args: argparse.Namespace) -> int:
    from simulator.library.replay import restore
    from simulator.library.store import Keeper
    from simulator.ui.scripted import store_warnings

    if args.export and export_problem(args.export):
        return 2
    store = open_store(args)
    call = store.call(args.id)
    if call["workshop"]:
        raise LookupError(f"call {args.id} is {call['trainee']}'s part of a workshop ({call['workshop']}); a workshop "
                          "goes on only as a whole, so it cannot be resumed alone. `dcsim workshop --trainees "
                          f"{call['workshop'].replace(', ', ',')} --persona {call['persona_source']} --scenario "
                          f"{call['scenario_source']} --lang {call['lang']} --seed {call['seed']}` meets the same "
                          f"customer again; `dcsim show {args.id}` shows {call['trainee']}'s turns")
    if call["reason"] == "ended" or call["outcome"]:
        raise LookupError(f"call {args.id} is over (the customer {call['outcome'] or 'left'}); nothing to resume. "
                          f"`dcsim show {args.id}` shows it")
    args.no_semantic, args.lang = call["hearing"] == "rules", call["lang"]
    session = restore(call, hearing(args))
    keeper = Keeper(store, session, call["trainee"], (call["persona_source"], call["scenario_source"]), call["hearing"],
                    warn=store_warnings(call["lang"]))
    keeper.resumed(call["id"])
    return converse(args, session, keeper, call["started"])
