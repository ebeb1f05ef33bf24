"""The trainee's terminal: prompt-toolkit for typing, rich for showing, the engine for the rest.

Every turn is committed to the store before the reply is shown, and any way out
(/quit, Ctrl-C, Ctrl-D, the customer hanging up) ends with the score, never a traceback.
A closed terminal (SIGHUP) or a polite kill (SIGTERM) still writes the end of the call;
only SIGKILL skips it, and even then every turn said so far is on disk (`dcsim resume`).
The ↑ history holds the current trainee's own lines only.
"""

from __future__ import annotations

import errno
import signal
import termios
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import History, InMemoryHistory
from rich.console import Console
from rich.markup import escape

from simulator.datafile import DataError
from simulator.engine import persona as persona_module
from simulator.engine import scenario as scenario_module
from simulator.engine.session import Session
from simulator.library.store import Keeper, Store, StoreError, data_dir
from simulator.score import coaching
from simulator.score.report import call_record, debrief_session
from simulator.ui import labels
from simulator.ui.debrief_view import Cover, DebriefView
from simulator.ui.keyboard import ShowTheEnd, paste_friendly_keys
from simulator.ui.render import Brief, Exchange, MoodMeter, customer_line


class HungUp(KeyboardInterrupt):
    """The terminal closed (SIGHUP) or the process was told to stop (SIGTERM): nobody is reading any more.

    An interrupt rather than an error, so that prompt-toolkit's event loop lets it through
    (it logs and swallows ordinary exceptions raised in its callbacks) and anything above
    the call that stops cleanly on Ctrl-C stops cleanly on this too.
    """


