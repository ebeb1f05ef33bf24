"""A workshop played from a script: the facilitator's lines from a file, for tests and rehearsals.

Each line goes through the same `Facilitator` as the keyboard. A line that cannot be acted
on (a trainee line while paused, `/rewind 9` after two turns) is reported on stderr with its
line number and skipped: the rest of the rehearsal still plays.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Callable, Iterable, Mapping

from rich.console import Console
from rich.markup import escape

from simulator.engine.workshop import Workshop
from simulator.library.store import Keeper
from simulator.score.report import score_session
from simulator.score.workshop import scoreboard, workshop_record
from simulator.ui import labels
from simulator.ui.facilitator import Event, Facilitator
from simulator.ui.render import Brief, Exchange, customer_line
from simulator.ui.scoreboard import ScoreboardView, WORDS


class Histories:
    """Each trainee's turns go to their own history: one call per trainee in the store.

    A trainee's call holds the turns they said, numbered 1, 2, 3… as their own (the workshop's
    record has the shared numbers), is marked as part of the workshop (it goes on only as a
    whole: `dcsim resume` refuses it) and ends as the shared call ends. A turn that was rewound
    and said again by the same trainee is replaced by the new attempt; the workshop's own
    record keeps every branch. Trainees who never spoke get no call.
    """

    def __init__(self, keepers: Mapping[str, Keeper] | None = None, warn: Callable[[str], None] | None = None):
        self.keepers = dict(keepers or {})
        self.numbers: dict[str, dict[int, int]] = {trainee: {} for trainee in self.keepers}  # shared → own
        for keeper in self.keepers.values():
            if warn:
                keeper.warn = lambda error, keeper=keeper: warn(labels.store_warning(error, keeper.session.lang))

    def event(self, event: Event, workshop: Workshop) -> None:
        if event.kind != "turn" or event.attempt is None or event.attempt.trainee not in self.keepers:
            return
        trainee, turn = event.attempt.trainee, event.attempt.turn
        keeper, numbers = self.keepers[trainee], self.numbers[trainee]
        keeper.session = workshop.session  # a rewind replays the call into a new session
        keeper.begin()
        keeper.turn(replace(turn, index=numbers.setdefault(turn.index, len(numbers) + 1)))

    def end(self, workshop: Workshop, why: str) -> list[str]:
        """Close every trainee's call; what to tell the room about where each is kept."""
        notes = []
        for keeper in self.keepers.values():
            if keeper.call is None and not keeper.pending:
                continue
            keeper.session = workshop.session
            keeper.end(why)
            notes.append(f"{keeper.trainee}: {labels.where_kept(keeper, workshop.session.lang)}")
        return notes


def play_script(workshop: Workshop, lines: Iterable[str], on_event=None) -> Workshop:
    """Act on each line until `/end`; `on_event(number, event)` sees each event as it happens."""
    facilitator = Facilitator(workshop)
    for number, line in enumerate(lines, 1):
        event = facilitator.handle(line)
        if event is None:
            continue
        if on_event:
            on_event(number, event)
        if event.kind == "end":
            break
    return workshop


def final_board(workshop: Workshop, lang: str) -> ScoreboardView:
    return ScoreboardView(scoreboard(workshop), score_session(workshop.session), lang)


def replay_line(workshop: Workshop) -> str:
    """How to meet this customer again: a workshop gets a new seed each time unless `--seed` repeats one."""
    return f"{WORDS[workshop.session.lang]['replay']} {workshop.session.seed}"


def event_lines(event: Event, workshop: Workshop) -> list:
    """How an event reads in the plain layout (the projector draws its own screen)."""
    s, words = workshop.session, WORDS[workshop.session.lang]
    if event.kind == "turn" and event.attempt:
        return [Exchange(event.attempt.turn, s.persona, s.lang, speaker=event.attempt.trainee)]
    if event.kind == "rewound":
        undone = ", ".join(f"#{a.turn.index} {a.trainee}" for a in event.undone)
        return [f"↶ {words['rewound']}: {undone} · {words['now']}: {event.text}", customer_line(s.last_reply, s.lang)]
    if event.kind == "paused":
        return [f"⏸ {words['paused']}"]
    if event.kind == "resumed":
        return [f"▶ {words['now']}: {workshop.speaker}"]
    if event.kind == "next":
        return [f"→ {words['now']}: {event.text}"]
    if event.kind == "vote":
        return [f"☐ {words['vote']}"]
    if event.kind == "hint":
        return [f"💡 {event.text}"]
    if event.kind == "score":
        return [final_board(workshop, s.lang)]
    if event.kind == "brief":
        return [Brief(s.persona, s.scenario, s.lang)]
    if event.kind == "error":
        return [f"⚠ {event.text}"]
    return [event.text] if event.text else []


def run_workshop_script(workshop: Workshop, lines: Iterable[str], as_json: bool, console: Console,
                        projector_size: tuple[int, int] | None = None, histories: Histories | None = None) -> int:
    """Play the script, then print the record as JSON, or the plain screen and the scoreboard.

    With `projector_size`, the last projector screen at that size stands for the plain screen.
    """
    err = Console(stderr=True)
    histories = histories or Histories()

    def show(number: int, event: Event) -> None:
        histories.event(event, workshop)
        if event.kind == "error":
            err.print(f"[bold yellow]line {number}:[/] {escape(event.text)}; skipped", highlight=False)
        elif not as_json and not projector_size:
            for part in event_lines(event, workshop):
                console.print(part, highlight=False)

    if not as_json and not projector_size:
        s = workshop.session
        console.print(Brief(s.persona, s.scenario, s.lang))
        console.print(customer_line(s.opening, s.lang))
    reason = "interrupted"
    try:
        play_script(workshop, lines, show)
        reason = "eof"
    finally:
        for note in histories.end(workshop, reason):
            err.print(note, highlight=False, markup=False, style="dim")
    if as_json:
        sys.stdout.write(json.dumps(workshop_record(workshop), ensure_ascii=False, indent=2) + "\n")
    elif projector_size:
        from simulator.ui.projector import Screen, ansi

        sys.stdout.write(ansi(Screen.of(workshop.session, workshop), *projector_size) + "\n")
    else:
        console.print(final_board(workshop, workshop.session.lang))
        console.print(replay_line(workshop), style="dim", highlight=False)
    return 0
