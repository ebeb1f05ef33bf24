"""The debrief as rows every renderer reads, and its drawing with rich.

`view(debrief, cover)` decides once what each row says (labels in the call's language,
which words to underline and in which tone, which points are late or missing); the rich
renderables below, and the HTML, SVG and Markdown exports in `export.py`, only lay those
rows out. Turn ids are shown as `#N`, the numbers the score's breakdown points at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from simulator.moves import FOUR_STEPS
from simulator.score import customer_mood
from simulator.score.debrief import Debrief, Line
from simulator.ui import labels
from simulator.ui.chart import Bar, BarChart
from simulator.ui.render import Mark, Tag, local_time, marked, mood_colour, move_marks, move_tags, shortened, tag_line

# --- the rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cover:
    """Who, when, which customer and which situation: what every report names at its top."""

    trainee: str
    date: str
    persona: str
    scenario: str
    kind: str = "practice"   # "transcript": `persona` is a real customer and `scenario` the dialogue id

    def rows(self, lang: str) -> list[tuple[str, str]]:
        w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
        return [(w("trainee" if self.kind == "practice" else "agent"), self.trainee), (w("date"), self.date),
                (w("persona"), self.persona), (w("scenario" if self.kind == "practice" else "dialogue"), self.scenario)]


@dataclass(frozen=True)
class TimelineRow:
    id: str              # "#3", or "" for a practice call's customer lines
    role: str            # "agent" or "customer"
    who: str
    text: str
    marks: tuple[Mark, ...]
    tags: tuple[Tag, ...]
    empty: str           # what to say when nothing was heard ("" for a line that is not analysed)
    mood: tuple[int, int] | None
    state: str


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    points: str          # "10/10" for what can be earned, "-5" for a penalty
    tone: str            # "good", "partial" or "bad"
    where: str           # "#1, #3"
    note: str            # the scorer's explanation in the call's language


@dataclass(frozen=True)
class StepRow:
    name: str
    status: str          # "done", "late", "not_needed" or "missing"
    turn: int | None

    def text(self, lang: str) -> str:
        if self.status in ("done", "late"):
            return f"✔ {self.name} #{self.turn}" + (f" ({labels.word('late', lang)})" if self.status == "late" else "")
        if self.status == "not_needed":
            return f"– {self.name} ({labels.word('not_needed', lang)})"
        return f"✘ {self.name} ({labels.word('missing', lang)})"


@dataclass(frozen=True)
class AdviceRow:
    number: int
    situation: str
    points: str          # "+10 pts"
    turn: int | None
    said: str            # the trainee's words, or "" when nothing was said there
    marks: tuple[Mark, ...]
    better: str
    why: str

    @property
    def title(self) -> str:
        """The heading of the advice, like `1. policy wall · +10 pts · #3`."""
        return f"{self.number}. {self.situation} · {self.points}" + (f" · #{self.turn}" if self.turn is not None else "")


@dataclass
class DebriefRows:
    """Everything a debrief shows, decided once, in the call's language."""

    lang: str
    title: str
    verdict: str                     # "Score: 62/100 · Outcome: satisfied"
    total: int
    cover: Cover | None
    timeline: list[TimelineRow]
    curve_title: str
    curve: list[Bar]
    breakdown: list[BreakdownRow]
    steps: list[StepRow]
    advice: list[AdviceRow]
    persona_advice: str = ""         # how to handle this kind of customer (practice calls)

    def word(self, key: str) -> str:
        return labels.word(key, self.lang)

    @property
    def advice_heading(self) -> str:
        """"Three things to do better", or two, or one, or "Room to improve" over "None: every point was earned":
        the heading counts what follows it."""
        return self.word({0: "advice_0", 1: "advice_1", 2: "advice_2"}.get(len(self.advice), "advice"))

    @property
    def no_advice(self) -> str:
        """What stands under the heading when no advice follows: every point earned, or (play-test 20:
        "None: every point was earned" under a score of 90) the points missing are the call's ending."""
        return self.word("all_good" if self.total >= 100 else "ending_only")


