"""`dcsim lint`: warnings about personas that load but play badly; exit 1 only with --strict."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    lint = sub.add_parser("lint", help="warn about personas that load but play badly",
                          description="Look for states a call cannot leave, personas that cannot be won or lost, "
                                      "states short of lines, ignored moves, repeated lines and facts a scenario "
                                      "lacks. Warnings exit 0 unless --strict; files that fail `check` exit 1.")
    lint.add_argument("paths", nargs="*", metavar="PATH", help="persona files or folders (default: every library's)")
    lint.add_argument("--strict", action="store_true", help="exit 1 if there is any warning")
    lint.set_defaults(func=run)
    return lint


def run(args: argparse.Namespace) -> int:
    from simulator.datafile import DataError
    from simulator.library import catalog
    from simulator.library.lint import lint_file

    console = Console(stderr=True, soft_wrap=True, highlight=False)
    paths = [Path(p) for p in args.paths] or [library.folder("personas") for library in catalog.libraries()
                                              if library.folder("personas").is_dir()]
    files = [f for p in paths for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p])]
    scenarios = [catalog.scenario(ident) for ident in catalog.ids("scenarios")]
    warnings = errors = 0
    for path in files:
        try:
            found = lint_file(path, scenarios)
        except DataError as error:
            errors += len(error.problems)
            for problem in error.problems:
                console.print(f"[red]error[/] {escape(problem.message)}")
            continue
        warnings += len(found)
        for warning in found:
            console.print(f"[yellow]warning[/] {escape(warning.message)}")
        if not found:
            console.print(f"[green]ok[/]      {escape(str(path))}")
    console.print(f"{warnings} warning(s), {errors} error(s) in {len(files)} persona file(s)")
    return 1 if errors or (args.strict and warnings) else 0
