"""`dcsim test`: run coach-written test scripts (and golden scripts), reported like a test runner."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    test = sub.add_parser("test", help="run the test scripts of personas",
                          description="Play each test of each test file (YAML: persona, trainee lines, expected "
                                      "states, moves, mood, ending, score) and say which pass; exit 1 if any fails. "
                                      "Golden files (golden/*.yaml) count as tests. Default: every library's tests/ "
                                      "and the built-in golden scripts.")
    test.add_argument("paths", nargs="*", metavar="PATH", help="test files or folders of them")
    test.add_argument("-k", metavar="WORD", help="only the tests whose name contains WORD")
    test.add_argument("--semantic", action="store_true", help="hear with the semantic layer too (default: rules)")
    test.set_defaults(func=run)
    return test


def run(args: argparse.Namespace) -> int:
    from simulator.datafile import DataError
    from simulator.library import catalog, golden, testscript

    paths = [Path(p) for p in args.paths]
    # a test file in a library's tests/ finds that library's personas without --library
    catalog.use([*args.library, *{p.parent.parent for p in paths if p.parent.name == "tests" and not p.is_dir()},
                 *{p.parent for p in paths if p.is_dir() and p.name == "tests"}])
    console = Console(soft_wrap=True, highlight=False)
    passed = failed = broken = 0
    for path in testscript.files(paths):
        console.print(f"[bold]{escape(str(path))}[/]")
        try:
            cases = [c for c in testscript.load(path) if not args.k or args.k in c.name]
        except (DataError, LookupError) as problem:
            broken += 1
            for each in getattr(problem, "problems", [problem]):
                console.print(f"  [red]error[/] {escape(getattr(each, 'message', str(each)))}")
            continue
        for case in cases:
            verdict = testscript.run(case, semantic=args.semantic)
            if verdict.passed:
                passed += 1
                console.print(f"  [green]PASS[/] {escape(case.title)}")
                continue
            failed += 1
            console.print(f"  [red]FAIL[/] {escape(case.title)}" + (f"  (line {case.line})" if case.line else ""))
            for failure in verdict.failures:
                console.print(f"       {escape(failure)}")
            for row in golden.trace(verdict.session) if verdict.session else []:
                console.print(f"         {escape(row)}", style="dim")
    summary = f"{passed} passed, {failed} failed" + (f", {broken} file(s) with errors" if broken else "")
    console.print(f"[{'red' if failed or broken else 'green'}]{summary}[/]")
    if not passed + failed + broken:
        console.print("[red]no tests found[/]: write tests/NAME.yaml in your library (see `dcsim new persona`)")
        return 1
    return 1 if failed or broken else 0
