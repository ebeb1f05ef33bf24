"""`dcsim progress NAME`: one trainee's scores over time, per customer type, steps and bad habits."""

from __future__ import annotations

import argparse
import time

from rich.console import Console

from simulator.cli.common import add_db_option, add_screen_lang_option, error, open_store


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    progress = sub.add_parser("progress", help="a trainee's scores over time",
                              description="A trainee's scores over time as a chart, per customer type, with how "
                                          "often each of the four steps was done and the most frequent bad moves.")
    progress.add_argument("trainee", metavar="NAME", help="the trainee (see `dcsim history`)")
    return report_options(progress, run)


def report_options(parser: argparse.ArgumentParser, run) -> argparse.ArgumentParser:
    """What `progress` and `report` share: the language, an export file and the database."""
    add_screen_lang_option(parser, "the report")
    parser.add_argument("--export", metavar="FILE", help="save it as FILE (.html, .svg, .md or .json)")
    add_db_option(parser)
    parser.set_defaults(func=run)
    return parser


def report_problem(path: str) -> bool:
    """Say why a summary report cannot be written to `path`, before any work is done."""
    from pathlib import Path

    from simulator.ui.progress_view import PROGRESS_WRITERS

    if Path(path).suffix.lower() not in PROGRESS_WRITERS:
        error(f"cannot export to {Path(path).name!r}: use a name ending in {', '.join(PROGRESS_WRITERS)}")
        return True
    return False


def write_report(path: str, writers: dict, subject, lang: str) -> None:
    """`subject` saved at `path` by the writer for its suffix, dated today on the reader's clock."""
    from pathlib import Path

    from simulator.library.store import save_file

    text = writers[Path(path).suffix.lower()](subject, lang, time.strftime("%Y-%m-%d"))
    Console(stderr=True).print(f"exported: {save_file(path, text)}", highlight=False, markup=False)


def run(args: argparse.Namespace) -> int:
    from simulator.ui.progress_view import PROGRESS_WRITERS, ProgressView, summarise

    if args.export and report_problem(args.export):
        return 2
    summary = summarise(args.trainee, open_store(args).calls(args.trainee))
    if not summary.calls:
        error(f"no calls stored for {args.trainee!r}; `dcsim history` lists who has some")
        return 1
    if args.export:
        write_report(args.export, PROGRESS_WRITERS, summary, args.lang)
        return 0
    Console().print(ProgressView(summary, args.lang))
    return 0