def view(debrief: Debrief, cover: Cover | None = None) -> DebriefRows:
    d, lang = debrief, debrief.lang
    verdict = (f"{labels.word('score', lang)}: {d.score.total}/100 · {labels.word('outcome', lang)}: "
               f"{labels.outcome(d.score.outcome, lang)}")
    curve_title = labels.word("curve", lang) + (f" ({labels.word('estimated', lang)})" if d.estimated else "")
    if d.curve:
        curve_title += f": {d.curve[0].anger} → {d.curve[-1].anger}"
    curve = [Bar(f"#{p.label}" if d.kind == "transcript" else p.label, p.anger) for p in d.curve]
    return DebriefRows(lang, d.title, verdict, d.score.total, cover, [_timeline_row(d, line) for line in d.lines],
                       curve_title, curve, _breakdown(d), _steps(d), _advice(d), d.persona_advice)


@cache
def _rising() -> dict[str, bool]:
    """Which cue categories raise anger (drawn red) and which calm it (green)."""
    return {c.name: c.delta > 0 for c in customer_mood.lexicon().categories}


def _timeline_row(d: Debrief, line: Line) -> TimelineRow:
    lang, practice = d.lang, d.kind == "practice"
    marks: tuple[Mark, ...] = ()
    tags: tuple[Tag, ...] = ()
    empty = ""
    if line.role == "agent":
        who = labels.word("you" if practice else "agent", lang)
        marks, tags = move_marks(line.moves), move_tags(line.moves, lang)
        empty = labels.word("no_move", lang)
    else:
        who = labels.word("customer", lang)
        if d.estimated:
            marks = tuple(Mark(c["start"], c["end"], _rising().get(c["category"], True)) for c in line.cues)
            totals: dict[str, int] = {}
            for cue in line.cues:
                totals[cue["category"]] = totals.get(cue["category"], 0) + cue["delta"]
            tags = tuple(Tag(f"{labels.cue(name, lang)} {delta:+d}", _rising().get(name, True))
                         for name, delta in totals.items())
            empty = labels.word("no_cue", lang)
    shows_mood = (line.role == "agent") == practice and line.mood_before is not None and line.mood_after is not None
    return TimelineRow(f"#{line.id}" if line.id is not None else "", line.role, who, line.text, marks, tags, empty,
                       (line.mood_before, line.mood_after) if shows_mood else None, line.state or "")


def _where(turns: Iterable[int]) -> str:
    return ", ".join(f"#{t}" for t in turns)


def _breakdown(d: Debrief) -> list[BreakdownRow]:
    """Each item with its points and the turns it points at; the rows add up to the total."""
    rows = []
    for item in d.score.items:
        if item.name.startswith("penalty:") and item.points == 0:
            continue
        tone = "bad" if item.points < 0 else "good" if item.points == item.max and item.max else "partial"
        points = f"{item.points:+d}" if item.max == 0 else f"{item.points}/{item.max}"
        rows.append(BreakdownRow(labels.item(item.name, d.lang), points, tone, _where(item.turns),
                                 labels.note(item.note, d.lang)))
    return rows


def _steps(d: Debrief) -> list[StepRow]:
    """The four steps: done (and where), late, missing, or not needed with a calm customer."""
    score = d.score
    timely = score.item("timeliness")
    late = timely is not None and 0 < timely.max and timely.points < timely.max
    rows = []
    for step in FOUR_STEPS:
        status = score.step_status(step)
        if status == "done" and late and step in ("apologise", "empathise") and score.steps[step] in timely.turns:
            status = "late"
        rows.append(StepRow(labels.step(step, d.lang), status, score.steps[step]))
    return rows


def _advice(d: Debrief) -> list[AdviceRow]:
    lang = d.lang
    return [AdviceRow(number, labels.situation(item.situation, lang), f"+{item.points} {labels.word('pts', lang)}",
                      item.turn, item.said or "", tuple(Mark(s, e, True) for s, e in item.spans), item.better, item.why)
            for number, item in enumerate(d.advice, 1)]


# --- drawn with rich ---------------------------------------------------------------------------

def mood_change(mood: tuple[int, int] | None) -> Text:
    if mood is None:
        return Text("")
    before, after = mood
    return Text(f"{before}→{after} ({after - before:+d})", style=mood_colour(after))


