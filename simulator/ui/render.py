"""Drawing the call with rich: the brief, each exchange, the mood meter and the score.

Each piece is a renderable, so the interactive loop, scripted output and exports compose
the same drawings. Nothing here changes the call; it only shows turn records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario
from simulator.engine.session import Turn
from simulator.moves import BAD_MOVES
from simulator.ui import labels

def local_time(stamp: str) -> str:
    """A stored time (ISO 8601, UTC, as the store writes it) on the reader's own clock: `2026-12-05 21:30`."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:16].replace("T", " ")
    return moment.replace(tzinfo=moment.tzinfo or timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


def mood_colour(anger: int) -> str:
    return "red" if anger >= 70 else "yellow" if anger >= 40 else "green"


@dataclass
class MoodMeter:
    """A bar of the customer's anger, 0 to 100, coloured by how close to boiling it is."""

    anger: int
    lang: str = "en"
    width: int = 20

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        filled = round(self.width * self.anger / 100)
        bar = Text(f"{labels.word('anger', self.lang)} ")
        bar.append("█" * filled, style=mood_colour(self.anger))
        bar.append("░" * (self.width - filled), style="dim")
        bar.append(f" {self.anger:3d}")
        yield bar


@dataclass
class Brief:
    """What the trainee reads before the call: who calls, what went wrong, what may be offered."""

    persona: Persona
    scenario: Scenario
    lang: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        sc, word = self.scenario, lambda key: labels.word(key, self.lang)
        body = Text()
        body.append(f"{self.persona.name(self.lang)} — {self.persona.description(self.lang)}\n", style="bold")
        advice = self.persona.advice(self.lang)
        if advice:
            body.append(f"{advice}\n", style="italic")
        body.append("\n")
        body.append(sc.text("brief.situation", self.lang) + "\n\n")
        body.append(f"{word('policy')}: ", style="bold")
        body.append(sc.text("brief.policy", self.lang) + "\n")
        body.append(f"{word('offer')}:\n", style="bold")
        for offer in sc.texts("brief.may_offer", self.lang):
            body.append(f"  • {offer}\n")
        body.append(f"{word('resolves')}: ", style="bold")
        body.append(sc.text("resolution", self.lang))
        yield Panel(body, title=f"{word('brief')}: {sc.title(self.lang)}", border_style="cyan")


def customer_line(text: str, lang: str) -> Text:
    line = Text(f"{labels.word('customer', lang)}: ", style="bold magenta")
    line.append(text)
    return line


#: A turn longer than this is shown as its beginning and end around a marker (the whole
#: text stays in the transcript): a pasted essay must not push the call off the screen.
SHOWN_CHARS = 2_000


def shortened(text: Text, limit: int = SHOWN_CHARS) -> Text:
    """`text` with its middle replaced by a marker saying how much was left out, styles kept."""
    if len(text) <= limit:
        return text
    half = limit // 2
    head, _, tail = text.divide([half, len(text) - half])
    return Text.assemble(head, (f" […{len(text) - 2 * half:,} characters…] ", "dim italic"), tail)


@dataclass(frozen=True)
class Mark:
    """Words to underline: green when they earned something (or calmed), red when they cost."""

    start: int
    end: int
    bad: bool


@dataclass(frozen=True)
class Tag:
    """A label under a line: a move heard, or a mood cue in a customer's words."""

    label: str
    bad: bool


def move_marks(moves: Iterable[dict]) -> tuple[Mark, ...]:
    """The spans that triggered each move."""
    return tuple(Mark(s["start"], s["end"], m["name"] in BAD_MOVES) for m in moves for s in m["spans"])


def move_tags(moves: Iterable[dict], lang: str) -> tuple[Tag, ...]:
    return tuple(Tag(labels.move(m["name"], lang), m["name"] in BAD_MOVES) for m in moves)


def marked(text: str, marks: Iterable[Mark]) -> Text:
    """The words with the marked spans underlined, red or green."""
    out = Text(text)
    for mark in marks:
        out.stylize(("bold red" if mark.bad else "bold green") + " underline", mark.start, mark.end)
    return shortened(out)


def highlighted(text: str, moves: Iterable[dict]) -> Text:
    """The trainee's words with the spans that triggered each move underlined."""
    return marked(text, move_marks(moves))


def tag_line(tags: Iterable[Tag], empty: str) -> Text:
    out = Text()
    for tag in tags:
        out.append(f" {tag.label} ", style="black on red" if tag.bad else "black on green")
        out.append(" ")
    return out if out.plain else Text(empty, style="dim")


@dataclass
class Exchange:
    """One turn: what the trainee said (moves highlighted), the mood change, the reply."""

    turn: Turn
    persona: Persona
    lang: str
    speaker: str | None = None  # a workshop trainee's name; "You" otherwise

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        t, word = self.turn, lambda key: labels.word(key, self.lang)
        moves = [m.to_dict() for m in t.moves]
        said = Text(f"{self.speaker or word('you')}: ", style="bold cyan")
        said.append_text(marked(t.text, move_marks(moves)))
        yield said
        change = t.mood_after - t.mood_before
        status = Text("   ")
        status.append_text(tag_line(move_tags(moves, self.lang), word('no_move')))
        status.append(f"  {word('anger')} {t.mood_before}→{t.mood_after} ({change:+d})", style=mood_colour(t.mood_after))
        status.append(f"  {word('state')}: {self.persona.label(t.state, self.lang)}", style="dim")
        yield status
        yield customer_line(t.reply, self.lang)
