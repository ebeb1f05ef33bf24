"""`dcsim play`: a call with a difficult customer, typed at a terminal or played from a script."""

from __future__ import annotations

import argparse
import sys
from functools import partial

from rich.console import Console

from simulator.cli.common import (add_screen_options, export_problem, export_screen, open_text, read_lines,
                                  screen_export_problem, speaker)
from simulator.library import catalog


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    play = sub.add_parser("play", help="hold a call with a difficult customer",
                          description="Hold a call. Interactive on a terminal; with --script or piped "
                                      "input, one trainee line per input line.")
    play.add_argument("--persona", default=catalog.DEFAULT_PERSONA, help="persona id or YAML file")
    play.add_argument("--scenario", default=catalog.DEFAULT_SCENARIO, help="scenario id or YAML file")
    play.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the call")
    play.add_argument("--seed", type=int, default=0, help="same seed, same conversation")
    play.add_argument("--script", metavar="FILE", help="trainee lines, one per line ('-' for stdin)")
    play.add_argument("--json", action="store_true", help="print the whole call as one JSON object")
    play.add_argument("--no-semantic", action="store_true", help="hear moves by rules alone")
    play.add_argument("--export", metavar="FILE", help="save the debrief as FILE (.html, .svg, .md or .json); "
                                                      "with --projector, the projector screen as FILE.svg")
    add_screen_options(play, export=False)
    play.set_defaults(func=run)
    return play


def run(args: argparse.Namespace) -> int:
    from simulator.engine.session import Session
    from simulator.recognition import semantic
    from simulator.recognition.recogniser import recognise

    if args.projector and screen_export_problem(args.export) or args.export and export_problem(args.export):
        return 2
    interactive_call = args.script is None and sys.stdin.isatty()
    # A scripted call waits for the semantic layer so it always plays the same way; a
    # trainee never waits: the model loads in the background and joins when ready.
    hearing = partial(recognise, semantic=None if interactive_call else True)
    if args.no_semantic:
        hearing = partial(recognise, semantic=False)
    session = Session(catalog.persona(args.persona), catalog.scenario(args.scenario), args.lang, args.seed,
                      recogniser=hearing)
    if interactive_call and args.projector:
        from simulator.engine.workshop import Workshop
        from simulator.ui.render import LABELS
        from simulator.ui.room import run_room

        room = run_room(Workshop(session, [LABELS[args.lang]["you"]]), projector=True, on_reply=speaker(args))
        return export_screen(args, room.session)
    if interactive_call:
        from simulator.ui.terminal import interactive

        # Loading the model competes with drawing the first prompt: start once it is on screen.
        warm_up = None if args.no_semantic else (lambda: semantic.warm_up((args.lang,)))
        interactive(session, export_to=args.export, on_first_prompt=warm_up, on_reply=speaker(args))
        return 0
    from simulator.ui.scripted import run_script

    with open_text(args.script or "-") as source:
        run_script(session, read_lines(source), as_json=args.json, console=Console(),
                   export_to=None if args.projector else args.export, save=True)
    return export_screen(args, session) if args.projector else 0
