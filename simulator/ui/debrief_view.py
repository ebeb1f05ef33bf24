"""Drawing the debrief: timeline, mood chart, breakdown, four-step checklist and advice.

Each part is a rich renderable, so the terminal, `/score`, and the HTML and SVG exports draw
the same thing. Turn ids are shown as `#N`, the numbers the score's breakdown points at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Iterable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from simulator.moves import FOUR_STEPS
from simulator.score import customer_mood
from simulator.score.debrief import Debrief, Line
from simulator.score.improvements import Improvement
from simulator.ui.chart import Bar, BarChart
from simulator.ui.render import (
    OUTCOME_NAMES,
    STEP_NAMES,
    highlighted,
    mood_colour,
    move_tags,
    shortened,
)

WORDS = {
    "en": {"score": "Score", "outcome": "Outcome", "unfinished": "unfinished", "timeline": "Timeline",
           "curve": "Customer's anger", "estimated": "estimated from the customer's words", "you": "You",
           "agent": "Agent", "customer": "Customer", "breakdown": "Breakdown", "steps": "Four steps",
           "missing": "missing", "not_needed": "not needed", "late": "late", "advice": "Three things to do better",
           "said": "Said", "better": "Better", "nothing": "(nothing said at this point)", "none": "no move heard",
           "no_cue": "no mood cue", "anger": "anger", "state": "state", "item": "item", "points": "points",
           "where": "where", "pts": "pts", "all_good": "Nothing to improve: every point was earned."},
    "zh": {"score": "得分", "outcome": "结果", "unfinished": "未结束", "timeline": "逐句回顾",
           "curve": "客户怒气曲线", "estimated": "根据客户的话估算", "you": "你", "agent": "客服",
           "customer": "客户", "breakdown": "得分明细", "steps": "四步法", "missing": "未做",
           "not_needed": "无需", "late": "偏晚", "advice": "最值得改进的三点", "said": "原话",
           "better": "更好的说法", "nothing": "(此处没有说话)", "none": "未识别到动作", "no_cue": "无情绪线索",
           "anger": "怒气", "state": "状态", "item": "项目", "points": "分数", "where": "位置", "pts": "分",
           "all_good": "没有需要改进的地方:每一分都拿到了。"},
}
ITEM_NAMES = {
    "en": {"order:feelings_first": "feelings first", "timeliness": "feelings early", "listening:restate": "restating",
           "listening:ask": "clarifying questions", "outcome": "outcome", "mood": "customer's final mood",
           "floor": "floor (never below 0)", "penalty:apology_loop": "apologising without acting",
           **{f"step:{s}": n for s, n in STEP_NAMES["en"].items()}},
    "zh": {"order:feelings_first": "先处理情绪", "timeliness": "及时安抚", "listening:restate": "复述确认",
           "listening:ask": "澄清提问", "outcome": "通话结果", "mood": "客户最终情绪", "floor": "保底(不低于0分)",
           "penalty:apology_loop": "一味道歉不行动", **{f"step:{s}": n for s, n in STEP_NAMES["zh"].items()}},
}
SITUATIONS = {
    "en": {"listen": "listen and restate", "feelings_first": "feelings before solutions",
           "apology_loop": "apologising without acting", "policy_wall": "policy wall", "blame_customer":
           "blaming the customer", "blame_colleague": "blaming a colleague", "dont_know": "\"I don't know\"",
           "dismiss": "belittling the problem", "hedge": "uncertain wording", "refuse": "refusing outright",
           "argue": "arguing with the customer", "deflect": "sending the customer elsewhere", "delay": "stalling",
           "doubt": "doubting the customer", "insult": "rudeness", **STEP_NAMES["en"]},
    "zh": {"listen": "倾听与复述", "feelings_first": "先处理情绪再解决问题", "apology_loop": "一味道歉不行动",
           "refuse": "直接拒绝", "argue": "与客户争辩", "hedge": "含糊不确定的说法", "policy_wall": "拿规定压人",
           "blame_customer": "责怪客户", "blame_colleague": "推给同事", "dont_know": "说“不知道”",
           "deflect": "推给别人", "dismiss": "轻视问题", "delay": "拖延", "doubt": "怀疑客户", "insult": "出言不逊",
           **STEP_NAMES["zh"]},
}


def item_label(name: str, lang: str) -> str:
    """A breakdown item as a coach reads it; penalties are named after the move."""
    if name in ITEM_NAMES[lang]:
        return ITEM_NAMES[lang][name]
    kind, _, move = name.partition(":")
    return f"− {SITUATIONS[lang].get(move, move)}" if kind == "penalty" else name


@cache
def _rising() -> dict[str, bool]:
    """Which cue categories raise anger (drawn red) and which calm it (green)."""
    return {c.name: c.delta > 0 for c in customer_mood.lexicon().categories}


def cue_text(text: str, cues: Iterable[dict[str, Any]]) -> Text:
    """A customer's words with the mood cues underlined: red when they raise anger, green when they calm."""
    out = Text(text)
    for cue in cues:
        style = "bold red" if _rising().get(cue["category"], True) else "bold green"
        out.stylize(style + " underline", cue["start"], cue["end"])
    return shortened(out)


