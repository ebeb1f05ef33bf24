"""The projector screen: a call readable from the back of a room.

One view model (`Screen`) says what is on the screen; the rich renderer (`ProjectorView`)
reads it and composes one renderable per part: the header with the rotation, the
customer's line, the mood meter, the four-step checklist and the last few turns. The
parts take the rows they need and the recent turns get what is left, so the same screen
works from 80×24 to 200×60; the interactive front end simply draws it again at the new
size when the window changes.

Meaning never rests on colour alone: steps done carry ✔ and are drawn reversed, steps
missing ☐; bad moves ✘; the mood is a bar, a number and a word; the speaker is marked ▶.
With NO_COLOR (rich honours it) the screen keeps all of that.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.align import Align
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.layout import Layout
from rich.panel import Panel
from rich.table import Table
from rich.terminal_theme import TerminalTheme
from rich.text import Text

from simulator.engine.session import Session
from simulator.engine.workshop import Workshop
from simulator.moves import BAD_MOVES, FOUR_STEPS
from simulator.ui import labels
from simulator.ui.scoreboard import WORDS, anger_change

#: Words for how angry the customer is, so the meter reads without colour.
MOOD_WORDS = {lang: tuple(words[f"mood_{m}"] for m in ("calm", "upset", "angry", "furious"))
              for lang, words in labels.by_language("workshop").items()}
#: Five-row block digits for the anger figure on a tall screen.
DIGITS = {
    "0": ("███", "█ █", "█ █", "█ █", "███"), "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"), "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"), "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"), "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"), "9": ("███", "█ █", "███", "  █", "███"),
}
#: The room follows the last few turns; the whole call is on the scoreboard.
RECENT = 6
#: White on black and bright colours: what survives a washed-out projector.
HIGH_CONTRAST = TerminalTheme((0, 0, 0), (255, 255, 255),
                              [(0, 0, 0), (255, 85, 85), (85, 255, 85), (255, 255, 85), (110, 160, 255),
                               (255, 110, 255), (85, 255, 255), (230, 230, 230)],
                              [(120, 120, 120), (255, 110, 110), (120, 255, 120), (255, 255, 140),
                               (150, 190, 255), (255, 150, 255), (140, 255, 255), (255, 255, 255)])


@dataclass(frozen=True)
class Recent:
    """One of the last turns, as the room sees it."""

    index: int
    speaker: str
    text: str
    steps: tuple[str, ...]
    bad_moves: tuple[str, ...]
    mood_change: int
    rewound: bool = False


@dataclass(frozen=True)
class Screen:
    """Everything the projector shows, as plain data: the view model every renderer reads."""

    lang: str
    title: str
    customer: str
    anger: int
    state: str
    steps: dict[str, int | None]  # step → the turn that took it, None while missing
    recent: list[Recent]
    rotation: list[str] = field(default_factory=list)
    speaker: str | None = None
    banner: str | None = None  # paused, a vote, the end of the call
    proposals: list[tuple[str, str]] = field(default_factory=list)
    notice: str | None = None  # the last hint or refusal

    @classmethod
    def of(cls, session: Session, workshop: Workshop | None = None, notice: str | None = None) -> "Screen":
        lang = session.lang
        attempts = workshop.record if workshop else None
        seen: dict[str, int | None] = {step: None for step in FOUR_STEPS}
        for turn in session.turns:
            for step in FOUR_STEPS:
                if step in turn.move_names and seen[step] is None:
                    seen[step] = turn.index
        return cls(lang=lang, title=f"{session.persona.name(lang)} · {session.scenario.title(lang)}",
                   customer=session.last_reply, anger=session.mood, state=session.persona.label(session.state, lang),
                   steps=seen, recent=_recent(session, attempts), rotation=list(workshop.trainees) if workshop else [],
                   speaker=workshop.speaker if workshop else None, banner=_banner(session, workshop),
                   proposals=list(workshop.proposals or []) if workshop else [], notice=notice)


def _recent(session: Session, attempts: list | None) -> list[Recent]:
    you = labels.word("you", session.lang)
    played = [(a.trainee, a.turn, a.rewound) for a in attempts] if attempts is not None else \
        [(you, t, False) for t in session.turns]
    return [Recent(t.index, who, t.text, tuple(s for s in FOUR_STEPS if s in t.move_names),
                   tuple(m for m in t.move_names if m in BAD_MOVES), t.mood_after - t.mood_before, rewound)
            for who, t, rewound in played[-RECENT:]]


def _banner(session: Session, workshop: Workshop | None) -> str | None:
    words = WORDS[session.lang]
    if session.over:
        return f"■ {words['outcome']}: {labels.outcome(session.outcome, session.lang)}"
    if workshop and workshop.paused:
        return f"⏸ {words['paused']}"
    if workshop and workshop.proposals is not None:
        return f"☐ {words['vote']}"
    return None


def mood_word(anger: int, lang: str) -> str:
    return MOOD_WORDS[lang][0 if anger < 40 else 1 if anger < 70 else 2 if anger < 90 else 3]


def mood_style(anger: int) -> str:
    return "bold red" if anger >= 70 else "bold yellow" if anger >= 40 else "bold green"


@dataclass
class Rotation:
    """Who answers now (▶, reversed) and who comes next, in a row of names; boxed on a roomy screen."""

    screen: Screen
    roomy: bool

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s, words = self.screen, WORDS[self.screen.lang]
        if not self.roomy:
            line = Text(f"{words['rotation']}: ", style="bold")
            for name in s.rotation:
                line.append(f" ▶ {name} ◀ " if name == s.speaker else f"  {name}  ",
                            style="bold reverse" if name == s.speaker else "")
            yield line
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_row(Text(f"{words['rotation']}:", style="bold"), *(
            Panel(Text(f"▶ {name} ◀" if name == s.speaker else name, style="bold reverse" if name == s.speaker else ""),
                  box=box.HEAVY if name == s.speaker else box.ROUNDED, expand=False)
            for name in s.rotation))
        yield grid


@dataclass
class CustomerLine:
    """The customer's last words, large: bold, in a heavy frame, padded on a roomy screen."""

    screen: Screen
    roomy: bool
    rows: int | None = None  # on a roomy screen, the frame grows to a share of the height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        words = WORDS[self.screen.lang]
        line = Text(self.screen.customer, style="bold", justify="center")
        yield Panel(Align.center(line, vertical="middle"), box=box.HEAVY, height=self.rows,
                    title=f"{words['customer']} · {self.screen.state}", title_align="left",
                    padding=(1, 4) if self.roomy else (0, 1))


