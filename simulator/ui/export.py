"""Saving a debrief as a file a trainee can keep or a coach can share: HTML, SVG, Markdown, JSON.

HTML and SVG come from rich's recording console, so they show exactly what the terminal
showed. Markdown is written out for pasting into a wiki or a chat; JSON is the plain data.
Everything is self-contained: no web fonts or scripts are fetched when the file is opened.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from rich.console import CONSOLE_SVG_FORMAT, Console
from rich.terminal_theme import MONOKAI

from simulator.moves import FOUR_STEPS
from simulator.score.debrief import Debrief
from simulator.ui.debrief_view import (
    SITUATIONS,
    WORDS,
    DebriefView,
    MoodChart,
    item_label,
)
from simulator.ui.render import OUTCOME_NAMES, STEP_NAMES

WIDTH = 100
FORMATS = (".html", ".htm", ".svg", ".md", ".json")

HTML_FORMAT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="UTF-8">
<title>{title}</title>
<style>
{{stylesheet}}
body {{{{
    color: {{foreground}};
    background-color: {{background}};
}}}}
</style>
</head>
<body>
    <pre style="font-family:Menlo,'DejaVu Sans Mono','Noto Sans Mono CJK SC','Sarasa Mono SC',consolas,monospace"><code style="font-family:inherit">{{code}}</code></pre>
</body>
</html>
"""
#: rich's SVG template without the web-font URLs, so opening the file fetches nothing.
SVG_FORMAT = re.sub(r',\s*url\("https?://[^"]+"\) format\("[^"]+"\)', "", CONSOLE_SVG_FORMAT)


def recorded(debrief: Debrief) -> Console:
    console = Console(record=True, width=WIDTH, file=StringIO(), color_system="truecolor", force_terminal=True)
    console.print(DebriefView(debrief))
    return console


def to_html(debrief: Debrief) -> str:
    fmt = HTML_FORMAT.format(lang="zh-CN" if debrief.lang == "zh" else "en", title=_escape(debrief.title))
    return recorded(debrief).export_html(code_format=fmt)


def to_svg(debrief: Debrief) -> str:
    return recorded(debrief).export_svg(title=debrief.title, theme=MONOKAI, code_format=SVG_FORMAT)


def to_json(debrief: Debrief, record: Mapping[str, Any] | None = None) -> str:
    """The call record (when there is one) with the debrief's own fields beside it."""
    return json.dumps({**(record or {}), **debrief.to_dict(), **_contract(record)}, ensure_ascii=False, indent=2) + "\n"


def _contract(record: Mapping[str, Any] | None) -> dict[str, Any]:
    """Keys of the call record that must win over the debrief's (the `--json` contract)."""
    return {k: record[k] for k in ("turns", "outcome", "score", "breakdown", "steps") if record and k in record}


def to_markdown(debrief: Debrief) -> str:
    d, words = debrief, WORDS[debrief.lang]
    outcome = OUTCOME_NAMES[d.lang].get(d.score.outcome or "", words["unfinished"])
    parts = [f"# {d.title}", "", f"**{words['score']}: {d.score.total}/100** · {words['outcome']}: {outcome}", ""]
    parts += _md_timeline(d) + [""] + _md_chart(d) + [""] + _md_breakdown(d) + [""] + _md_steps(d)
    parts += [""] + _md_advice(d)
    return "\n".join(parts) + "\n"


def _md_timeline(d: Debrief) -> list[str]:
    words = WORDS[d.lang]
    rows = [f"## {words['timeline']}", "", f"| # | | {words['anger']} | {words['state']} |", "|---|---|---|---|"]
    for line in d.lines:
        who = words["customer"] if line.role == "customer" else words["you" if d.kind == "practice" else "agent"]
        spans = [(s["start"], s["end"]) for m in line.moves for s in m["spans"]] + \
                [(c["start"], c["end"]) for c in line.cues]
        tags = ", ".join(f"`{m['name']}`" for m in line.moves) or ", ".join(
            sorted({f"`{c['category']}`" for c in line.cues}))
        mood = ""
        if line.mood_before is not None and line.mood_after is not None and (line.role == "agent") == (d.kind == "practice"):
            mood = f"{line.mood_before}→{line.mood_after}"
        said = f"**{who}:** {_bold_spans(line.text, spans)}" + (f"<br>{tags}" if tags else "")
        rows.append(f"| {'#' + str(line.id) if line.id is not None else ''} | {said} | {mood} | {_cell(line.state or '')} |")
    return rows