def cue_tags(cues: Iterable[dict[str, Any]], lang: str) -> Text:
    totals: dict[str, int] = {}
    for cue in cues:
        totals[cue["category"]] = totals.get(cue["category"], 0) + cue["delta"]
    tags = Text()
    for category, delta in totals.items():
        rising = _rising().get(category, True)
        tags.append(f" {category} {delta:+d} ", style="black on red" if rising else "black on green")
        tags.append(" ")
    return tags if tags.plain else Text(WORDS[lang]["no_cue"], style="dim")


def anger_change(line: Line) -> Text:
    if line.mood_before is None or line.mood_after is None:
        return Text("")
    change = line.mood_after - line.mood_before
    return Text(f"{line.mood_before}→{line.mood_after} ({change:+d})", style=mood_colour(line.mood_after))


@dataclass
class Timeline:
    """Every line of the call: who said what, the evidence heard in it, and the mood around it."""

    debrief: Debrief

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        d, words = self.debrief, WORDS[self.debrief.lang]
        table = Table(box=box.SIMPLE_HEAD, expand=True, title=words["timeline"], title_justify="left",
                      title_style="bold")
        table.add_column("#", justify="right", no_wrap=True, width=4)
        table.add_column("", no_wrap=True)
        table.add_column("", ratio=1, overflow="fold")
        table.add_column(words["anger"], no_wrap=True, width=13)
        table.add_column(words["state"], width=12)
        for line in d.lines:
            table.add_row(f"#{line.id}" if line.id is not None else "", self._who(line), self._said(line),
                          anger_change(line) if self._shows_mood(line) else Text(""), Text(line.state or "", style="dim"))
        yield table

    def _shows_mood(self, line: Line) -> bool:
        """Practice: the persona reacts to each reply. Transcript: the estimate moves on customer lines."""
        return (line.role == "agent") == (self.debrief.kind == "practice")

    def _who(self, line: Line) -> Text:
        words = WORDS[self.debrief.lang]
        if line.role == "customer":
            return Text(words["customer"], style="bold magenta")
        return Text(words["you"] if self.debrief.kind == "practice" else words["agent"], style="bold cyan")

    def _said(self, line: Line) -> Group:
        """The words with their evidence underlined, and the tags of what was heard below."""
        lang = self.debrief.lang
        if line.role == "agent":
            return Group(highlighted(line.text, line.moves), move_tags(line.moves, lang))
        if self.debrief.estimated:
            return Group(cue_text(line.text, line.cues), cue_tags(line.cues, lang))
        return Group(shortened(Text(line.text)))


@dataclass
class MoodChart:
    debrief: Debrief

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        d, words = self.debrief, WORDS[self.debrief.lang]
        title = words["curve"] + (f" ({words['estimated']})" if d.estimated else "")
        if d.curve:
            title += f": {d.curve[0].anger} → {d.curve[-1].anger}"
        yield BarChart([Bar(f"#{p.label}" if d.kind == "transcript" else p.label, p.anger) for p in d.curve], title)