class _Rows:
    """A renderable over the rows of a debrief (given as a Debrief or already as rows)."""

    def __init__(self, debrief: Debrief | DebriefRows, cover: Cover | None = None):
        self.rows = debrief if isinstance(debrief, DebriefRows) else view(debrief, cover)


class Timeline(_Rows):
    """Every line of the call: who said what, the evidence heard in it, and the mood around it."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.rows
        table = Table(box=box.SIMPLE_HEAD, expand=True, title=r.word("timeline"), title_justify="left",
                      title_style="bold")
        table.add_column("#", justify="right", no_wrap=True, width=4)
        table.add_column("", no_wrap=True)
        table.add_column("", ratio=1, overflow="fold")
        table.add_column(r.word("anger"), no_wrap=True, width=13)
        table.add_column(r.word("state"), width=12)
        for row in r.timeline:
            said = Group(marked(row.text, row.marks), tag_line(row.tags, row.empty)) if row.empty else \
                Group(shortened(Text(row.text)))
            who = Text(row.who, style="bold magenta" if row.role == "customer" else "bold cyan")
            table.add_row(row.id, who, said, mood_change(row.mood), Text(row.state, style="dim"))
        yield table


class MoodChart(_Rows):
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield BarChart(self.rows.curve, self.rows.curve_title)


TONES = {"good": "green", "partial": "yellow", "bad": "red"}


class Breakdown(_Rows):
    """Each item of the score with its points and the turns it points at; the rows add up to the total."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.rows
        table = Table(box=box.SIMPLE_HEAD, title=r.word("breakdown"), title_justify="left", title_style="bold")
        table.add_column(r.word("item"))
        table.add_column(r.word("points"), justify="right")
        table.add_column(r.word("where"))
        for row in r.breakdown:
            table.add_row(row.label, Text(row.points, style=TONES[row.tone]), f"{row.where}  {row.note}".strip())
        yield table


STEP_STYLES = {"done": "green", "late": "yellow", "not_needed": "dim", "missing": "red"}


class StepChecklist(_Rows):
    """The four steps: done (and where), late, missing, or not needed with a calm customer."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.rows
        out = Text(f"{r.word('steps')}: ", style="bold")
        for row in r.steps:
            out.append(row.text(r.lang) + "   ", style=STEP_STYLES[row.status])
        yield out


class Advice(_Rows):
    """The three most useful improvements, each with the words said and a better reply."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.rows
        yield Text(r.advice_heading, style="bold")
        if not r.advice:  # first, so that "None: every point was earned" answers the heading (play-test 22)
            yield Text(r.no_advice, style="green")
        if r.persona_advice:
            yield Text(r.persona_advice, style="italic cyan")
        for row in r.advice:
            said = Text(f"{r.word('said')}: ", style="bold")
            said.append_text(marked(row.said, row.marks) if row.said else Text(r.word("nothing"), style="dim"))
            better = Text(f"{r.word('better')}: ", style="bold green")
            better.append(row.better)
            yield Panel(Group(said, better, Text(row.why, style="italic dim")), border_style="yellow",
                        title_align="left", title=row.title)


class CoverLines(_Rows):
    """Trainee, date, customer and scenario on one line, when the debrief has them."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.rows.cover:
            yield Text(" · ".join(f"{k}: {v}" for k, v in self.rows.cover.rows(self.rows.lang)), style="dim")


class DebriefView(_Rows):
    """The whole debrief, top to bottom: verdict, timeline, mood, breakdown, checklist, advice."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.rows
        yield Rule(Text(r.title))  # a Text, not a string: a dialogue id like "[/x]" is not markup
        yield CoverLines(r)
        yield Text(r.verdict, style="bold")
        yield Timeline(r)
        yield MoodChart(r)
        yield Text("")
        yield Breakdown(r)
        yield StepChecklist(r)
        yield Text("")
        yield Advice(r)



def cover_of(call: dict) -> Cover:
    """The cover of a stored call (a row of the store, or a live call described the same way)."""
    return Cover(call.get("trainee") or "", local_time(str(call.get("started") or "")), call.get("persona_name") or call.get("persona") or "",
                 call.get("scenario_title") or call.get("scenario") or "")
