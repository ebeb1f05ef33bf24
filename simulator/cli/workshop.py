"""`dcsim workshop`: one customer, a room of trainees taking turns, a facilitator at the keyboard."""

from __future__ import annotations

import argparse
import sys
from functools import partial

from rich.console import Console

from simulator.cli.common import (add_db_option, add_screen_options, add_seed_option, export_screen, open_store,
                                  open_text, read_lines, screen_export_problem, seed, speaker)
from simulator.library import catalog


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from simulator.ui.facilitator import SCRIPT_FORMAT

    workshop = sub.add_parser(
        "workshop", help="a group session: trainees take turns with one customer, a facilitator leads",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A group session on one screen. Trainees answer the customer in turn; the facilitator "
                    "pauses, rewinds, passes the turn and runs votes. Each line typed (or read from --script) "
                    "is one of:\n\n" + SCRIPT_FORMAT)
    workshop.add_argument("--trainees", required=True, metavar="NAMES", help='comma-separated, e.g. "Ana,Bo,Chen"')
    workshop.add_argument("--persona", default=catalog.DEFAULT_PERSONA, help="persona id or YAML file")
    workshop.add_argument("--scenario", default=catalog.DEFAULT_SCENARIO, help="scenario id or YAML file")
    workshop.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the call")
    add_seed_option(workshop, "the end of the workshop (and --json)")
    workshop.add_argument("--script", metavar="FILE", help="the workshop's lines, one per line ('-' for stdin)")
    workshop.add_argument("--json", action="store_true", help="print the record (turns, scoreboard) as JSON")
    workshop.add_argument("--no-semantic", action="store_true", help="hear moves by rules alone")
    add_db_option(workshop)
    add_screen_options(workshop)
    workshop.set_defaults(func=run)
    return workshop


def run(args: argparse.Namespace) -> int:
    from simulator.cli.common import error
    from simulator.engine.session import Session
    from simulator.engine.workshop import Workshop, WorkshopError
    from simulator.recognition.recogniser import recognise

    if screen_export_problem(args.export):
        return 2
    interactive = args.script is None and sys.stdin.isatty()
    hearing = partial(recognise, semantic=False if args.no_semantic else None if interactive else True)
    session = Session(catalog.persona(args.persona), catalog.scenario(args.scenario), args.lang, seed(args),
                      recogniser=hearing)
    try:
        workshop = Workshop(session, args.trainees.split(","))
    except WorkshopError as problem:
        error(str(problem))
        return 2
    if interactive:
        from simulator.ui.room import run_room

        run_room(workshop, projector=args.projector, on_reply=speaker(args), keepers=keepers(args, workshop))
    else:
        from simulator.ui.scripted import warn
        from simulator.ui.workshop import Histories, run_workshop_script

        with open_text(args.script or "-") as source:
            run_workshop_script(workshop, read_lines(source), as_json=args.json, console=Console(),
                                projector_size=args.size if args.projector else None,
                                histories=Histories(keepers(args, workshop), warn))
    return export_screen(args, workshop.session, workshop)


def keepers(args: argparse.Namespace, workshop) -> dict:
    """A keeper per trainee, so each one's turns go to their own history (`dcsim history --trainee NAME`)."""
    from simulator.cli.play import source
    from simulator.library.store import Keeper

    store = open_store(args)
    sources = (source(args.persona), source(args.scenario))
    hearing, room = "rules" if args.no_semantic else "semantic", ", ".join(workshop.trainees)
    return {trainee: Keeper(store, workshop.session, trainee, sources, hearing, workshop=room)
            for trainee in workshop.trainees}
