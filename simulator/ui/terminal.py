"""The trainee's terminal: prompt-toolkit for typing, rich for showing, the engine for the rest.

Every turn is written to the transcript file before the reply is shown, and any way out
(/quit, Ctrl-C, Ctrl-D, the customer hanging up) ends with the score, never a traceback.
A closed terminal (SIGHUP) or a polite kill (SIGTERM) still writes the end of the call;
only SIGKILL skips it, and even then every turn said so far is already on disk.
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from rich.console import Console

from simulator.engine.session import Session
from simulator.library.store import Transcript, TranscriptError, transcripts_dir
from simulator.score import coaching
from simulator.score.report import call_record, debrief_session, score_session
from simulator.ui.debrief_view import DebriefView
from simulator.ui.keyboard import ShowTheEnd, paste_friendly_keys
from simulator.ui.render import LABELS, Brief, Exchange, MoodMeter, customer_line

HELP = {
    "en": "Type your reply to the customer. Commands: /hint (what to say next), /score, /export [FILE], /restart, "
          "/quit, /help.",
    "zh": "输入你对客户说的话。命令:/hint(提示下一步)、/score(查看得分)、/export [文件](导出报告)、/restart(重新开始)、"
          "/quit(退出)、/help(帮助)。",
}


class HungUp(KeyboardInterrupt):
    """The terminal closed (SIGHUP) or the process was told to stop (SIGTERM): nobody is reading any more.

    An interrupt rather than an error, so that prompt-toolkit's event loop lets it through
    (it logs and swallows ordinary exceptions raised in its callbacks) and anything above
    the call that stops cleanly on Ctrl-C stops cleanly on this too.
    """


def _hang_up(signum: int, _frame: object) -> None:
    raise HungUp(signal.Signals(signum).name)


@contextmanager
def hangups_end_the_call() -> Iterator[None]:
    """Turn SIGHUP and SIGTERM into `HungUp` while the call runs, so its end is still recorded."""
    wanted = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    try:
        previous = {sig: signal.signal(sig, _hang_up) for sig in wanted}
    except ValueError:  # not the main thread: signals stay as they were
        previous = {}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@dataclass
class Play:
    """One interactive practice, possibly restarted several times."""

    session: Session
    console: Console
    prompt: PromptSession
    transcript_folder: object = None
    export_to: str | None = None
    on_reply: Callable[[str], None] | None = None  # hears each customer line (--voice)
    transcript: Transcript | None = field(default=None, init=False)

    def run(self) -> Session:
        self._begin()
        why = "ended"
        try:
            why = self._converse()
        except HungUp:
            why = "hangup"
        except KeyboardInterrupt:
            why = "interrupted"
        finally:
            self._finish(why)
        return self.session

    def _converse(self) -> str:
        """Take turns until the call ends; why it stopped (`ended`, `quit`, `eof`, `interrupted`, `hangup`)."""
        while not self.session.over:
            try:
                text = self.prompt.prompt(f"{LABELS[self.session.lang]['you']}> ", bottom_toolbar=self._toolbar)
            except EOFError:
                return "eof"
            except HungUp:
                raise
            except KeyboardInterrupt:
                return "interrupted"
            except OSError:  # the terminal went away under the prompt
                return "hangup"
            text = text.strip()
            if not text:
                continue
            if text.startswith("/"):
                if self._command(text) == "quit":
                    return "quit"
                continue
            self._turn(text)
        return "ended"

    def _begin(self) -> None:
        s = self.session
        self.transcript = Transcript.of_call(s, self.transcript_folder)
        self.console.print(Brief(s.persona, s.scenario, s.lang))
        self.console.print(HELP[s.lang], style="dim")
        self.console.print(customer_line(s.opening, s.lang))
        self.console.print(MoodMeter(s.mood, s.lang))
        self._heard(s.opening)

    def _turn(self, text: str) -> None:
        turn = self.session.respond(text)
        self._save(lambda: self.transcript.turn(turn))
        self.console.print(Exchange(turn, self.session.persona, self.session.lang))
        self.console.print(MoodMeter(turn.mood_after, self.session.lang))
        self._heard(turn.reply)

    def _heard(self, line: str) -> None:
        if self.on_reply:
            self.on_reply(line)

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
        from simulator.ui.export import export

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
        self._finish("restart")
        self.session = self.session.restart()
        self._begin()

    def _save(self, write: Callable[[], None]) -> None:
        """Write to the transcript; if the disk refuses, say so and let the call go on."""
        try:
            write()
        except TranscriptError as error:
            self.console.print(f"⚠ {error}", style="bold red", highlight=False)

    def _finish(self, why: str) -> None:
        """Record the end of the call, then (if anyone is still there) show the debrief."""
        if self.transcript is None:
            return
        transcript, self.transcript = self.transcript, None
        self._save(lambda: transcript.end(self.session, score_session(self.session).total, why))
        transcript.close()
        if why == "hangup":
            return  # the terminal is gone: the transcript is the debrief
        try:
            self.console.print(DebriefView(debrief_session(self.session)))
            if self.export_to:
                self._export(self.export_to)
            self.console.print(f"transcript: {transcript.path}", style="dim")
        except OSError:
            pass  # the terminal closed while the debrief was drawn; the transcript is complete

    def _toolbar(self) -> str:
        s = self.session
        return f" {s.persona.name(s.lang)} · {s.persona.label(s.state, s.lang)} · {LABELS[s.lang]['mood']} {s.mood}"


def interactive(session: Session, console: Console | None = None, history: History | None = None,
                export_to: str | None = None, on_first_prompt: Callable[[], object] | None = None,
                on_reply: Callable[[str], None] | None = None, **prompt_kwargs) -> Session:
    """Run an interactive call in the terminal and return the finished session.

    `on_first_prompt` runs once, just after the first prompt is drawn: work that can wait
    (loading a model) then does not delay the moment the trainee can type.
    """
    if history is None:
        try:
            history = FileHistory(str(transcripts_dir().parent / "history"))
        except (OSError, TranscriptError):
            history = InMemoryHistory()
    prompt = PromptSession(history=history, key_bindings=paste_friendly_keys(), input_processors=[ShowTheEnd()],
                           **prompt_kwargs)
    if on_first_prompt is not None:
        _once_drawn(prompt, on_first_prompt)
    with hangups_end_the_call():
        return Play(session, console or Console(), prompt, export_to=export_to, on_reply=on_reply).run()


def _once_drawn(prompt: PromptSession, action: Callable[[], object]) -> None:
    """Run `action` after the prompt's first render, and never again."""
    def after_render(_app) -> None:
        prompt.app.after_render -= after_render
        action()

    prompt.app.after_render += after_render
