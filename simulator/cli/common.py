"""What the command modules share: reading trainee lines, and saying what is wrong before work starts."""

from __future__ import annotations

import argparse
import codecs
import io
import sys
from typing import IO, Iterable, TextIO

#: A byte-order mark that says a script was saved as UTF-16 (Windows Notepad's "Unicode").
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_lines(source: TextIO) -> Iterable[str]:
    """Lines from a script or stdin, without their line ends."""
    for line in source:
        yield line.rstrip("\r\n")


def open_bytes(path: str) -> IO:
    """A file, or stdin for '-', as bytes: the reader decides how to decode them."""
    if path != "-":
        return open(path, "rb")
    try:
        return open(sys.stdin.fileno(), "rb", closefd=False)
    except (AttributeError, OSError, ValueError):   # a stdin without a descriptor (embedded, tests)
        return getattr(sys.stdin, "buffer", sys.stdin)


def stdout_bytes() -> IO:
    """Standard output as bytes, so results are written as UTF-8 whatever the locale."""
    return getattr(sys.stdout, "buffer", sys.stdout)


def open_text(path: str) -> TextIO:
    """A script file, or stdin for '-', as text whatever the locale.

    UTF-8 (a byte-order mark at the start is dropped, not read as part of the first line), or
    UTF-16 when the file starts with a UTF-16 byte-order mark; bytes that do not decode
    become U+FFFD rather than an error.
    """
    binary = open_bytes(path)
    if not hasattr(binary, "peek"):
        return binary
    encoding = "utf-16" if binary.peek(2)[:2] in _UTF16_BOMS else "utf-8-sig"
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace")


def error(message: str) -> None:
    """One red line on stderr, the message shown as written (no markup)."""
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def export_problem(path: str) -> bool:
    """Say on stderr why the export file cannot be written, before any work is done."""
    from simulator.ui.export import target_problem

    problem = target_problem(path)
    if problem:
        error(problem)
    return problem is not None


def screen_size(text: str) -> tuple[int, int]:
    """`COLSxROWS` (e.g. 80x24) as a pair, for `--size`; argparse turns a ValueError into a usage error."""
    cols, sep, rows = text.lower().partition("x")
    if not (sep and cols.isdigit() and rows.isdigit() and 20 <= int(cols) <= 1000 and 8 <= int(rows) <= 500):
        raise argparse.ArgumentTypeError(f"expected COLSxROWS such as 80x24 or 200x60, not {text!r}")
    return int(cols), int(rows)


def add_screen_options(parser: argparse.ArgumentParser, export: bool = True) -> None:
    """`--projector`, `--size`, `--voice` (and `--export FILE.svg` unless the command has its own)."""
    parser.add_argument("--projector", action="store_true",
                        help="a full-screen layout for a room: the customer large, a big mood meter, the checklist")
    parser.add_argument("--size", type=screen_size, metavar="COLSxROWS",
                        help="draw the projector screen at this size (with --export FILE.svg)")
    parser.add_argument("--voice", action="store_true", help="speak the customer's lines (needs espeak-ng)")
    if export:
        parser.add_argument("--export", metavar="FILE.svg", help="save the projector screen at the end as SVG")


def speaker(args: argparse.Namespace):
    """What speaks the customer's lines with `--voice`, or None."""
    if not args.voice:
        return None
    from simulator.ui.voice import Voice

    return Voice(args.lang).say


def export_screen(args: argparse.Namespace, session, workshop=None) -> int:
    """With `--export FILE.svg`, save the projector screen at `--size` (default: the terminal's)."""
    if not args.export:
        return 0
    from rich.console import Console

    from simulator.ui.projector import Screen, export_svg
    from simulator.ui.room import terminal_size

    cols, rows = args.size or terminal_size()
    path = export_svg(Screen.of(session, workshop), cols, rows, args.export)
    Console(stderr=True).print(f"exported: {path}", highlight=False)
    return 0


def screen_export_problem(path: str | None) -> bool:
    """The projector screen is saved as SVG only: say so before any work is done."""
    if path and not path.lower().endswith(".svg"):
        error(f"cannot export the projector screen to {path!r}: use a name ending in .svg")
        return True
    return False


def add_seed_option(parser: argparse.ArgumentParser, shown_in: str) -> None:
    parser.add_argument("--seed", type=int, default=None,
                        help=f"the same customer again, exactly (default: a new one each time; {shown_in} "
                             "shows the seed used)")


def seed(args: argparse.Namespace) -> int:
    """The `--seed` asked for, or a new one: each call meets the customer afresh unless told to repeat one."""
    import random

    return args.seed if args.seed is not None else random.randrange(1_000_000)


def add_screen_lang_option(parser: argparse.ArgumentParser, what: str) -> None:
    """--lang for a screen that is not one call's own (history, progress): the locale's language unless told."""
    from simulator import language

    parser.add_argument("--lang", choices=("zh", "en"), default=language.of_locale(),
                        help=f"language of {what} (default: the locale's, from LC_ALL, LC_MESSAGES or LANG: zh for "
                             "zh_*, else en; here %(default)s)")


def add_db_option(parser) -> None:
    parser.add_argument("--db", metavar="PATH", help="the history database (default: dcsim.db in the user data "
                                                     "folder, or in DCSIM_HOME)")


def open_store(args):
    """The store named by `--db`, or the default one."""
    from simulator.library.store import Store

    return Store(args.db) if getattr(args, "db", None) else Store()