@dataclass
class Hangups:
    """SIGHUP and SIGTERM, raised as `HungUp` only while the program waits for a line.

    A closed terminal reaches the program twice, in either order and, on a loaded machine,
    far apart: its input ends (or a write to it fails), and the signal comes. Raised anywhere,
    the signal could cut short the very write that records the end of the call (or a turn).
    So it interrupts only a wait (`waiting`), where nothing is half written; elsewhere it is
    noted in `heard`, and the next wait ends at once.
    """

    heard: str | None = None
    _waiting: bool = False

    def handle(self, signum: int, _frame: object) -> None:
        self.heard = signal.Signals(signum).name
        if self._waiting:
            self._waiting = False
            raise HungUp(self.heard)

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Wait for the trainee (a prompt, a full-screen app): a hang-up ends the wait."""
        self._waiting = True
        try:
            if self.heard:  # it came while the last turn was stored
                raise HungUp(self.heard)
            yield
        finally:
            self._waiting = False

    @contextmanager
    def held(self) -> Iterator[None]:
        """Inside a wait, work that must finish (a turn stored); a hang-up meanwhile ends the wait after it."""
        waiting, self._waiting = self._waiting, False
        try:
            yield
        finally:
            self._waiting = waiting
        if waiting and self.heard:
            raise HungUp(self.heard)


@contextmanager
def hangups_end_the_call() -> Iterator[Hangups]:
    """Catch SIGHUP and SIGTERM while the call runs (see `Hangups`), so its end is still recorded."""
    hangups = Hangups()
    wanted = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    try:
        previous = {sig: signal.signal(sig, hangups.handle) for sig in wanted}
    except ValueError:  # not the main thread: signals stay as they were
        previous = {}
    try:
        yield hangups
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def terminal_hung_up(prompt: PromptSession) -> bool:
    """The prompt's input is a terminal that was closed: its input ended because its window is gone.

    The kernel then answers EIO to any question about the terminal; a pipe that ended
    answers "not a terminal", a terminal still open answers.
    """
    try:
        termios.tcgetattr(prompt.app.input.fileno())
    except termios.error as error:
        return error.args[0] == errno.EIO
    except (AttributeError, NotImplementedError, OSError, ValueError):  # no terminal file behind the input
        return False
    return False


@dataclass
class Play:
    """One interactive practice, possibly restarted several times."""

    session: Session
    console: Console
    prompt: PromptSession
    keeper: Keeper | None = None
    export_to: str | None = None
    cover: Cover | None = None
    on_reply: Callable[[str], None] | None = None  # hears each customer line (--voice)
    hangups: Hangups = field(default_factory=Hangups)

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
                with self.hangups.waiting():
                    text = self.prompt.prompt(self._message)
            except EOFError:
                return "hangup" if terminal_hung_up(self.prompt) else "eof"
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
        """The brief, the opening line and (for a resumed call) the turns so far."""
        s = self.session
        if self.keeper:
            self.keeper.begin()
        self.console.print(Brief(s.persona, s.scenario, s.lang))
        self.console.print(labels.help_text(s.lang), style="dim")
        self.console.print(customer_line(s.opening, s.lang))
        for turn in s.turns:
            self.console.print(Exchange(turn, s.persona, s.lang))
        self.console.print(MoodMeter(s.mood, s.lang))
        self._heard(s.last_reply)

    def _turn(self, text: str) -> None:
        turn = self.session.respond(text)
        if self.keeper:
            self.keeper.turn(turn)
        self.console.print(Exchange(turn, self.session.persona, self.session.lang))
        self.console.print(MoodMeter(turn.mood_after, self.session.lang))
        if self.session.closing:
            self.console.print(labels.word("last_word", self.session.lang), style="dim")
        self._heard(turn.reply)

    def _heard(self, line: str) -> None:
        if self.on_reply:
            self.on_reply(line)

    def _command(self, text: str) -> str | None:
        command = text.split()[0].lower()
        actions: dict[str, Callable[[], str | None]] = {
            "/help": lambda: self.console.print(labels.help_text(self.session.lang), style="dim"),
            "/hint": self._hint,
            "/score": lambda: self.console.print(DebriefView(debrief_session(self.session), self.cover)),
            "/brief": lambda: self.console.print(Brief(self.session.persona, self.session.scenario, self.session.lang)),
            "/export": lambda: self._export(text.split(maxsplit=1)[1] if len(text.split()) > 1 else None),
            "/restart": lambda: self._restart(),
            "/reload": self._reload,
            "/quit": lambda: "quit",
            "/exit": lambda: "quit",
        }
        action = actions.get(command)
        if action is None:
            self.console.print(f"? {command} — {labels.help_text(self.session.lang)}", style="yellow")
            return None
        return action()

    def _hint(self) -> None:
        self.console.print(f"💡 {coaching.hint(self.session)}", style="italic cyan")

    def _export(self, target: str | None) -> None:
        """Save the debrief so far; without a file name, as an HTML report in the data folder's `reports`."""
        from simulator.ui.export import export

        try:
            target = target or str(data_dir() / "reports" / f"report-{time.strftime('%Y%m%d-%H%M%S')}.html")
            debrief = debrief_session(self.session)
            path = export(debrief, target, call_record(self.session, debrief), self.cover)
        except StoreError as error:
            self.console.print(labels.store_problem(error, self.session.lang), style="red", highlight=False,
                               markup=False)
            return
        except (ValueError, OSError) as error:
            self.console.print(f"export failed: {error}", style="red")
            return
        self.console.print(f"exported: {path}", style="dim")

    def _restart(self, session: Session | None = None, why: str = "restart") -> None:
        """End this call and begin `session` (default: the same call afresh)."""
        self._finish(why)
        self.session = session or self.session.restart()
        if self.keeper:
            self.keeper = replace(self.keeper, session=self.session, call=None, pending=[], _warned=set())
        self._begin()

    def warn(self, message: str) -> None:
        self.console.print(f"⚠ {message}", style="bold red", highlight=False, markup=False)

    def store_problem(self, error: StoreError) -> None:
        self.warn(labels.store_warning(error, self.session.lang))

    def _reload(self) -> None:
        """Re-read the persona and scenario files and call again, so a coach sees an edit at once."""
        s = self.session
        try:
            persona, scenario = persona_module.load(s.persona.path), scenario_module.load(s.scenario.path)
        except DataError as error:  # keep playing the version that loaded; say what to fix
            self.console.print(escape(str(error)), style="red", highlight=False)
            return
        self._restart(Session(persona, scenario, s.lang, s.seed, s.recognise), "reload")

    def _finish(self, why: str) -> None:
        """Record the end of the call, then (if anyone is still there) show the debrief."""
        if self.keeper:
            self.keeper.end(why)
        if why == "hangup" or self.hangups.heard:
            return  # the terminal is gone: the store has the call
        if not self.session.turns and why in ("restart", "reload"):
            return  # nothing said yet: no debrief of an empty call (play-test 18), nothing was stored
        try:
            self.console.print(DebriefView(debrief_session(self.session), self.cover))
            if self.export_to:
                self._export(self.export_to)
            if self.keeper and self.keeper.unsaved():
                self.warn(labels.where_kept(self.keeper, self.session.lang))
            elif self.keeper:
                self.console.print(labels.where_kept(self.keeper, self.session.lang), style="dim", highlight=False,
                                   markup=False)
        except OSError:
            pass  # the terminal closed while the debrief was drawn; the store has the call

    def _message(self) -> FormattedText:
        """The prompt, under a status line: who calls, their state and anger.

        A bottom toolbar would sit on the terminal's last row, leaving a tall window blank
        between the call and the status; above the prompt it stays with the call.
        """
        s = self.session
        status = f" {s.persona.name(s.lang)} · {s.persona.label(s.state, s.lang)} · {labels.word('anger', s.lang)} {s.mood} "
        return FormattedText([("reverse", status), ("", f"\n{labels.word('you', s.lang)}> ")])


