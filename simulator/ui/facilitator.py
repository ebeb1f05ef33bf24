"""The facilitator's language: one line at a time, typed at the keyboard or read from a script.

    Ana: I'm so sorry.        Ana answers the customer (the rotation moves on to the next trainee)
    I understand.             whoever's turn it is answers
    /next                     pass the turn to the next trainee
    /pause  /resume           freeze the room to discuss (trainee lines are refused meanwhile)
    /rewind N                 undo the last N turns (default 1); they stay in the record, marked rewound
    /vote  …  /pick N         the room proposes replies (one trainee line each), the facilitator picks one
    /hint  /score  /brief     what to say next; the scoreboard so far; the brief again
    /end                      end the workshop and show the scoreboard
    # a comment               skipped, as are blank lines

The same `Facilitator` serves the interactive screen and `--script`, so a rehearsal file
plays exactly as the keys would have. It changes the workshop and says what happened as
an `Event`; drawing the event is the front end's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from simulator.engine.workshop import Attempt, Workshop, WorkshopError
from simulator.score import coaching
from simulator.ui import labels
from simulator.ui.scripted import is_comment

#: The line format, for `--help` and the README.
SCRIPT_FORMAT = __doc__.split("\n\n")[1]

HELP = labels.by_language("workshop_help")

COMMANDS = ("/pause", "/resume", "/hint", "/rewind", "/next", "/vote", "/pick", "/score", "/brief", "/end",
            "/help")


@dataclass
class Event:
    """What a line did: `kind` names it (`turn`, `proposal`, `paused`, `resumed`, `rewound`, `next`, `vote`,
    `hint`, `score`, `brief`, `end`, `help`, `error`), `text` says it, `attempt` is the turn played if any."""

    kind: str
    text: str = ""
    attempt: Attempt | None = None
    undone: tuple[Attempt, ...] = ()


def speaker_and_text(line: str, workshop: Workshop) -> tuple[str | None, str]:
    """`Name: text` when Name is a trainee (ASCII or full-width colon); otherwise nobody named."""
    match = re.match(r"\s*([^:：]{1,40}?)\s*[:：]\s*(.*)$", line)
    if match:
        names = {t.casefold() for t in workshop.trainees}
        if match.group(1).casefold() in names:
            return match.group(1), match.group(2)
    return None, line


def count(argument: str, default: int | None = None) -> int:
    if not argument and default is not None:
        return default
    if not argument.isdigit():
        raise WorkshopError(f"expected a number, not {argument!r}")
    return int(argument)


class Facilitator:
    """Turns lines into workshop actions."""

    def __init__(self, workshop: Workshop):
        self.workshop = workshop

    def handle(self, line: str) -> Event | None:
        """Act on one line; the event, or None for a blank line or a comment."""
        line = line.strip()
        if not line or is_comment(line):   # '# a note', not '#1 priority'
            return None
        try:
            if line.startswith("/"):
                return self._command(line)
            return self._speak(line)
        except WorkshopError as problem:
            return Event("error", str(problem))

    def _speak(self, line: str) -> Event:
        who, text = speaker_and_text(line, self.workshop)
        if not text.strip():
            raise WorkshopError(f"{who} said nothing")
        if self.workshop.proposals is not None and not self.workshop.paused:
            number = self.workshop.propose(text, who)
            return Event("proposal", f"{number}. {self.workshop.proposals[-1][0]}: {text}")
        attempt = self.workshop.say(text, who)
        return Event("turn", attempt=attempt)

    def _command(self, line: str) -> Event:
        name, _, argument = line.partition(" ")
        name, argument = name.lower(), argument.strip()
        w = self.workshop
        actions: dict[str, Callable[[], Event]] = {
            "/pause": lambda: Event("paused" if w.toggle_pause() else "resumed"),
            "/resume": self._resume,
            "/next": lambda: Event("next", w.pass_turn()),
            "/rewind": lambda: self._rewind(count(argument, 1)),
            "/vote": self._vote,
            "/pick": lambda: Event("turn", attempt=w.pick(count(argument))),
            "/hint": self._hint,
            "/score": lambda: Event("score"),
            "/brief": lambda: Event("brief"),
            "/end": lambda: Event("end"),
            "/quit": lambda: Event("end"),
            "/help": lambda: Event("help", HELP[w.session.lang]),
        }
        action = actions.get(name)
        if action is None:
            raise WorkshopError(f"unknown command {name}; the commands are {' '.join(COMMANDS)}")
        return action()

    def _resume(self) -> Event:
        self.workshop.paused = False
        return Event("resumed")

    def _rewind(self, turns: int) -> Event:
        undone = self.workshop.rewind(turns)
        return Event("rewound", self.workshop.speaker, undone=tuple(undone))

    def _vote(self) -> Event:
        self.workshop.vote()
        return Event("vote")

    def _hint(self) -> Event:
        return Event("hint", coaching.hint(self.workshop.session))