def _where(turns: list[int]) -> str:
    return ", ".join(f"#{t}" for t in turns)


@dataclass
class Breakdown:
    """Each item of the score with its points and the turns it points at; the rows add up to the total."""

    debrief: Debrief

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lang, words = self.debrief.lang, WORDS[self.debrief.lang]
        table = Table(box=box.SIMPLE_HEAD, title=words["breakdown"], title_justify="left", title_style="bold")
        table.add_column(words["item"])
        table.add_column(words["points"], justify="right")
        table.add_column(words["where"])
        for item in self.debrief.score.items:
            if item.name.startswith("penalty:") and item.points == 0:
                continue
            name = item_label(item.name, lang)
            style = "red" if item.points < 0 else "green" if item.points == item.max and item.max else "yellow"
            points = f"{item.points:+d}" if item.max == 0 else f"{item.points}/{item.max}"
            note = item.note if lang == "en" else ""
            table.add_row(name, Text(points, style=style), f"{_where(item.turns)}  {note}".strip())
        yield table


@dataclass
class StepChecklist:
    """The four steps: done (and where), late, missing, or not needed with a calm customer."""

    debrief: Debrief

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        score, lang, words = self.debrief.score, self.debrief.lang, WORDS[self.debrief.lang]
        timely = score.item("timeliness")
        late = timely is not None and 0 < timely.max and timely.points < timely.max
        out = Text(f"{words['steps']}: ", style="bold")
        for step in FOUR_STEPS:
            name, status = STEP_NAMES[lang][step], score.step_status(step)
            if status == "done":
                flag = f" ({words['late']})" if late and step in ("apologise", "empathise") and \
                    score.steps[step] in (timely.turns or []) else ""
                out.append(f"✔ {name} #{score.steps[step]}{flag}   ", style="yellow" if flag else "green")
            elif status == "not_needed":
                out.append(f"– {name} ({words['not_needed']})   ", style="dim")
            else:
                out.append(f"✘ {name} ({words['missing']})   ", style="red")
        yield out


@dataclass
class Advice:
    """The three most useful improvements, each with the words said and a better reply."""

    debrief: Debrief

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lang, words = self.debrief.lang, WORDS[self.debrief.lang]
        yield Text(words["advice"], style="bold")
        if not self.debrief.advice:
            yield Text(words["all_good"], style="green")
        for number, item in enumerate(self.debrief.advice, 1):
            yield Panel(self._body(item), border_style="yellow", title_align="left",
                        title=f"{number}. {SITUATIONS[lang].get(item.situation, item.situation)} · "
                              f"+{item.points} {words['pts']}" + (f" · #{item.turn}" if item.turn is not None else ""))

    def _body(self, item: Improvement) -> Group:
        words = WORDS[self.debrief.lang]
        said = Text(f"{words['said']}: ", style="bold")
        if item.said:
            quote = Text(item.said)
            for start, end in item.spans:
                quote.stylize("bold red underline", start, end)
            said.append_text(shortened(quote))
        else:
            said.append(words["nothing"], style="dim")
        better = Text(f"{words['better']}: ", style="bold green")
        better.append(item.better)
        return Group(said, better, Text(item.why, style="italic dim"))


@dataclass
class DebriefView:
    """The whole debrief, top to bottom: verdict, timeline, mood, breakdown, checklist, advice."""

    debrief: Debrief

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        d, words = self.debrief, WORDS[self.debrief.lang]
        outcome = OUTCOME_NAMES[d.lang].get(d.score.outcome or "", words["unfinished"])
        yield Rule(Text(d.title))  # a Text, not a string: a dialogue id like "[/x]" is not markup
        yield Text(f"{words['score']}: {d.score.total}/100 · {words['outcome']}: {outcome}", style="bold")
        yield Timeline(d)
        yield MoodChart(d)
        yield Text("")
        yield Breakdown(d)
        yield StepChecklist(d)
        yield Text("")
        yield Advice(d)

