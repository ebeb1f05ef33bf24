"""The trainee's terminal: prompt-toolkit for typing, rich for showing, the engine for the rest.

Every turn is written to the transcript file before the reply is shown, and any way out
(/quit, Ctrl-C, Ctrl-D, the customer hanging up) ends with the score, never a traceback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from rich.console import Console

from simulator import coaching
from simulator.debrief_render import DebriefView
from simulator.render import LABELS, Brief, Exchange, MoodMeter, customer_line
from simulator.report import call_record, debrief_session, score_session
from simulator.session import Session
from simulator.store import Transcript, transcripts_dir

HELP = {
    "en": "Type your reply to the customer. Commands: /hint (what to say next), /score, /export [FILE], /restart, "
          "/quit, /help.",
    "zh": "输入你对客户说的话。命令:/hint(提示下一步)、/score(查看得分)、/export [文件](导出报告)、/restart(重新开始)、"
          "/quit(退出)、/help(帮助)。",
}


@dataclass
class Play:
    """One interactive practice, possibly restarted several times."""

    session: Session
    console: Console
    prompt: PromptSession
    transcript_folder: object = None
    export_to: str | None = None
    transcript: Transcript | None = field(default=None, init=False)

    def run(self) -> Session:
        self._begin()
        try:
            while not self.session.over:
                try:
                    text = self.prompt.prompt(f"{LABELS[self.session.lang]['you']}> ",
                                              bottom_toolbar=self._toolbar)
                except (EOFError, KeyboardInterrupt):
                    break
                text = text.strip()
                if not text:
                    continue
                if text.startswith("/"):
                    if self._command(text) == "quit":
                        break
                    continue
                self._turn(text)
        except KeyboardInterrupt:
            pass
        finally:
            self._finish()
        return self.session

    def _begin(self) -> None:
        s = self.session
        self.transcript = Transcript.start({"persona": s.persona.id, "scenario": s.scenario.id, "lang": s.lang,
                                            "seed": s.seed, "opening": s.opening}, self.transcript_folder)
        self.console.print(Brief(s.persona, s.scenario, s.lang))
        self.console.print(HELP[s.lang], style="dim")
        self.console.print(customer_line(s.opening, s.lang))
        self.console.print(MoodMeter(s.mood, s.lang))

    def _turn(self, text: str) -> None:
        turn = self.session.respond(text)
        self.transcript.write({"type": "turn", **turn.to_dict()})
        self.console.print(Exchange(turn, self.session.persona, self.session.lang))
        self.console.print(MoodMeter(turn.mood_after, self.session.lang))

    def _command(self, text: str) -> str | None:
        command = text.split()[0].lower()
        actions: dict[str, Callable[[], str | None]] = {
            "/help": lambda: self.console.print(HELP[self.session.lang], style="dim"),
            "/hint": self._hint,
            "/score": lambda: self.console.print(DebriefView(debrief_session(self.session))),
            "/export": lambda: self._export(text.split(maxsplit=1)[1] if len(text.split()) > 1 else None),
            "/restart": self._restart,
            "/quit": lambda: "quit",
            "/exit": lambda: "quit",
        }
        action = actions.get(command)
        if action is None:
            self.console.print(f"? {command} — {HELP[self.session.lang]}", style="yellow")
            return None
        return action()

    def _hint(self) -> None:
        s = self.session
        step = coaching.next_step(s.seen)
        self.console.print(f"💡 {coaching.suggestion(step, s.lang, s.values, len(s.turns))}", style="italic cyan")

    def _export(self, target: str | None) -> None:
        """Save the debrief so far; without a file name, as an HTML report beside the transcripts."""
        from simulator.export import export

        folder = transcripts_dir() if self.transcript_folder is None else self.transcript_folder
        target = target or str(folder / f"report-{time.strftime('%Y%m%d-%H%M%S')}.html")
        try:
            debrief = debrief_session(self.session)
            path = export(debrief, target, call_record(self.session, debrief))
        except (ValueError, OSError) as error:
            self.console.print(f"export failed: {error}", style="red")
            return
        self.console.print(f"exported: {path}", style="dim")

    def _restart(self) -> None:
        self._finish()
        self.session = self.session.restart()
        self._begin()

    def _finish(self) -> None:
        if self.transcript is None:
            return
        record = {"type": "end", "outcome": self.session.outcome, "score": score_session(self.session).total}
        self.transcript.write(record)
        self.transcript.close()
        self.transcript = None
        self.console.print(DebriefView(debrief_session(self.session)))
        if self.export_to:
            self._export(self.export_to)
        self.console.print(f"transcript: {transcripts_dir() if self.transcript_folder is None else self.transcript_folder}",
                           style="dim")

    def _toolbar(self) -> str:
        s = self.session
        return f" {s.persona.name(s.lang)} · {s.persona.label(s.state, s.lang)} · {LABELS[s.lang]['mood']} {s.mood}"


def interactive(session: Session, console: Console | None = None, history: History | None = None,
                export_to: str | None = None, **prompt_kwargs) -> Session:
    """Run an interactive call in the terminal and return the finished session."""
    if history is None:
        try:
            history = FileHistory(str(transcripts_dir().parent / "history"))
        except OSError:
            history = InMemoryHistory()
    prompt = PromptSession(history=history, **prompt_kwargs)
    return Play(session, console or Console(), prompt, export_to=export_to).run()
