"""Playing a call from a script: one trainee line per line, for tests, coaches and replays."""

from __future__ import annotations

import json
import sys
from typing import Iterable

from rich.console import Console

from simulator.debrief_render import DebriefView
from simulator.render import Brief
from simulator.report import call_record, debrief_session
from simulator.session import Session


def script_lines(lines: Iterable[str]) -> Iterable[str]:
    """Blank lines and `# comments` are skipped so coaches can annotate their scripts."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def play_lines(session: Session, lines: Iterable[str]) -> Session:
    """Feed trainee lines until the script or the call ends."""
    for line in script_lines(lines):
        if session.over:
            break
        session.respond(line)
    return session


def run_script(session: Session, lines: Iterable[str], as_json: bool, console: Console,
               export_to: str | None = None) -> int:
    """Play the script, then print the call as JSON or as the debrief, and save it if asked."""
    play_lines(session, lines)
    debrief = debrief_session(session)
    if as_json:
        sys.stdout.write(json.dumps(call_record(session, debrief), ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(Brief(session.persona, session.scenario, session.lang))
        console.print(DebriefView(debrief))
    if export_to:
        from simulator.export import export

        path = export(debrief, export_to, call_record(session, debrief))
        Console(stderr=True).print(f"exported: {path}", highlight=False)
    return 0
