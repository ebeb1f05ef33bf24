"""Playing a call from a script: one trainee line per line, for tests, coaches and replays.

From the command line the call is saved turn by turn like an interactive one, so a long
script piped in and then interrupted (or killed) keeps every turn already played, and
`dcsim resume` can go on with it.
"""

from __future__ import annotations

import json
import sys
from typing import Callable, Iterable

from rich.console import Console
from rich.markup import escape

from simulator.engine.session import Session, Turn
from simulator.library.store import Keeper, StoreError
from simulator.score.report import call_record, debrief_session
from simulator.ui import labels
from simulator.ui.debrief_view import Cover, DebriefView
from simulator.ui.render import Brief


def script_lines(lines: Iterable[str]) -> Iterable[str]:
    """The trainee lines of a script: blank lines and comments are skipped.

    A comment is a line that starts with `#` and a space (or is a lone `#`), so coaches can
    annotate a script; any other line is said as written, "#1 priority…" and "#hashtag" too.
    """
    for line in lines:
        line = line.strip()
        if line and not is_comment(line):
            yield line


def is_comment(line: str) -> bool:
    """`# like this`, or a lone `#`: a note in a script, not something the trainee says."""
    return line == "#" or line.startswith(("# ", "#\t"))


def play_lines(session: Session, lines: Iterable[str], on_turn: Callable[[Turn], None] | None = None) -> Session:
    """Feed trainee lines until the script or the call ends; `on_turn` sees each turn as it is played."""
    for line in script_lines(lines):
        if session.over:
            break
        turn = session.respond(line)
        if on_turn:
            on_turn(turn)
    return session


def warn(message: str) -> None:
    """A store problem, on stderr: the call itself goes on."""
    Console(stderr=True).print(f"[bold red]warning:[/] {escape(message)}", highlight=False)


def store_warnings(lang: str) -> Callable[[StoreError], None]:
    """What a keeper of a scripted call does with a store problem: say it on stderr, in `lang`."""
    return lambda error: warn(labels.store_warning(error, lang))


def run_script(session: Session, lines: Iterable[str], as_json: bool, console: Console,
               export_to: str | None = None, keeper: Keeper | None = None, cover: Cover | None = None) -> int:
    """Play the script, then print the call as JSON or as the debrief, and export it if asked.

    With a `keeper`, the call is also stored turn by turn, as `dcsim play` does; whatever the
    store could not take is named on stderr at the end.
    """
    if keeper:
        keeper.begin()
    reason = "interrupted"
    try:
        play_lines(session, lines, keeper.turn if keeper else None)
        reason = "eof"
    finally:
        if keeper:
            keeper.end(reason)
            if keeper.unsaved():
                warn(labels.where_kept(keeper, session.lang))
    debrief = debrief_session(session)
    if as_json:
        sys.stdout.write(json.dumps(call_record(session, debrief), ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(Brief(session.persona, session.scenario, session.lang))
        console.print(DebriefView(debrief, cover))
    if export_to:
        from simulator.ui.export import export

        path = export(debrief, export_to, call_record(session, debrief), cover)
        Console(stderr=True).print(f"exported: {path}", highlight=False)
    return 0
