"""The `dcsim` command line: one module per command, each a thin layer over the library.

Every command module has `register(subparsers)`, which adds its parser and sets
`func=run`, and `run(args) -> exit code`. Errors a user can fix (a bad file, an unknown
persona, an unwritable folder) are printed as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from pathlib import Path

from simulator.cli.common import error
from simulator.datafile import DataError

#: The commands, in the order `dcsim --help` lists them.
COMMANDS: tuple[str, ...] = ("play", "resume", "history", "show", "progress", "report", "workshop", "score", "moves",
                             "eval", "train", "list", "new", "check", "lint", "graph", "test", "golden")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only `command`'s part of it: then only that command's module
    is imported, so `dcsim moves` in a script does not wait for the play screen's imports."""
    top = argparse.ArgumentParser(prog="dcsim", description="Practise customer service with difficult customers.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name in (command,) if command in COMMANDS else COMMANDS:
        import_module(f"simulator.cli.{name}").register(sub)
    for command in sub.choices.values():  # every command finds a coach's own files the same way
        command.add_argument("--library", metavar="DIR", action="append", default=[],
                             help="a folder of your own personas/, scenarios/ and tests/, searched before the "
                                  "built-in ones (repeatable; default: your user data folder, or DCSIM_HOME)")
    return top


def main(argv: list[str] | None = None) -> int:
    argv = (sys.argv[1:] if argv is None else argv) or ["play"]  # a bare `dcsim` starts a call
    args = parser(argv[0]).parse_args(argv)
    try:
        _use_libraries(_libraries(args))
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except DataError as problem:
        for each in problem.problems:  # every mistake in the file, one `error:` each
            error(each.message)
        return 2
    except LookupError as problem:
        error(str(problem))
        return 2
    except _store_error() as problem:  # evaluated only when something went wrong
        from simulator.ui.labels import store_problem

        error(store_problem(problem, "en"))  # as every error of the command line, in English
        return 2


def _use_libraries(folders: list[Path]) -> None:
    """Search the `--library` folders first. Without any, and with the catalog not imported, there
    is nothing to reset: a command that never opens the library (`moves`) is spared importing it,
    and the engine with it."""
    if folders or "simulator.library.catalog" in sys.modules:
        from simulator.library import catalog

        catalog.use(folders)


def _store_error() -> type[Exception]:
    """The history database's error, imported only once one is being handled (the store imports
    the engine)."""
    from simulator.library.store import StoreError

    return StoreError


def _libraries(args: argparse.Namespace) -> list[Path]:
    """The `--library` folders; one that is not there is a mistake, except for `new`, which makes it."""
    folders = [Path(folder).expanduser() for folder in args.library]
    for folder in folders:
        if not folder.is_dir() and args.command != "new":
            raise LookupError(f"--library {folder}: no such folder\n  fix: give a folder holding personas/ "
                              f"(make one with `dcsim new persona ID --library {folder}`)")
    return folders
