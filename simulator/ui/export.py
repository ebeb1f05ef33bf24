"""Saving a debrief as a file a trainee can keep or a coach can hand to a manager.

HTML (real tables and CSS, charts as inline SVG), SVG (the same page as a picture),
Markdown (for a wiki or a chat), JSON (the data) and JSON lines (the call record by record).
All read the same rows as the terminal (`debrief_view.view`), so they say the same thing in
the same words, and every one names the trainee, the date, the customer and the scenario.
Nothing is fetched when a file is opened: fonts are named, never downloaded. Files are
written whole or not at all (`store.save_file`), readable by their owner only.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from simulator.library.store import save_file
from simulator.score.debrief import Debrief
from simulator.ui.chart import svg_bars
from simulator.ui.debrief_view import Cover, DebriefRows, view
from simulator.ui.render import Mark
from simulator.ui.svg import FONTS, Page

FORMATS = (".html", ".htm", ".svg", ".md", ".json", ".jsonl")

STYLE = """
body { font-family: %(font)s; color: #1f2328; background: #fff; max-width: 980px; margin: 24px auto;
       padding: 0 16px; line-height: 1.5; }
h1 { font-size: 1.5em; margin-bottom: 4px; } h2 { font-size: 1.15em; margin-top: 28px; }
table { border-collapse: collapse; width: 100%%; margin: 8px 0; }
th, td { border: 1px solid #d0d7de; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.cover { width: auto; } table.cover th { width: 8em; }
.verdict { font-size: 1.2em; font-weight: 600; }
.good { color: #2e7d32; } .bad { color: #c62828; } .partial, .late { color: #b7791f; }
.not_needed { color: #6e7781; } .done { color: #2e7d32; } .missing { color: #c62828; }
u.good, u.bad { text-decoration-thickness: 2px; font-weight: 600; }
.tag { display: inline-block; border-radius: 4px; padding: 0 6px; margin: 2px 4px 0 0; font-size: .85em;
       color: #fff; } .tag.good { background: #2e7d32; } .tag.bad { background: #c62828; }
.none { color: #6e7781; font-size: .85em; }
.who { white-space: nowrap; font-weight: 600; } .customer { color: #8e24aa; } .agent { color: #00838f; }
ul.steps { list-style: none; padding: 0; } ul.steps li { display: inline-block; margin-right: 18px; }
.advice { border: 1px solid #e3b341; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.advice h3 { margin: 0 0 6px; font-size: 1em; } .why { color: #57606a; font-style: italic; }
svg.chart { max-width: 100%%; height: auto; }
"""


def html_page(title: str, lang: str, body: Iterable[str]) -> str:
    """A self-contained page: the CJK font named, the style inline, nothing fetched."""
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="UTF-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
            f"<style>{STYLE % {'font': FONTS[lang]}}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def segments(text: str, marks: Iterable[Mark]) -> list[tuple[str, bool | None]]:
    """`text` cut at the marks: (piece, bad) for marked pieces, (piece, None) between; overlaps merged."""
    merged: list[list[Any]] = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        if merged and mark.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], mark.end)
            merged[-1][2] = merged[-1][2] or mark.bad
        else:
            merged.append([mark.start, mark.end, mark.bad])
    out, at = [], 0
    for start, end, bad in merged:
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], bad))
        at = end
    if at < len(text):
        out.append((text[at:], None))
    return out


# --- HTML ----------------------------------------------------------------------------------------

def cover_table(pairs: Iterable[tuple[str, str]]) -> str:
    """Who, when, which customer and scenario, as a small table at the top of a report."""
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in pairs)
    return f'<table class="cover">{rows}</table>' if rows else ""


def _html_marked(text: str, marks: Iterable[Mark]) -> str:
    return "".join(escape(piece) if bad is None else f'<u class="{"bad" if bad else "good"}">{escape(piece)}</u>'
                   for piece, bad in segments(text, marks))


def to_html(debrief: Debrief, cover: Cover | None = None) -> str:
    r = view(debrief, cover)
    return html_page(r.title, r.lang, [f"<h1>{escape(r.title)}</h1>", cover_table(r.cover.rows(r.lang) if r.cover else ()),
                                       f'<p class="verdict">{escape(r.verdict)}</p>', *_html_sections(r)])


def _html_sections(r: DebriefRows) -> list[str]:
    w = r.word
    timeline = [f"<h2>{escape(w('timeline'))}</h2><table><tr><th>#</th><th></th><th></th>"
                f"<th class=num>{escape(w('anger'))}</th><th>{escape(w('state'))}</th></tr>"]
    for row in r.timeline:
        said = _html_marked(row.text, row.marks)
        if row.empty:
            tags = "".join(f'<span class="tag {"bad" if t.bad else "good"}">{escape(t.label)}</span>' for t in row.tags)
            said += "<br>" + (tags or f'<span class="none">{escape(row.empty)}</span>')
        mood = f"{row.mood[0]}→{row.mood[1]} ({row.mood[1] - row.mood[0]:+d})" if row.mood else ""
        timeline.append(f'<tr><td class=num>{row.id}</td><td class="who {row.role}">{escape(row.who)}</td>'
                        f"<td>{said}</td><td class=num>{mood}</td><td>{escape(row.state)}</td></tr>")
    timeline.append("</table>")
    breakdown = [f"<h2>{escape(w('breakdown'))}</h2><table><tr><th>{escape(w('item'))}</th>"
                 f"<th class=num>{escape(w('points'))}</th><th>{escape(w('where'))}</th></tr>"]
    breakdown += [f'<tr><td>{escape(b.label)}</td><td class="num {b.tone}">{escape(b.points)}</td>'
                  f"<td>{escape((b.where + '  ' + b.note).strip())}</td></tr>" for b in r.breakdown]
    breakdown.append(f"<tr><th>{escape(w('score'))}</th><th class=num>{r.total}</th><th></th></tr></table>")
    steps = [f"<h2>{escape(w('steps'))}</h2><ul class=steps>",
             *(f'<li class="{s.status}">{escape(s.text(r.lang))}</li>' for s in r.steps), "</ul>"]
    advice = [f"<h2>{escape(r.advice_heading)}</h2>"]
    if not r.advice:
        advice.append(f'<p class="good">{escape(r.no_advice)}</p>')
    for a in r.advice:
        said = _html_marked(a.said, a.marks) if a.said else f'<span class="none">{escape(w("nothing"))}</span>'
        advice.append(f'<div class="advice"><h3>{escape(a.title)}</h3><p><b>{escape(w("said"))}:</b> {said}</p>'
                      f'<p class="good"><b>{escape(w("better"))}:</b> {escape(a.better)}</p>'
                      f'<p class="why">{escape(a.why)}</p></div>')
    chart = [f"<h2>{escape(r.curve_title)}</h2>", svg_bars(r.curve)]
    return ["".join(timeline), *chart, "".join(breakdown), "".join(steps), "".join(advice)]


# --- SVG -----------------------------------------------------------------------------------------

def to_svg(debrief: Debrief, cover: Cover | None = None) -> str:
    r = view(debrief, cover)
    page = Page(r.lang)
    page.heading(r.title, 1)
    if r.cover:
        page.table([[k, v] for k, v in r.cover.rows(r.lang)])
    page.text(r.verdict, bold=True)
    page.heading(r.word("timeline"))
    page.table([[row.id, row.who, (row.text, row.marks), " ".join(t.label for t in row.tags) or row.empty,
                 f"{row.mood[0]}→{row.mood[1]}" if row.mood else "", row.state] for row in r.timeline],
               wrap=2)
    page.heading(r.curve_title)
    page.picture(svg_bars(r.curve), 180)
    page.heading(r.word("breakdown"))
    page.table([[b.label, b.points, (b.where + "  " + b.note).strip()] for b in r.breakdown]
               + [[r.word("score"), str(r.total), ""]], wrap=2)
    page.heading(r.word("steps"))
    for s in r.steps:
        page.text(s.text(r.lang), tone=s.status)
    page.heading(r.advice_heading)
    for a in r.advice or ():
        page.text(a.title, bold=True)
        page.text((f"{r.word('said')}: " + a.said, _shifted(a.marks, len(r.word("said")) + 2)) if a.said
                  else f"{r.word('said')}: {r.word('nothing')}")
        page.text(f"{r.word('better')}: {a.better}", tone="done")
        page.text(a.why, tone="not_needed")
    if not r.advice:
        page.text(r.no_advice, tone="done")
    return page.svg(r.title)


def _shifted(marks: Iterable[Mark], by: int) -> tuple[Mark, ...]:
    return tuple(Mark(m.start + by, m.end + by, m.bad) for m in marks)


# --- Markdown ------------------------------------------------------------------------------------

def to_markdown(debrief: Debrief, cover: Cover | None = None) -> str:
    r = view(debrief, cover)
    parts = [f"# {_md(r.title)}", ""]
    if r.cover:
        parts += ["| | |", "|---|---|", *(f"| {_md(k)} | {_md(v)} |" for k, v in r.cover.rows(r.lang)), ""]
    verdict, _, outcome = r.verdict.partition(" · ")
    parts += [f"**{_md(verdict)}** · {_md(outcome)}", ""]
    parts += _md_timeline(r) + [""] + _md_chart(r) + [""] + _md_breakdown(r) + [""] + _md_steps(r)
    parts += [""] + _md_advice(r)
    return "\n".join(parts) + "\n"


def _md_timeline(r: DebriefRows) -> list[str]:
    rows = [f"## {r.word('timeline')}", "", f"| # | | {r.word('anger')} | {r.word('state')} |", "|---|---|---|---|"]
    for row in r.timeline:
        tags = ", ".join(f"`{t.label}`" for t in row.tags)
        mood = f"{row.mood[0]}→{row.mood[1]}" if row.mood else ""
        said = f"**{_md(row.who)}:** {_md_marked(row.text, row.marks)}" + (f"<br>{tags}" if tags else "")
        rows.append(f"| {row.id} | {said} | {mood} | {_md(row.state)} |")
    return rows


def _md_chart(r: DebriefRows) -> list[str]:
    from io import StringIO

    from rich.console import Console

    from simulator.ui.chart import BarChart

    plain = Console(file=StringIO(), width=80, color_system=None)
    plain.print(BarChart(r.curve, r.curve_title))
    return [f"## {r.word('curve')}", "", "```text", plain.file.getvalue().rstrip(), "```"]


def _md_breakdown(r: DebriefRows) -> list[str]:
    rows = [f"## {r.word('breakdown')}", "", f"| {r.word('item')} | {r.word('points')} | {r.word('where')} |",
            "|---|---:|---|"]
    rows += [f"| {_md(b.label)} | {b.points} | {_md((b.where + ' ' + b.note).strip())} |" for b in r.breakdown]
    rows.append(f"| **{r.word('score')}** | **{r.total}** | |")
    return rows


def _md_steps(r: DebriefRows) -> list[str]:
    return [f"## {r.word('steps')}", "", *(f"- {_md(s.text(r.lang))}".replace(" #", " — #", 1) for s in r.steps)]


def _md_advice(r: DebriefRows) -> list[str]:
    rows = [f"## {r.advice_heading}", ""]
    if not r.advice:
        rows.append(r.no_advice)
    for a in r.advice:
        said = _md_marked(a.said, a.marks) if a.said else r.word("nothing")
        where = f", #{a.turn}" if a.turn is not None else ""
        rows += [f"{a.number}. **{_md(a.situation)}** ({a.points}{where})",
                 f"   - {r.word('said')}: {said}", f"   - {r.word('better')}: {_md(a.better)}", f"   - *{_md(a.why)}*"]
    return rows


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text).replace("\n", " ")


def _md_marked(text: str, marks: Iterable[Mark]) -> str:
    """Markdown with the triggering words in bold."""
    return "".join(_md(piece) if bad is None else f"**{_md(piece)}**" for piece, bad in segments(text, marks))


# --- JSON and JSON lines -------------------------------------------------------------------------

def to_json(debrief: Debrief, record: Mapping[str, Any] | None = None, cover: Cover | None = None) -> str:
    """The call record (when there is one) with the debrief's own fields beside it, and the cover."""
    about = {"cover": dict(zip(("trainee", "date", "persona", "scenario"),
                               (v for _, v in cover.rows(debrief.lang))))} if cover else {}
    return json.dumps({**(record or {}), **debrief.to_dict(), **about, **_contract(record)},
                      ensure_ascii=False, indent=2) + "\n"


def _contract(record: Mapping[str, Any] | None) -> dict[str, Any]:
    """Keys of the call record that must win over the debrief's (the `--json` contract)."""
    return {k: record[k] for k in ("turns", "outcome", "score", "breakdown", "steps") if record and k in record}


def to_jsonl(debrief: Debrief, record: Mapping[str, Any] | None = None, cover: Cover | None = None) -> str:
    """A call as the old transcripts were: a header line, one line per turn, then the end."""
    record = dict(record or debrief.to_dict())
    turns = record.pop("turns", [])
    header = {"type": "header", **{k: v for k, v in record.items() if not isinstance(v, (list, dict))}}
    if cover:
        header["cover"] = dict(zip(("trainee", "date", "persona", "scenario"), (v for _, v in cover.rows(debrief.lang))))
    end = {"type": "end", "outcome": record.get("outcome"), "score": record.get("score")}
    lines = [header, *({"type": "turn", **t} for t in turns), end]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


WRITERS: dict[str, Callable[..., str]] = {".html": to_html, ".htm": to_html, ".svg": to_svg, ".md": to_markdown}


def target_problem(path: Path | str) -> str | None:
    """Why `path` cannot be exported to, or None: checked before a call, not after it."""
    if Path(path).suffix.lower() not in FORMATS:
        return f"cannot export to {Path(path).name!r}: use a name ending in {', '.join(FORMATS)}"
    return None


def export(debrief: Debrief, path: Path | str, record: Mapping[str, Any] | None = None,
           cover: Cover | None = None) -> Path:
    """Write the debrief to `path` (the suffix picks the format), whole or not at all."""
    problem = target_problem(path)
    if problem:
        raise ValueError(problem)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = to_json(debrief, record, cover)
    elif suffix == ".jsonl":
        text = to_jsonl(debrief, record, cover)
    else:
        text = WRITERS[suffix](debrief, cover)
    save_file(path, text)
    return path
