"""The `dcsim` command line: argument parsing only; every command calls into the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Iterable, TextIO

from rich.console import Console
from rich.markup import escape

from simulator.library import catalog
from simulator.datafile import DataError
from simulator.library.store import TranscriptError

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


def export_problem(path: str) -> bool:
    """Say on stderr why the export file cannot be written, before any work is done."""
    from simulator.ui.export import target_problem

    problem = target_problem(path)
    if problem:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(problem)}", highlight=False)
    return problem is not None


@command("play")
def cmd_play(args: argparse.Namespace) -> int:
    from simulator.engine.session import Session

    if args.export and export_problem(args.export):
        return 2
    from functools import partial

    from simulator.recognise import semantic
    from simulator.recognise.recogniser import recognise

    interactive_call = args.script is None and sys.stdin.isatty()
    # A scripted call waits for the semantic layer so it always plays the same way; a
    # trainee never waits: the model loads in the background and joins when ready.
    hearing = partial(recognise, semantic=None if interactive_call else True)
    if args.no_semantic:
        hearing = partial(recognise, semantic=False)
    session = Session(catalog.persona(args.persona), catalog.scenario(args.scenario), args.lang, args.seed,
                      recogniser=hearing)
    if interactive_call:
        from simulator.ui.terminal import interactive
        # Loading the model competes with drawing the first prompt: start once it is on screen.
        warm_up = None if args.no_semantic else (lambda: semantic.warm_up((args.lang,)))
        interactive(session, export_to=args.export, on_first_prompt=warm_up)
        return 0
    from simulator.ui.scripted import run_script

    with open_text(args.script or "-") as source:
        return run_script(session, read_lines(source), as_json=args.json, console=Console(), export_to=args.export,
                          save=True)


@command("moves")
def cmd_moves(args: argparse.Namespace) -> int:
    from simulator.cli import moves as moves_cli

    if args.jsonl or not args.text:
        return moves_cli.jsonl(sys.stdin, sys.stdout, lang=args.lang, semantic=not args.no_semantic)
    return moves_cli.table(" ".join(args.text), args.lang, Console(), semantic=not args.no_semantic)


@command("eval")
def cmd_eval(args: argparse.Namespace) -> int:
    from simulator.cli import moves as moves_cli

    langs = (args.lang,) if args.lang else ("zh", "en")
    return moves_cli.evaluation_report(args.split, langs, not args.no_semantic, Console(), args.errors, args.labels)


@command("score")
def cmd_score(args: argparse.Namespace) -> int:
    from simulator.cli import score as score_cli

    path = None if args.jsonl and args.file is None else args.file
    if args.export and export_problem(args.export):
        return 2
    return score_cli.run(path, args.output, args.weights, args.detail, True if args.semantic else False,
                         args.debrief, args.dialogue, args.export, open_text)


@command("list")
def cmd_list(args: argparse.Namespace) -> int:
    from simulator.library.check import library_table

    Console().print(library_table(args.lang))
    return 0


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from simulator.library.check import check_files

    return check_files([Path(p) for p in args.files], Console(stderr=True))


@command("golden")
def cmd_golden(args: argparse.Namespace) -> int:
    from simulator.library import golden

    return golden.run(args.personas, args.scenario, args.lang, Console(), args.seed, True if args.semantic else None)


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
    play.add_argument("--no-semantic", action="store_true", help="hear moves by rules alone")
    play.add_argument("--export", metavar="FILE", help="save the debrief as FILE (.html, .svg, .md or .json)")

    scoring = sub.add_parser("score", help="score real transcripts (JSON lines)",
                             description="Score real dialogues: each input line is {\"dialogue_id\", \"lang\"?, "
                                         "\"turns\": [{\"role\": \"customer\"|\"agent\", \"text\"}]}; each output "
                                         "line is {\"dialogue_id\", \"score\", \"breakdown\", \"steps\", ...} "
                                         "in input order. The customer's mood is estimated from their own words.")
    scoring.add_argument("file", nargs="?", help="JSON lines file ('-' or omitted: stdin)")
    scoring.add_argument("--jsonl", action="store_true", help="JSON lines in (stdin unless FILE), JSON lines out")
    scoring.add_argument("-o", "--output", metavar="FILE", help="write the results to FILE instead of stdout")
    scoring.add_argument("--detail", action="store_true", help="add each line's moves, mood cues and anger")
    scoring.add_argument("--weights", metavar="YAML", help="a coach's own scoring weights")
    scoring.add_argument("--semantic", action="store_true", help="wait for the recogniser's semantic layer (slower)")
    scoring.add_argument("--debrief", action="store_true", help="show the debrief of each dialogue instead")
    scoring.add_argument("--dialogue", metavar="ID", help="only the dialogue with this id (with --debrief/--export)")
    scoring.add_argument("--export", metavar="FILE", help="save one dialogue's debrief (.html, .svg, .md, .json)")

    moves = sub.add_parser("moves", help="show the moves heard in an utterance",
                           description="Recognise moves. With --jsonl, read JSON lines on stdin and "
                                       "write one result per line.")
    moves.add_argument("text", nargs="*", help="the utterance")
    moves.add_argument("--jsonl", action="store_true", help="JSON lines in, JSON lines out")
    moves.add_argument("--lang", choices=("zh", "en"), help="language (detected when omitted)")
    moves.add_argument("--no-semantic", action="store_true", help="rules only, no sentence embeddings")

    evaluate = sub.add_parser("eval", help="measure the recogniser on the held-out corpus",
                              description="Precision, recall and F1 per move and language on eval/corpus.")
    evaluate.add_argument("--split", choices=("dev", "val", "test", "all"), default="test",
                          help="dev: write rules from its mistakes; val: choose between settings (figures "
                               "only); test: report")
    evaluate.add_argument("--lang", choices=("zh", "en"))
    evaluate.add_argument("--no-semantic", action="store_true", help="rules only")
    evaluate.add_argument("--errors", type=int, default=0, metavar="N", help="show N mistakes (dev only)")
    evaluate.add_argument("--labels", metavar="JSONL",
                          help='judge this labelling ({"id", "moves"} per line) instead of the recogniser: '
                               "a second annotator's, or another system's")

    listing = sub.add_parser("list", help="list the personas and scenarios")
    listing.add_argument("--lang", choices=("zh", "en"), default="en")

    check = sub.add_parser("check", help="validate persona and scenario files",
                           description="Check YAML files; each problem names the file, the line and a fix.")
    check.add_argument("files", nargs="*", help="files to check (default: the whole library)")

    gold = sub.add_parser("golden", help="replay the golden scripts of the personas",
                          description="Play every golden script (golden/*.yaml in the library) through every scenario "
                                      "in both languages; exit 1 if any call does not end as expected.")
    gold.add_argument("personas", nargs="*", metavar="PERSONA",
                      help="persona ids or golden YAML files (default: every persona with golden scripts)")
    gold.add_argument("--scenario", help="scenario id or YAML file (default: every scenario)")
    gold.add_argument("--lang", choices=("zh", "en"), help="language (default: both)")
    gold.add_argument("--seed", type=int, default=0, help="seed of the calls (endings do not depend on it)")
    gold.add_argument("--semantic", action="store_true", help="wait for the semantic layer of the recogniser")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args = parser().parse_args(["play", *(argv or [])])
    try:
        return COMMANDS[args.command](args)
    except (DataError, LookupError, TranscriptError) as error:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
