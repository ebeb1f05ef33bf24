"""`dcsim play`: a call with a difficult customer, typed at a terminal or played from a script."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Callable

from rich.console import Console

from simulator.cli.common import (add_db_option, add_screen_options, add_seed_option, export_problem, export_screen,
                                  open_store, open_text, read_lines, screen_export_problem, seed, speaker)
from simulator.library import catalog
from simulator.library.store import login_name


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    play = sub.add_parser("play", help="hold a call with a difficult customer",
                          description="Hold a call. Interactive on a terminal; with --script or piped "
                                      "input, one trainee line per input line.")
    play.add_argument("--persona", default=catalog.DEFAULT_PERSONA, help="persona id or YAML file")
    play.add_argument("--scenario", default=catalog.DEFAULT_SCENARIO, help="scenario id or YAML file")
    play.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the call")
    add_seed_option(play, "--json")
    play.add_argument("--script", metavar="FILE",
                      help="trainee lines, one per line ('-' for stdin); UTF-8 or UTF-16 with a byte-order "
                           "mark; blank lines and comment lines ('# ' then a note) are skipped, any other "
                           "line starting with '#' is said as written")
    play.add_argument("--json", action="store_true", help="print the whole call as one JSON object")
    play.add_argument("--no-semantic", action="store_true", help="hear moves by rules alone")
    play.add_argument("--export", metavar="FILE", help="save the debrief as FILE (.html, .svg, .md, .json, .jsonl); "
                                                      "with --projector, the projector screen as FILE.svg")
    play.add_argument("--trainee", metavar="NAME", default=None, help="whose call this is (default: your login name)")
    add_screen_options(play, export=False)
    add_db_option(play)
    play.set_defaults(func=run)
    return play


def run(args: argparse.Namespace) -> int:
    from simulator.engine.session import Session
    from simulator.library.store import Keeper

    if args.projector and screen_export_problem(args.export) or args.export and export_problem(args.export):
        return 2
    session = Session(catalog.persona(args.persona), catalog.scenario(args.scenario), args.lang, seed(args),
                      recogniser=hearing(args))
    keeper = Keeper(open_store(args), session, args.trainee or login_name(), (source(args.persona), source(args.scenario)),
                    "rules" if args.no_semantic else "semantic")
    return converse(args, session, keeper)


def interactive_call(args: argparse.Namespace) -> bool:
    return args.script is None and sys.stdin.isatty()


def hearing(args: argparse.Namespace) -> Callable[..., list]:
    """How trainee lines are heard: a scripted call waits for the semantic layer so it always
    plays the same way; a trainee never waits (the model loads in the background)."""
    from simulator.recognition.recogniser import recognise

    if args.no_semantic:
        return partial(recognise, semantic=False)
    return partial(recognise, semantic=None if interactive_call(args) else True)


def converse(args: argparse.Namespace, session, keeper, started: str | None = None) -> int:
    """Hold the call (typed at a terminal, or from a script), kept by `keeper`; `play` and `resume` share it."""
    from simulator.library.store import now
    from simulator.ui.debrief_view import cover_of
    from simulator.ui.scripted import run_script, store_warnings

    cover = cover_of({"trainee": keeper.trainee, "started": started or now(),
                      "persona_name": session.persona.name(session.lang),
                      "scenario_title": session.scenario.title(session.lang)})
    projector = getattr(args, "projector", False)
    if interactive_call(args) and projector:
        from simulator.engine.workshop import Workshop
        from simulator.ui.labels import word
        from simulator.ui.room import run_room

        you = word("you", session.lang)
        room = run_room(Workshop(session, [you]), projector=True, on_reply=speaker(args), keepers={you: keeper})
        return export_screen(args, room.session)
    if interactive_call(args):
        from simulator.recognition.recogniser import semantic_layer
        from simulator.ui.terminal import interactive

        # Loading the model competes with drawing the first prompt: start once it is on screen.
        warm_up = None if keeper.hearing == "rules" else (lambda: semantic_layer().warm_up((session.lang,)))
        interactive(session, export_to=args.export, on_first_prompt=warm_up, keeper=keeper, cover=cover,
                    on_reply=speaker(args))
        return 0
    keeper.warn = store_warnings(session.lang)
    with open_text(args.script or "-") as lines:
        run_script(session, read_lines(lines), as_json=args.json, console=Console(),
                   export_to=None if projector else args.export, keeper=keeper, cover=cover)
    return export_screen(args, session) if projector else 0


def source(ident: str) -> str:
    """How to find a persona or scenario again later: its id, or its file as an absolute path."""
    path = Path(ident)
    return str(path.resolve()) if path.suffix in (".yaml", ".yml") or len(path.parts) > 1 else ident
