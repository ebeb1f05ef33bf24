"""The workshop at the keyboard: the plain layout, or the projector's full screen.

The facilitator types every line (a trainee's reply, or a command); the `Facilitator`
acts on it and the screen shows what happened. Every turn, rewind and the end are written
to the workshop's transcript as they happen, so Ctrl-C, a closed terminal or a killed
process lose nothing said. Whichever way the workshop stops, the scoreboard is printed
on the ordinary screen at the end, where it stays for the room to read.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from typing import Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import ANSI, FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.widgets import TextArea
from rich.console import Console

from simulator.engine.workshop import Workshop
from simulator.library.store import Keeper, Transcript, TranscriptError
from simulator.score.report import score_session
from simulator.ui import labels
from simulator.ui.facilitator import HELP, Event, Facilitator
from simulator.ui.keyboard import paste_friendly_keys
from simulator.ui.projector import Screen, ansi, console_for
from simulator.ui.render import Brief, customer_line
from simulator.ui.scoreboard import WORDS
from simulator.ui.terminal import Hangups, HungUp, hangups_end_the_call, terminal_hung_up
from simulator.ui.workshop import Histories, event_lines, final_board, replay_line


class RoomRecord:
    """The workshop's transcript: a header naming the room, then each turn (with its trainee), rewind and the end.

    If the disk refuses, the workshop goes on and the record is in the scoreboard and `--json`.
    """

    def __init__(self, workshop: Workshop, warn: Callable[[str], None]):
        self.workshop, self.warn = workshop, warn
        s = workshop.session
        self.transcript: Transcript | None = None
        self._guard(lambda: setattr(self, "transcript", Transcript.start(
            {"kind": "workshop", "trainees": workshop.trainees, "persona": s.persona.id, "scenario": s.scenario.id,
             "lang": s.lang, "seed": s.seed, "opening": s.opening})))

    def event(self, event: Event) -> None:
        if event.kind == "turn" and event.attempt:
            self._write({"type": "turn", **event.attempt.to_dict()})
        elif event.kind == "rewound":
            self._write({"type": "rewind", "turns": [a.turn.index for a in event.undone],
                         "trainees": [a.trainee for a in event.undone]})

    def end(self, why: str) -> str | None:
        """Close the record; its path, if it was kept."""
        transcript, self.transcript = self.transcript, None
        if transcript is None:
            return None
        s = self.workshop.session
        reason = "ended" if s.outcome else why
        self._guard(lambda: transcript.write({"type": "end", "outcome": s.outcome, "score": score_session(s).total,
                                              "reason": reason}))
        transcript.close()
        return str(transcript.path)

    def _write(self, record: dict) -> None:
        if self.transcript:
            self._guard(lambda: self.transcript.write(record))

    def _guard(self, write: Callable[[], None]) -> None:
        try:
            write()
        except TranscriptError as error:
            self.warn(f"⚠ {labels.store_problem(error, self.workshop.session.lang)}")
            self.transcript = None


@dataclass
class Room:
    """One interactive workshop; `on_turn` hears each customer reply (the voice)."""

    workshop: Workshop
    console: Console
    on_reply: Callable[[str], None] | None = None
    keepers: dict[str, Keeper] = field(default_factory=dict)  # each trainee's history
    facilitator: Facilitator = field(init=False)

    def __post_init__(self) -> None:
        self.facilitator = Facilitator(self.workshop)
        warn = lambda text: self.console.print(text, style="bold red", highlight=False, markup=False)  # noqa: E731
        self.record = RoomRecord(self.workshop, warn)
        self.histories = Histories(self.keepers, warn)

    def act(self, line: str) -> Event | None:
        """Act on one typed line and keep the record; the event for the screen."""
        event = self.facilitator.handle(line)
        if event is None:
            return None
        self.record.event(event)
        self.histories.event(event, self.workshop)
        if event.kind in ("turn", "rewound") and self.on_reply:
            self.on_reply(self.workshop.session.last_reply)
        return event

    def finish(self, why: str) -> None:
        path = self.record.end(why)
        notes = self.histories.end(self.workshop, why)
        if why == "hangup":
            return
        try:
            self.console.print(final_board(self.workshop, self.workshop.session.lang))
            for note in notes:
                self.console.print(note, style="dim", highlight=False, markup=False)
            if path:
                self.console.print(f"transcript: {path}", style="dim")
            self.console.print(replay_line(self.workshop), style="dim", highlight=False)
        except OSError:
            pass  # the terminal closed while the scoreboard was drawn; the transcript is complete


def plain(room: Room, prompt: PromptSession, hangups: Hangups) -> str:
    """The plain layout: each event printed as it happens; why it stopped."""
    w, words = room.workshop, WORDS[room.workshop.session.lang]
    s = w.session
    room.console.print(Brief(s.persona, s.scenario, s.lang))
    room.console.print(HELP[s.lang], style="dim")
    room.console.print(customer_line(s.opening, s.lang))
    if room.on_reply:
        room.on_reply(s.opening)

    def message() -> FormattedText:
        """The speaker's prompt under a status line (the rotation, a pause or vote, the anger)."""
        state = f" · {words['paused']}" if w.paused else f" · {words['vote']}" if w.proposals is not None else ""
        order = "  ".join(f"▶{t}" if t == w.speaker else t for t in w.trainees)
        status = f" {words['rotation']}: {order}{state} · {words['anger']} {w.session.mood} "
        return FormattedText([("reverse", status), ("", f"\n{w.speaker}> ")])

    while True:
        try:
            with hangups.waiting():
                line = prompt.prompt(message)
        except EOFError:
            return "hangup" if terminal_hung_up(prompt) else "eof"
        event = room.act(line)
        if event is None:
            continue
        if event.kind == "end":
            return "quit"
        for part in event_lines(event, w):
            room.console.print(part, highlight=False)