@dataclass
class MoodMeter:
    """A wide bar of the customer's anger with its figure and a word; big digits on a tall screen."""

    anger: int
    lang: str
    big: bool

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label = f"{labels.word('anger', self.lang)} {self.anger}/100 · {mood_word(self.anger, self.lang)}"
        if not self.big:
            yield self._bar(options.max_width - cell_len(label) - 2, label)
            return
        digits = [" ".join(DIGITS[d][row] * 1 for d in str(self.anger)) for row in range(5)]
        figure = Text("\n".join(row.replace("█", "██").replace(" ", "  ") for row in digits), style=mood_style(self.anger))
        width = options.max_width - max(len(r) for r in figure.plain.splitlines()) - 4
        bars = Group(Text(label, style="bold"), *(self._bar(width) for _ in range(4)))
        grid = Table.grid(padding=(0, 2))
        grid.add_row(figure, bars)
        yield grid

    def _bar(self, width: int, label: str | None = None) -> Text:
        width = max(10, width)
        filled = round(width * self.anger / 100)
        bar = Text("█" * filled, style=mood_style(self.anger))
        bar.append("░" * (width - filled))
        if label:
            bar.append(f"  {label}", style="bold")
        return bar


@dataclass
class Checklist:
    """The four steps as four boxes: a step done lights up (reversed, ✔ and its turn), a missing one stays ☐."""

    screen: Screen
    roomy: bool

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in FOUR_STEPS:
            grid.add_column(ratio=1)
        grid.add_row(*(self._box(step, turn) for step, turn in self.screen.steps.items()))
        yield grid

    def _box(self, step: str, turn: int | None) -> RenderableType:
        name = labels.step(step, self.screen.lang)
        cell = Text(f"✔ {name} #{turn}", style="bold reverse") if turn else Text(f"☐ {name}")
        cell.no_wrap, cell.overflow = True, "ellipsis"
        if not self.roomy:
            return cell
        return Panel(cell, box=box.HEAVY if turn else box.ROUNDED, style="bold" if turn else "", padding=(1, 1))


