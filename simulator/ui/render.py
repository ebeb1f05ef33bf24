"""Drawing the call with rich: the brief, each exchange, the mood meter and the score.

Each piece is a renderable, so the interactive loop, scripted output and exports compose
the same drawings. Nothing here changes the call; it only shows turn records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario
from simulator.engine.session import Turn
from simulator.moves import BAD_MOVES

LABELS = {
    "en": {"customer": "Customer", "you": "You", "mood": "anger", "brief": "Brief", "policy": "Policy",
           "offer": "You may offer", "resolves": "Resolves it", "score": "Score", "steps": "Four steps",
           "missing": "missing", "turn": "reply", "outcome": "Outcome", "unfinished": "unfinished",
           "state": "state", "moves": "moves", "none": "no move heard"},
    "zh": {"customer": "客户", "you": "你", "mood": "怒气", "brief": "情景说明", "policy": "政策",
           "offer": "你可以提供", "resolves": "解决标准", "score": "得分", "steps": "四步法",
           "missing": "未做", "turn": "第几句", "outcome": "结果", "unfinished": "未结束",
           "state": "状态", "moves": "动作", "none": "未识别到动作"},
}
STEP_NAMES = {"en": {"apologise": "apologise", "empathise": "empathise", "own": "take ownership", "help": "offer help"},
              "zh": {"apologise": "道歉", "empathise": "同情理解", "own": "承担责任", "help": "提供帮助"}}
OUTCOME_NAMES = {"en": {"satisfied": "satisfied", "escalated": "asked for a supervisor", "hung_up": "hung up",
                        "exposure": "threatens to go public"},
                 "zh": {"satisfied": "满意", "escalated": "要求找领导", "hung_up": "挂断电话", "exposure": "威胁曝光"}}


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
        bar = Text(f"{LABELS[self.lang]['mood']} ")
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
        words, sc = LABELS[self.lang], self.scenario
        body = Text()
        body.append(f"{self.persona.name(self.lang)} — {self.persona.description(self.lang)}\n\n", style="bold")
        body.append(sc.text("brief.situation", self.lang) + "\n\n")
        body.append(f"{words['policy']}: ", style="bold")
        body.append(sc.text("brief.policy", self.lang) + "\n")
        body.append(f"{words['offer']}:\n", style="bold")
        for offer in sc.texts("brief.may_offer", self.lang):
            body.append(f"  • {offer}\n")
        body.append(f"{words['resolves']}: ", style="bold")
        body.append(sc.text("resolution", self.lang))
        yield Panel(body, title=f"{words['brief']}: {sc.title(self.lang)}", border_style="cyan")


def customer_line(text: str, lang: str) -> Text:
    line = Text(f"{LABELS[lang]['customer']}: ", style="bold magenta")
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


def highlighted(text: str, moves: Iterable[dict]) -> Text:
    """The trainee's words with the spans that triggered each move underlined."""
    out = Text(text)
    for move in moves:
        style = "bold red" if move["name"] in BAD_MOVES else "bold green"
        for span in move["spans"]:
            out.stylize(style + " underline", span["start"], span["end"])
    return shortened(out)


def move_tags(moves: Iterable[dict], lang: str) -> Text:
    tags = Text()
    for move in moves:
        tags.append(f" {move['name']} ", style="black on red" if move["name"] in BAD_MOVES else "black on green")
        tags.append(" ")
    return tags if tags.plain else Text(LABELS[lang]["none"], style="dim")


@dataclass
class Exchange:
    """One turn: what the trainee said (moves highlighted), the mood change, the reply."""

    turn: Turn
    persona: Persona
    lang: str
    speaker: str | None = None  # a workshop trainee's name; "You" otherwise

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        t, words = self.turn, LABELS[self.lang]
        said = Text(f"{self.speaker or words['you']}: ", style="bold cyan")
        said.append_text(highlighted(t.text, t.moves))
        yield said
        change = t.mood_after - t.mood_before
        status = Text("   ")
        status.append_text(move_tags(t.moves, self.lang))
        status.append(f"  {words['mood']} {t.mood_before}→{t.mood_after} ({change:+d})", style=mood_colour(t.mood_after))
        status.append(f"  {words['state']}: {self.persona.label(t.state, self.lang)}", style="dim")
        yield status
        yield customer_line(t.reply, self.lang)