def _md_chart(d: Debrief) -> list[str]:
    plain = Console(file=StringIO(), width=80, color_system=None)
    plain.print(MoodChart(d))
    return [f"## {WORDS[d.lang]['curve']}", "", "```text", plain.file.getvalue().rstrip(), "```"]


def _md_breakdown(d: Debrief) -> list[str]:
    words = WORDS[d.lang]
    rows = [f"## {words['breakdown']}", "", f"| {words['item']} | {words['points']} | {words['where']} |", "|---|---:|---|"]
    for item in d.score.items:
        if item.name.startswith("penalty:") and item.points == 0:
            continue
        points = f"{item.points:+d}" if item.max == 0 else f"{item.points}/{item.max}"
        where = ", ".join(f"#{t}" for t in item.turns)
        note = f" {item.note}" if d.lang == "en" else ""
        rows.append(f"| {_cell(item_label(item.name, d.lang))} | {points} | {_cell((where + note).strip())} |")
    rows.append(f"| **{words['score']}** | **{d.score.total}** | |")
    return rows


def _md_steps(d: Debrief) -> list[str]:
    words = WORDS[d.lang]
    rows = [f"## {words['steps']}", ""]
    for step in FOUR_STEPS:
        status, name = d.score.step_status(step), STEP_NAMES[d.lang][step]
        mark = {"done": f"✔ {name} — #{d.score.steps[step]}", "not_needed": f"– {name} ({words['not_needed']})"}
        rows.append("- " + mark.get(status, f"✘ {name} ({words['missing']})"))
    return rows


def _md_advice(d: Debrief) -> list[str]:
    words = WORDS[d.lang]
    rows = [f"## {words['advice']}", ""]
    if not d.advice:
        rows.append(words["all_good"])
    for number, item in enumerate(d.advice, 1):
        where = f", #{item.turn}" if item.turn is not None else ""
        rows.append(f"{number}. **{SITUATIONS[d.lang].get(item.situation, item.situation)}** "
                    f"(+{item.points} {words['pts']}{where})")
        said = _bold_spans(item.said, item.spans) if item.said else words["nothing"]
        rows += [f"   - {words['said']}: {said}", f"   - {words['better']}: {_md(item.better)}", f"   - *{_md(item.why)}*"]
    return rows


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text).replace("\n", " ")


def _cell(text: str) -> str:
    return _md(text)


def _bold_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Markdown with the triggering words in bold; overlapping spans are merged."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [_md(text[at:start]), "**" + _md(text[start:end]) + "**"]
        at = end
    out.append(_md(text[at:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


WRITERS: dict[str, Callable[..., str]] = {".html": to_html, ".htm": to_html, ".svg": to_svg, ".md": to_markdown}


def target_problem(path: Path | str) -> str | None:
    """Why `path` cannot be exported to, or None: checked before a call, not after it."""
    if Path(path).suffix.lower() not in FORMATS:
        return f"cannot export to {Path(path).name!r}: use a name ending in {', '.join(FORMATS)}"
    return None


def export(debrief: Debrief, path: Path | str, record: Mapping[str, Any] | None = None) -> Path:
    """Write the debrief to `path`; the suffix picks the format."""
    problem = target_problem(path)
    if problem:
        raise ValueError(problem)
    path = Path(path)
    suffix = path.suffix.lower()
    text = to_json(debrief, record) if suffix == ".json" else WRITERS[suffix](debrief)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
