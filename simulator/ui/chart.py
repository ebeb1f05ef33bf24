"""The customer's mood curve as a small bar chart in the terminal.

Drawn with block characters rather than a plotting library: the anger scale is fixed (0 to
100) and the x axis is whole turns, so a handful of coloured bars says it all, fits any width,
needs no global figure state, and exports to HTML and SVG exactly as it looks on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

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


def score_colour(score: int) -> str:
    """A score's colour: the other way round from anger, high is good."""
    return mood_colour(100 - score)


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
    colour: Callable[[int], str] = mood_colour

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
                line.append(cells[row] * bar_width, style=self.colour(bar.value))
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


# --- the same charts as SVG, for the HTML and SVG reports ---------------------------------------

#: The terminal's colours, as a printed page shows them.
COLOURS = {"red": "#c62828", "yellow": "#b7791f", "green": "#2e7d32"}
#: A series line per persona in a progress chart, told apart by colour and by marker.
SERIES = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def svg_bars(bars: Sequence[Bar], width: int = 640, height: int = 180,
             colour: Callable[[int], str] = mood_colour) -> str:
    """The mood chart as an SVG fragment: a 0-100 axis, one coloured bar per point, labels below."""
    left, bottom, top = 36, 22, 8
    inner_w, inner_h = width - left - 4, height - bottom - top
    shown = fit(bars, max(1, inner_w // 14))
    slot = inner_w / max(1, len(shown))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">', _axis(left, top, inner_w, inner_h)]
    for i, bar in enumerate(shown):
        value = max(0, min(100, bar.value))
        h = inner_h * value / 100
        x = left + i * slot + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + inner_h - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                     f'fill="{COLOURS[colour(value)]}"><title>{_escape(bar.label)}: {value}</title></rect>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - 6}" text-anchor="middle" '
                     f'font-size="11" fill="#555">{_escape(bar.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _axis(left: int, top: int, inner_w: float, inner_h: float) -> str:
    """The 0, 50 and 100 lines of a chart on the fixed anger or score scale."""
    out = []
    for value in (0, 50, 100):
        y = top + inner_h - inner_h * value / 100
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + inner_w:.1f}" y2="{y:.1f}" stroke="#ccc" '
                   f'stroke-width="1"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                   f'fill="#555">{value}</text>')
    return "".join(out)


def svg_lines(series: dict[str, Sequence[tuple[int, int]]], width: int = 640, height: int = 200) -> str:
    """Scores over time, one line per series (a persona, or a trainee): (position, score) points, 0-100."""
    left, bottom, top = 36, 8, 8
    inner_w, inner_h = width - left - 12, height - bottom - top
    longest = max((x + 1 for points in series.values() for x, _ in points), default=0)
    step = inner_w / max(1, longest - 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">', _axis(left, top, inner_w, inner_h)]
    for n, (name, series_points) in enumerate(series.items()):
        colour = SERIES[n % len(SERIES)]
        values = [v for _, v in series_points]
        points = [(left + i * step if longest > 1 else left + inner_w / 2, top + inner_h - inner_h * v / 100)
                  for i, v in series_points]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), value in zip(points, values):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>{_escape(name)}: '
                         f'{value}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: Sequence[int]) -> str:
    """Scores as one row of block characters, for a table cell in the terminal."""
    return "".join(BLOCKS[max(1, round(max(0, min(100, v)) / 100 * 8))] for v in values)
