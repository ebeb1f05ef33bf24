"""What the command modules share: reading trainee lines, and saying what is wrong before work starts."""

from __future__ import annotations

import sys
from typing import Iterable, TextIO

from rich.console import Console
from rich.markup import escape


def read_lines(source: TextIO) -> Iterable[str]:
    """Lines from a script or stdin; undecodable bytes become U+FFFD rather than an error."""
    for line in source:
        yield line.rstrip("\r\n")


def open_text(path: str) -> TextIO:
    """A file, or stdin for '-', as UTF-8 whatever the locale; bytes that are not become U+FFFD."""
    if path != "-":
        return open(path, encoding="utf-8", errors="replace")
    try:
        return open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)
    except (AttributeError, OSError, ValueError):
        return sys.stdin


def error(message: str) -> None:
    """One red line on stderr, the message shown as written (no markup)."""
    Console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def export_problem(path: str) -> bool:
    """Say on stderr why the export file cannot be written, before any work is done."""
    from simulator.ui.export import target_problem

    problem = target_problem(path)
    if problem:
        error(problem)
    return problem is not None
