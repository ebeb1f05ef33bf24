"""The `dcsim` command line: argument parsing only; every command calls into the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Iterable, TextIO

from rich.console import Console
from rich.markup import escape

from simulator import catalog
from simulator.datafile import DataError

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def register(fn: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = fn
        return fn
    return register


def read_lines(source: TextIO) -> Iterable[str]:
    """Lines from a script or stdin; undecodable bytes become U+FFFD rather than an error."""
    for line in source:
        yield line.rstrip("\r\n")


def open_text(path: str) -> TextIO:
    if path != "-":
        return open(path, encoding="utf-8", errors="replace")
    try:  # stdin as UTF-8 whatever the locale, with the same U+FFFD for bytes that are not
        return open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)
    except (AttributeError, OSError, ValueError):
        return sys.stdin


@command("play")
def cmd_play(args: argparse.Namespace) -> int:
    from simulator.session import Session

    session = Session(catalog.persona(args.persona), catalog.scenario(args.scenario), args.lang, args.seed)
    if args.script is None and sys.stdin.isatty():
        from simulator.play import interactive
        interactive(session)
        return 0
    from simulator.scripted import run_script

    with open_text(args.script or "-") as source:
        return run_script(session, read_lines(source), as_json=args.json, console=Console())


@command("moves")
def cmd_moves(args: argparse.Namespace) -> int:
    from simulator import moves_cli

    if args.jsonl or not args.text:
        return moves_cli.jsonl(sys.stdin, sys.stdout, lang=args.lang, semantic=not args.no_semantic)
    return moves_cli.table(" ".join(args.text), args.lang, Console(), semantic=not args.no_semantic)


@command("eval")
def cmd_eval(args: argparse.Namespace) -> int:
    from simulator import moves_cli

    langs = (args.lang,) if args.lang else ("zh", "en")
    return moves_cli.evaluation_report(args.split, langs, not args.no_semantic, Console(), args.errors)


@command("list")
def cmd_list(args: argparse.Namespace) -> int:
    from simulator.library import library_table

    Console().print(library_table(args.lang))
    return 0


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from simulator.library import check_files

    return check_files([Path(p) for p in args.files], Console(stderr=True))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="dcsim", description="Practise customer service with difficult customers.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="hold a call with a difficult customer",
                          description="Hold a call. Interactive on a terminal; with --script or piped "
                                      "input, one trainee line per input line.")
    play.add_argument("--persona", default=catalog.DEFAULT_PERSONA, help="persona id or YAML file")
    play.add_argument("--scenario", default=catalog.DEFAULT_SCENARIO, help="scenario id or YAML file")
    play.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the call")
    play.add_argument("--seed", type=int, default=0, help="same seed, same conversation")
    play.add_argument("--script", metavar="FILE", help="trainee lines, one per line ('-' for stdin)")
    play.add_argument("--json", action="store_true", help="print the whole call as one JSON object")

    moves = sub.add_parser("moves", help="show the moves heard in an utterance",
                           description="Recognise moves. With --jsonl, read JSON lines on stdin and "
                                       "write one result per line.")
    moves.add_argument("text", nargs="*", help="the utterance")
    moves.add_argument("--jsonl", action="store_true", help="JSON lines in, JSON lines out")
    moves.add_argument("--lang", choices=("zh", "en"), help="language (detected when omitted)")
    moves.add_argument("--no-semantic", action="store_true", help="rules only, no sentence embeddings")

    evaluate = sub.add_parser("eval", help="measure the recogniser on the held-out corpus",
                              description="Precision, recall and F1 per move and language on eval/corpus.")
    evaluate.add_argument("--split", choices=("dev", "test", "all"), default="test")
    evaluate.add_argument("--lang", choices=("zh", "en"))
    evaluate.add_argument("--no-semantic", action="store_true", help="rules only")
    evaluate.add_argument("--errors", type=int, default=0, metavar="N", help="show N mistakes (dev only)")

    listing = sub.add_parser("list", help="list the personas and scenarios")
    listing.add_argument("--lang", choices=("zh", "en"), default="en")

    check = sub.add_parser("check", help="validate persona and scenario files",
                           description="Check YAML files; each problem names the file, the line and a fix.")
    check.add_argument("files", nargs="*", help="files to check (default: the whole library)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args = parser().parse_args(["play", *(argv or [])])
    try:
        return COMMANDS[args.command](args)
    except (DataError, LookupError) as error:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
