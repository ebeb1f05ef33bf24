"""A report laid out as one SVG picture: headings, paragraphs, tables and charts, top to bottom.

Each line of text is one `<text>` element that the viewer lays out itself (no forced glyph
positions), and columns are placed by a generous estimate of each text's width (a CJK
character as a full em, anything else as 0.62 em), so Chinese glyphs never overlap.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Iterable, Sequence, Union

from rich.console import CONSOLE_SVG_FORMAT

from simulator.ui.render import Mark

#: Chinese needs a CJK font: named first so a viewer picks it (Debian: fonts-noto-cjk); the
#: HTML reports name the same ones. Fonts are named, never downloaded.
FONTS = {"zh": "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
               "'WenQuanYi Micro Hei', sans-serif",
         "en": "'Noto Sans', 'DejaVu Sans', 'Helvetica Neue', Arial, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"}
TONES = {"done": "#2e7d32", "good": "#2e7d32", "late": "#b7791f", "partial": "#b7791f", "missing": "#c62828",
         "bad": "#c62828", "not_needed": "#6e7781", None: "#1f2328"}
SIZE, LINE, MARGIN, GAP = 14, 20, 24, 14

#: rich's SVG template without its web-font URLs (for a terminal screen saved by rich), so
#: opening the file fetches nothing.
SVG_FORMAT = re.sub(r',\s*url\("https?://[^"]+"\) format\("[^"]+"\)', "", CONSOLE_SVG_FORMAT)

Cell = Union[str, tuple[str, Sequence[Mark]]]


def text_width(text: str, size: float = SIZE) -> float:
    """An upper estimate of the drawn width: wide (CJK) characters a full em, others 0.62 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.62 for ch in text)


def wrap(text: str, width: float, size: float = SIZE) -> list[tuple[int, int]]:
    """Line breaks as (start, end) offsets, breaking at a space when there is one, else anywhere."""
    lines, start = [], 0
    while start < len(text):
        used, end, space = 0.0, start, None
        while end < len(text) and text[end] != "\n":
            used += text_width(text[end], size)
            if used > width and end > start:
                break
            if text[end] == " ":
                space = end
            end += 1
        if end < len(text) and text[end] != "\n" and space is not None and space > start:
            end = space + 1
        lines.append((start, end))
        start = end + 1 if end < len(text) and text[end] == "\n" else end
    return lines or [(0, 0)]


def _tspans(text: str, marks: Sequence[Mark], start: int, end: int) -> str:
    """One line of `text` with its marked words underlined in their tone."""
    cuts = sorted({start, end, *(max(start, min(end, p)) for m in marks for p in (m.start, m.end))})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b].rstrip("\n")
        covering = [m for m in marks if m.start <= a and b <= m.end]
        if covering:
            colour = TONES["bad" if any(m.bad for m in covering) else "good"]
            out.append(f'<tspan fill="{colour}" font-weight="bold" text-decoration="underline">{escape(piece)}</tspan>')
        else:
            out.append(escape(piece))
    return "".join(out)


class Page:
    """Blocks stacked down a page of fixed width; `svg()` gives the finished picture."""

    def __init__(self, lang: str, width: int = 1000):
        self.lang, self.width, self.y = lang, width, MARGIN
        self.parts: list[str] = []

    def _line(self, x: float, text: str, marks: Sequence[Mark], span: tuple[int, int], bold: bool = False,
              tone: str | None = None, size: int = SIZE) -> None:
        weight = ' font-weight="bold"' if bold else ""
        self.parts.append(f'<text x="{x:.0f}" y="{self.y:.0f}" font-size="{size}" fill="{TONES.get(tone, TONES[None])}"'
                          f'{weight}>{_tspans(text, marks, *span)}</text>')

    def heading(self, text: str, level: int = 2) -> None:
        size = 22 if level == 1 else 17
        self.y += 14 if level > 1 else 0
        for span in wrap(text, self.width - 2 * MARGIN, size):
            self.y += size + 6
            self._line(MARGIN, text, (), span, bold=True, size=size)
        self.y += 6

    def text(self, cell: Cell, bold: bool = False, tone: str | None = None) -> None:
        text, marks = _cell(cell)
        for span in wrap(text, self.width - 2 * MARGIN):
            self.y += LINE
            self._line(MARGIN, text, marks, span, bold, tone)

    def table(self, rows: Sequence[Sequence[Cell]], wrap: int | None = None) -> None:
        """Rows of cells in columns as wide as their widest cell; column `wrap` takes the rest and wraps."""
        if not rows:
            return
        columns = len(rows[0])
        room = self.width - 2 * MARGIN - GAP * (columns - 1)
        widths = [min(max(text_width(_cell(row[c])[0]) for row in rows), room / 3) for c in range(columns)]
        if wrap is not None:
            widths[wrap] = max(80.0, room - sum(w for c, w in enumerate(widths) if c != wrap))
        top = self.y
        self.parts.append(f'<line x1="{MARGIN}" y1="{top + 6}" x2="{self.width - MARGIN}" y2="{top + 6}" '
                          'stroke="#d0d7de"/>')
        for row in rows:
            start, tallest = self.y, self.y
            x = float(MARGIN)
            for c, cell in enumerate(row):
                text, marks = _cell(cell)
                self.y = start
                for span in _wrap_cell(text, widths[c]):
                    self.y += LINE
                    self._line(x, text, marks, span)
                tallest = max(tallest, self.y)
                x += widths[c] + GAP
            self.y = tallest + 6
            self.parts.append(f'<line x1="{MARGIN}" y1="{self.y:.0f}" x2="{self.width - MARGIN}" y2="{self.y:.0f}" '
                              'stroke="#eaeef2"/>')

    def picture(self, fragment: str, height: int) -> None:
        """An SVG fragment (a chart) placed at the current height."""
        self.parts.append(f'<g transform="translate({MARGIN},{self.y + 8:.0f})">{fragment}</g>')
        self.y += height + 12

    def svg(self, title: str) -> str:
        height = self.y + MARGIN
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{height:.0f}" '
                f'viewBox="0 0 {self.width} {height:.0f}" font-family="{FONTS[self.lang]}">'
                f'<title>{escape(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>'
                + "".join(self.parts) + "</svg>\n")


def _cell(cell: Cell) -> tuple[str, Sequence[Mark]]:
    return (cell, ()) if isinstance(cell, str) else (cell[0], tuple(cell[1]))


def _wrap_cell(text: str, width: float) -> Iterable[tuple[int, int]]:
    return wrap(text, width) if text else []
