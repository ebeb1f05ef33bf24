"""The customer's mood curve as a small bar chart in the terminal.

Drawn with block characters rather than a plotting library: the anger scale is fixed (0 to
100) and the x axis is whole turns, so a handful of coloured bars says it all, fits any width,
needs no global figure state, and exports to HTML and SVG exactly as it looks on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from simulator.ui.render import mood_colour

BLOCKS = " ▁▂▃▄▅▆▇█"
AXIS = 5  # "100 ┤"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def fit(bars: Sequence[Bar], room: int) -> list[Bar]:
    """At most `room` bars, evenly sampled, always keeping the first and the last."""
    if len(bars) <= room or room < 2:
        return list(bars)[:max(room, 1)] if room < 2 else list(bars)
    step = (len(bars) - 1) / (room - 1)
    return [bars[round(i * step)] for i in range(room)]


def column(value: int, height: int) -> list[str]:
    """One bar, top row first, in eighths of a row."""
    eighths = round(max(0, min(100, value)) / 100 * height * 8)
    return [BLOCKS[max(0, min(8, eighths - (height - 1 - row) * 8))] for row in range(height)]


@dataclass
class BarChart:
    """Vertical bars on a fixed 0-100 scale, each coloured by how angry that point is."""

    bars: Sequence[Bar]
    title: str = ""
    height: int = 8

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(AXIS + 2, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title:
            yield Text(self.title, style="bold")
        if not self.bars:
            return
        widest = max(len(b.label) for b in self.bars)
        room = max(1, options.max_width - AXIS - 1)
        slot = max(1, min(max(3, widest + 1), room // len(self.bars)))
        bars = fit(self.bars, room // slot)
        bar_width = slot - 1 if slot > 2 else slot
        columns = [column(b.value, self.height) for b in bars]
        for row in range(self.height):
            line = Text(self._tick(row), style="dim")
            for bar, cells in zip(bars, columns):
                line.append(cells[row] * bar_width, style=mood_colour(bar.value))
                line.append(" " * (slot - bar_width))
            yield line
        yield Text("  0 └" + "─" * (slot * len(bars)), style="dim")
        yield self._labels(bars, slot)

    def _tick(self, row: int) -> str:
        if row == 0:
            return "100 ┤"
        if row == self.height // 2:
            return " 50 ┤"
        return "    │"

    @staticmethod
    def _labels(bars: Sequence[Bar], slot: int) -> Text:
        """Turn labels under their bars; where they would collide, every few bars only."""
        labels, free = Text(" " * AXIS), 0
        for i, bar in enumerate(bars):
            at = i * slot
            if at >= free:
                labels.append(" " * (at - free) + bar.label, style="dim")
                free = at + len(bar.label) + 1
                labels.append(" ")
        return labels
