"""`dcsim list`: the personas and scenarios, one line each."""

from __future__ import annotations

import argparse

from rich.console import Console


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    listing = sub.add_parser("list", help="list the personas and scenarios")
    listing.add_argument("--lang", choices=("zh", "en"), default="en")
    listing.set_defaults(func=run)
    return listing


def run(args: argparse.Namespace) -> int:
    from simulator.library.check import library_table

    Console().print(library_table(args.lang))
    return 0