class TraineeHistory(History):
    """The ↑ history of one trainee, kept in the store: on a shared PC nobody sees another's replies."""

    def __init__(self, store: Store, trainee: str):
        super().__init__()
        self.store, self.trainee = store, trainee

    def load_history_strings(self) -> Iterable[str]:
        try:
            return list(reversed(self.store.inputs(self.trainee)))  # newest first, as prompt-toolkit wants
        except StoreError:
            return []

    def store_string(self, string: str) -> None:
        try:
            self.store.add_input(self.trainee, string)
        except StoreError:
            pass  # the line is still in this session's memory; the call's own warning says the rest


def interactive(session: Session, console: Console | None = None, history: History | None = None,
                export_to: str | None = None, on_first_prompt: Callable[[], object] | None = None,
                keeper: Keeper | None = None, cover: Cover | None = None,
                on_reply: Callable[[str], None] | None = None, **prompt_kwargs) -> Session:
    """Run an interactive call in the terminal and return the finished session.

    `keeper` stores the call turn by turn (and, unless `history` is given, the trainee's own
    ↑ history). `on_first_prompt` runs once, just after the first prompt is drawn: work that
    can wait (loading a model) then does not delay the moment the trainee can type.
    """
    if history is None:
        history = TraineeHistory(keeper.store, keeper.trainee) if keeper else InMemoryHistory()
    # erase_when_done: the reply is shown once, highlighted, by the exchange, not also as typed at the prompt
    prompt = PromptSession(history=history, key_bindings=paste_friendly_keys(), input_processors=[ShowTheEnd()],
                           erase_when_done=True, **prompt_kwargs)
    if on_first_prompt is not None:
        _once_drawn(prompt, on_first_prompt)
    console = console or Console()
    with hangups_end_the_call() as hangups:
        play = Play(session, console, prompt, keeper=keeper, export_to=export_to, cover=cover, on_reply=on_reply,
                    hangups=hangups)
        if keeper:
            keeper.warn = play.store_problem
        return play.run()


def _once_drawn(prompt: PromptSession, action: Callable[[], object]) -> None:
    """Run `action` after the prompt's first render, and never again."""
    def after_render(_app) -> None:
        prompt.app.after_render -= after_render
        action()

    prompt.app.after_render += after_render
