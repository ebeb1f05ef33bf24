"""`dcsim show ID`: a stored call replayed on screen with its debrief, or exported."""

from __future__ import annotations

import argparse

from rich.console import Console

from simulator.cli.common import add_db_option, export_problem, open_store


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    show = sub.add_parser("show", help="a stored call with its debrief",
                          description="Show a stored call (see `dcsim history` for the ids): the brief, every "
                                      "exchange and the debrief; --export saves it instead.")
    show.add_argument("id", type=int, help="the call's id")
    show.add_argument("--export", metavar="FILE", help="save it as FILE (.html, .svg, .md, .json, .jsonl)")
    add_db_option(show)
    show.set_defaults(func=run)
    return show


def run(args: argparse.Namespace) -> int:
    from simulator.library.replay import stored_session
    from simulator.score.report import call_record, debrief_session
    from simulator.ui.debrief_view import DebriefView, cover_of
    from simulator.ui.history_view import workshop_note
    from simulator.ui.render import Brief, Exchange, customer_line

    if args.export and export_problem(args.export):
        return 2
    call = open_store(args).call(args.id)
    session = stored_session(call)
    debrief, cover = debrief_session(session), cover_of(call)
    if args.export:
        from simulator.ui.export import export

        record = {"id": call["id"], "trainee": call["trainee"], "started": call["started"], "ended": call["ended"],
                  **call_record(session, debrief)}
        path = export(debrief, args.export, record, cover)
        Console(stderr=True).print(f"exported call {call['id']} to {path}", highlight=False, markup=False)
        return 0
    console = Console()
    console.print(Brief(session.persona, session.scenario, session.lang))
    if call["workshop"]:
        console.print(workshop_note(call, session.lang), style="dim", highlight=False, markup=False)
    console.print(customer_line(session.opening, session.lang))
    for turn in session.turns:
        console.print(Exchange(turn, session.persona, session.lang))
    console.print(DebriefView(debrief, cover))
    return 0
