"""The `dcsim` command line: one module per command, each a thin layer over the library.

Every command module has `register(subparsers)`, which adds its parser and sets
`func=run`, and `run(args) -> exit code`. Errors a user can fix (a bad file, an unknown
persona, an unwritable folder) are printed as one line, never a traceback.
"""

from __future__ import annotations

import argparse
from importlib import import_module

from simulator.cli.common import error
from simulator.datafile import DataError
from simulator.library.store import StoreError

#: The commands, in the order `dcsim --help` lists them.
COMMANDS: tuple[str, ...] = ("play", "resume", "history", "show", "progress", "report", "workshop", "score", "moves",
                             "eval", "train", "list", "check", "golden")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="dcsim", description="Practise customer service with difficult customers.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"simulator.cli.{name}").register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args = parser().parse_args(["play", *(argv or [])])
    try:
        return args.func(args)
    except DataError as problem:
        for each in problem.problems:  # every mistake in the file, one `error:` each
            error(each.message)
        return 2
    except (LookupError, StoreError) as problem:
        error(str(problem))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
