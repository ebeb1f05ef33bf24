"""Playing a call from a script: one trainee line per line, for tests, coaches and replays.

From the command line the call is saved turn by turn like an interactive one, so a long
script piped in and then interrupted (or killed) keeps every turn already played.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, Iterable

from rich.console import Console
from rich.markup import escape

from simulator.engine.session import Session, Turn
from simulator.library.store import Transcript, TranscriptError
from simulator.score.report import call_record, debrief_session, score_session
from simulator.ui.debrief_view import DebriefView
from simulator.ui.render import Brief


def script_lines(lines: Iterable[str]) -> Iterable[str]:
    """Blank lines and `# comments` are skipped so coaches can annotate their scripts."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def play_lines(session: Session, lines: Iterable[str], on_turn: Callable[[Turn], None] | None = None) -> Session:
    """Feed trainee lines until the script or the call ends; `on_turn` sees each turn as it is played."""
    for line in script_lines(lines):
        if session.over:
            break
        turn = session.respond(line)
        if on_turn:
            on_turn(turn)
    return session


class Keeper:
    """Saves a scripted call; if the disk refuses, warns once on stderr and lets the call play on."""

    def __init__(self, session: Session, folder: Path | None = None):
        self.session = session
        self.transcript: Transcript | None = None
        self._guard(lambda: setattr(self, "transcript", Transcript.of_call(session, folder)))

    def turn(self, turn: Turn) -> None:
        if self.transcript:
            self._guard(lambda: self.transcript.turn(turn))

    def end(self, score: int, reason: str) -> None:
        transcript, self.transcript = self.transcript, None  # a failed write below must not lose the close
        if transcript:
            self._guard(lambda: transcript.end(self.session, score, reason))
            transcript.close()

    def _guard(self, write: Callable[[], None]) -> None:
        try:
            write()
        except TranscriptError as error:
            Console(stderr=True).print(f"[bold red]warning:[/] {escape(str(error))}", highlight=False)
            self.transcript = None


def run_script(session: Session, lines: Iterable[str], as_json: bool, console: Console,
               export_to: str | None = None, save: bool = False) -> int:
    """Play the script, then print the call as JSON or as the debrief, and save it if asked.

    With `save`, the call is also kept under DCSIM_HOME turn by turn, as `dcsim play` does.
    """
    keeper = Keeper(session) if save else None
    reason = "interrupted"
    try:
        play_lines(session, lines, keeper.turn if keeper else None)
        reason = "eof"
    finally:
        if keeper:
            keeper.end(score_session(session).total, reason)
    debrief = debrief_session(session)
    if as_json:
        sys.stdout.write(json.dumps(call_record(session, debrief), ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(Brief(session.persona, session.scenario, session.lang))
        console.print(DebriefView(debrief))
    if export_to:
        from simulator.ui.export import export

        path = export(debrief, export_to, call_record(session, debrief))
        Console(stderr=True).print(f"exported: {path}", highlight=False)
    return 0