class ProjectorScreen:
    """The full-screen projector layout with a one-line input at the bottom; redrawn at every size change."""

    def __init__(self, room: Room, hangups: Hangups, **app_kwargs):
        self.room, self.hangups = room, hangups
        self.notice: str | None = None
        self.overlay: object | None = None  # the scoreboard, the brief or the help, until the next line
        self.stopped = "quit"
        self._drawn: tuple[tuple[int, int, int], ANSI] | None = None  # the last screen, redrawn only when needed
        self._version = 0
        self.input = TextArea(height=1, multiline=False, prompt=self._prompt, accept_handler=self._accept,
                              history=InMemoryHistory())
        keys = KeyBindings()
        keys.add("c-c")(lambda event: self._stop("interrupted"))
        keys.add("c-d")(lambda event: self._stop("eof"))
        body = Window(FormattedTextControl(self._draw, focusable=False), wrap_lines=False)
        self.app = Application(layout=Layout(HSplit([body, self.input]), focused_element=self.input),
                               key_bindings=keys, full_screen=True, **app_kwargs)

    def run(self) -> str:
        if self.room.on_reply:
            self.room.on_reply(self.room.workshop.session.last_reply)
        with self.hangups.waiting():
            self.app.run()
        return self.stopped

    def _prompt(self) -> str:
        return f"{self.room.workshop.speaker}> "

    def _draw(self) -> ANSI:
        """The screen at the window's size; drawn again only after a line or a resize, not at every key."""
        size = self.app.output.get_size()
        key = (size.columns, size.rows, self._version)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._screen(size.columns, max(4, size.rows - 1)))
        return self._drawn[1]

    def _screen(self, cols: int, rows: int) -> ANSI:
        if self.overlay is None:
            return ANSI(ansi(Screen.of(self.room.workshop.session, self.room.workshop, self.notice), cols, rows))
        console = console_for(cols, rows)
        console.print(self.overlay)
        return ANSI("\n".join(console.file.getvalue().splitlines()[:rows]))

    def _accept(self, buffer) -> bool:
        self.overlay, self.notice = None, None
        self._version += 1
        with self.hangups.held():  # the turn is stored whole, even if the terminal closes meanwhile
            event = self.room.act(buffer.text)
        if event is None:
            return False
        s = self.room.workshop.session
        if event.kind == "end":
            self._stop("quit")
        elif event.kind == "score":
            self.overlay = final_board(self.room.workshop, s.lang)
        elif event.kind == "brief":
            self.overlay = Brief(s.persona, s.scenario, s.lang)
        elif event.kind in ("hint", "error", "help"):
            self.notice = ("► " if event.kind == "hint" else "⚠ " if event.kind == "error" else "") + event.text
        return False

    def _stop(self, why: str) -> None:
        self.stopped = why
        self.app.exit()


def run_room(workshop: Workshop, projector: bool = False, console: Console | None = None,
             on_reply: Callable[[str], None] | None = None, keepers: dict[str, Keeper] | None = None,
             **prompt_kwargs) -> Workshop:
    """Run a workshop at the keyboard until /end, Ctrl-C, Ctrl-D or a hang-up; then the scoreboard.

    `keepers` maps a trainee of the room to the keeper of their own history.
    """
    room = Room(workshop, console or Console(), on_reply, dict(keepers or {}))
    why = "ended"
    with hangups_end_the_call() as hangups:
        try:
            if projector:
                why = ProjectorScreen(room, hangups, **prompt_kwargs).run()
            else:
                why = plain(room, PromptSession(key_bindings=paste_friendly_keys(), erase_when_done=True,
                                                **prompt_kwargs), hangups)
        except HungUp:
            why = "hangup"
        except KeyboardInterrupt:
            why = "interrupted"
        finally:
            room.finish("hangup" if hangups.heard else why)  # no one is left to read the scoreboard
    return workshop


def terminal_size() -> tuple[int, int]:
    size = shutil.get_terminal_size((120, 40))
    return size.columns, size.lines