@dataclass
class RecentTurns:
    """The last turns that fit, newest at the bottom; rewound ones marked ↶ and struck through."""

    screen: Screen
    rows: int
    spaced: bool = False  # a blank row between turns, on a roomy screen

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        words = WORDS[self.screen.lang]
        lines: list[RenderableType] = []
        for r in self.screen.recent:
            line = Text(f"{'↶' if r.rewound else '#'}{r.index} {r.speaker}: ", style="bold")
            line.append(_clip(r.text, options.max_width // 2), style="strike dim" if r.rewound else "")
            marks = [f"✔ {labels.step(s, self.screen.lang)}" for s in r.steps] + \
                [f"✘ {labels.situation(m, self.screen.lang)}" for m in r.bad_moves]
            line.append("  " + "  ".join(marks), style="bold")
            line.append(f"  {words['anger']} {anger_change(r.mood_change)}")
            if r.rewound:
                line.append(f"  ({words['rewound']})", style="italic")
            lines.append(Group(line, Text(" ")) if self.spaced else line)
        fitting = _last_that_fit(lines, self.rows, options.max_width, console)
        yield Text(words["recent"], style="underline")
        yield from fitting


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _last_that_fit(lines: list[RenderableType], rows: int, width: int, console: Console) -> list[RenderableType]:
    kept: list[RenderableType] = []
    used = 0
    for line in reversed(lines):
        height = len(console.render_lines(line, console.options.update_width(width), pad=False))
        if used + height > rows:
            break
        kept.insert(0, line)
        used += height
    return kept


@dataclass
class Footer:
    """The banner (paused, a vote, the end), the proposals of an open vote, the last hint or refusal."""

    screen: Screen

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s = self.screen
        if s.banner:
            yield Text(f" {s.banner} ", style="bold reverse", justify="center")
        for number, (who, text) in enumerate(s.proposals, 1):
            yield Text(f"  {number}. {who}: {text}")
        if s.notice:
            yield Text(s.notice, style="italic")

    def height(self, width: int, console: Console) -> int:
        return sum(len(console.render_lines(part, console.options.update_width(width), pad=False))
                   for part in self.__rich_console__(console, console.options))


@dataclass
class ProjectorView:
    """The whole screen at the console's size: each part gets its rows, the recent turns the rest."""

    screen: Screen

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width, height = options.max_width, options.height or console.height
        roomy, big = height >= 36 and width >= 100, height >= 32
        footer = Footer(self.screen)
        parts = [("title", Text(self.screen.title, style="bold")),
                 ("rotation", Rotation(self.screen, roomy) if self.screen.rotation else None),
                 ("customer", CustomerLine(self.screen, roomy)), ("gap1", Text(" ")),
                 ("meter", MoodMeter(self.screen.anger, self.screen.lang, big)), ("gap2", Text(" ")),
                 ("steps", Checklist(self.screen, roomy)), ("gap3", Text(" "))]
        sized = [(name, part, _rows(part, width, console)) for name, part in parts if part is not None]
        if roomy:  # the customer's frame takes a quarter of a tall screen, the line in its middle
            sized = [(n, CustomerLine(self.screen, roomy, max(r, height // 4)), max(r, height // 4))
                     if n == "customer" else (n, p, r) for n, p, r in sized]
        footer_rows = footer.height(width, console)
        left = max(2, height - sum(rows for _, _, rows in sized) - footer_rows)
        layout = Layout()
        layout.split_column(*(Layout(part, name=name, size=rows) for name, part, rows in sized),
                            Layout(RecentTurns(self.screen, left - 1, roomy), name="recent", size=left),
                            Layout(footer, name="footer", size=footer_rows))
        yield from layout.__rich_console__(console, options.update(height=height))


def _rows(part: RenderableType, width: int, console: Console) -> int:
    return len(console.render_lines(part, console.options.update_width(width), pad=False))


def console_for(cols: int, rows: int, record: bool = False) -> Console:
    """A console of exactly `cols`×`rows` writing into memory (rich honours NO_COLOR)."""
    return Console(file=StringIO(), width=cols, height=rows, record=record, force_terminal=True,
                   color_system="truecolor", legacy_windows=False)


def ansi(screen: Screen, cols: int, rows: int) -> str:
    """The screen drawn as terminal text with escape codes, for the interactive front end."""
    console = console_for(cols, rows)
    console.print(ProjectorView(screen), end="")
    return console.file.getvalue().removesuffix("\n")  # exactly `rows` lines: a last newline would scroll


def export_svg(screen: Screen, cols: int, rows: int, path: str | Path) -> Path:
    """The screen at `cols`×`rows` as a self-contained SVG, for tests and handouts."""
    from simulator.ui.svg import SVG_FORMAT

    console = console_for(cols, rows, record=True)
    console.print(ProjectorView(screen), end="")
    target = Path(path)
    svg = console.export_svg(title=screen.title, theme=HIGH_CONTRAST, code_format=SVG_FORMAT)
    target.write_text(wide_text_fixed(svg), encoding="utf-8")
    return target


def wide_text_fixed(svg: str) -> str:
    """rich sizes each SVG text run by its characters rather than its cells, squeezing Chinese to half
    its width over the wrong columns; size each run by its cells instead."""
    def resize(match: re.Match) -> str:
        length, rest, text = float(match.group(1)), match.group(2), match.group(3)
        chars = len(html.unescape(text))
        cells = cell_len(html.unescape(text))
        return f'textLength="{length * cells / chars:g}"{rest}>{text}</text>' if chars else match.group(0)

    return re.sub(r'textLength="([\d.]+)"([^>]*)>([^<]*)</text>', resize, svg)
