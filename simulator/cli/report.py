"""`dcsim report --trainees A,B,C`: a team's calls in one table and chart a manager reads in a minute."""

from __future__ import annotations

import argparse

from rich.console import Console

from simulator.cli.common import error, open_store
from simulator.cli.progress import report_options, report_problem, write_report


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    report = sub.add_parser("report", help="a team report for a manager",
                            description="One row per trainee (calls, average and last score, four steps done, the "
                                        "commonest bad move, the trend) and a chart of the averages.")
    report.add_argument("--trainees", metavar="A,B,C", help="the trainees, comma-separated (default: everyone)")
    return report_options(report, run)


def run(args: argparse.Namespace) -> int:
    from simulator.ui.progress_view import TEAM_WRITERS, TeamView, summarise

    if args.export and report_problem(args.export):
        return 2
    store = open_store(args)
    names = [n.strip() for n in args.trainees.split(",") if n.strip()] if args.trainees else store.trainees()
    if not names:
        error("no calls stored yet: nothing to report")
        return 1
    summaries = [summarise(name, store.calls(name)) for name in names]
    missing = [s.trainee for s in summaries if not s.calls]
    if missing:
        Console(stderr=True).print(f"no calls for: {', '.join(missing)}", style="yellow", highlight=False,
                                   markup=False)
    if args.export:
        write_report(args.export, TEAM_WRITERS, summaries, args.lang)
        return 0
    Console().print(TeamView(summaries, args.lang))
    return 0
