"""Playing a call from a script: one trainee line per line, for tests, coaches and replays.

From the command line the call is saved turn by turn like an interactive one, so a long
script piped in and then interrupted (or killed) keeps every turn already played, and
`dcsim resume` can go on with it.
"""

from __future__ import annotations

import json
import sys
from typing import Callable, Iterable, Iterator

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
    """Feed trainee lines until the script or the call ends; `on_turn` sees each turn as it is played.
    No line is read once the call is over, so what is left of `lines` is what the call did not reach."""
    said = iter(script_lines(lines))
    while not session.over and (line := next(said, None)) is not None:
        turn = session.respond(line)
        if on_turn:
            on_turn(turn)
    return session


def _unplayed(session: Session, script: Iterator[str]) -> int:
    """How many lines of the script the call did not reach (it ended first)."""
    return sum(1 for _ in script) if session.over else 0


def note(message: str) -> None:
    """Something about the script, on stderr: the call and its output are as they are."""
    Console(stderr=True).print(f"[bold yellow]note:[/] {escape(message)}", highlight=False)


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
    script = iter(script_lines(lines))
    try:
        play_lines(session, script, keeper.turn if keeper else None)
        reason = "eof"
    finally:
        if keeper:
            keeper.end(reason)
            if keeper.unsaved():
                warn(labels.where_kept(keeper, session.lang))
    unplayed = _unplayed(session, script)
    if unplayed:  # the customer hung up or was satisfied: say so rather than drop the rest unseen (play-test 22)
        note(labels.word("unplayed", session.lang).format(n=len(session.turns), k=unplayed))
    debrief = debrief_session(session)
    if as_json:
        record = call_record(session, debrief) | {"unplayed": unplayed}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(Brief(session.persona, session.scenario, session.lang))
        console.print(DebriefView(debrief, cover))
    if export_to:
        from simulator.ui.export import export

        path = export(debrief, export_to, call_record(session, debrief), cover)
        Console(stderr=True).print(f"exported: {path}", highlight=False)
    return 0
