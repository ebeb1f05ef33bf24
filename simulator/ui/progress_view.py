"""A trainee's progress and a team at a glance, from the stored calls.

`summarise` turns one trainee's calls into the figures a coach or manager reads: scores over
time (overall and per customer type), how often each of the four steps was done, and the
bad moves that come back most. The terminal, HTML, SVG, Markdown and JSON all read the
same `Summary`, so they say the same thing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from html import escape
from io import StringIO
from typing import Any, Iterable, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from simulator.moves import BAD_MOVES, FOUR_STEPS
from simulator.engine.session import Turn
from simulator.score.scoring import score_turns
from simulator.ui import labels
from simulator.ui.chart import SERIES, Bar, BarChart, score_colour, sparkline, svg_bars, svg_lines
from simulator.ui.export import cover_table, html_page
from simulator.ui.render import local_time
from simulator.ui.svg import Page

#: How many bad moves a summary names.
TOP_BAD_MOVES = 3


@dataclass
class Summary:
    trainee: str
    calls: list[dict[str, Any]]              # oldest first
    scores: list[int]
    steps: dict[str, float]                  # step -> share of calls where it was done
    bad_moves: list[tuple[str, int]]         # the most frequent, with how many times
    by_persona: dict[str, list[int]]         # persona name -> scores, oldest first

    @property
    def average(self) -> int | None:
        return round(sum(self.scores) / len(self.scores)) if self.scores else None

    @property
    def best(self) -> int | None:
        return max(self.scores, default=None)

    @property
    def last(self) -> int | None:
        return self.scores[-1] if self.scores else None

    def points_by_persona(self) -> dict[str, list[tuple[int, int]]]:
        """Each customer type's scores placed at the call's position among all the trainee's calls."""
        points: dict[str, list[tuple[int, int]]] = {}
        for position, (call, score) in enumerate(zip(self.calls, self.scores)):
            points.setdefault(call["persona_name"], []).append((position, score))
        return points

    @property
    def period(self) -> str:
        """From the first call's date to the last one's."""
        days = sorted({local_time(str(c["started"]))[:10] for c in self.calls})
        return "" if not days else days[0] if len(days) == 1 else f"{days[0]} – {days[-1]}"

    def to_dict(self) -> dict[str, Any]:
        return {"trainee": self.trainee, "calls": len(self.calls), "period": self.period, "average": self.average,
                "best": self.best, "last": self.last, "steps": self.steps,
                "bad_moves": [{"move": m, "count": n} for m, n in self.bad_moves],
                "by_persona": self.by_persona,
                "scores": [{"id": c["id"], "started": c["started"], "persona": c["persona"], "score": s}
                           for c, s in zip(self.calls, self.scores)]}


def summarise(trainee: str, calls: Iterable[dict[str, Any]]) -> Summary:
    """The figures of `trainee`'s calls (given newest first, as the store lists them)."""
    calls = sorted(calls, key=lambda c: (c["started"], c["id"]))
    scores = [c["score"] if c["score"] is not None else 0 for c in calls]
    done = Counter()
    bad = Counter()
    by_persona: dict[str, list[int]] = {}
    for call, score in zip(calls, scores):
        steps = score_turns([Turn.from_dict(t) for t in call["turns"]], call["outcome"]).steps
        done.update(step for step in FOUR_STEPS if steps[step] is not None)
        bad.update(move for turn in call["turns"] for move in turn["moves"] if move in BAD_MOVES)
        by_persona.setdefault(call["persona_name"], []).append(score)
    share = {step: round(done[step] / len(calls), 2) if calls else 0.0 for step in FOUR_STEPS}
    return Summary(trainee, calls, scores, share, bad.most_common(TOP_BAD_MOVES), by_persona)


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def listed(items: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def bad_moves_text(summary: Summary, lang: str) -> str:
    return listed((f"{labels.situation(m, lang)} ×{n}" for m, n in summary.bad_moves), lang) or \
        labels.word("no_bad_moves", lang)


def _figure(value: int | None) -> str:
    return "–" if value is None else str(value)


# --- one trainee ---------------------------------------------------------------------------------

def persona_rows(summary: Summary, lang: str) -> list[list[str]]:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    rows = [[w("customer"), w("call_count"), w("average"), w("best"), w("last")]]
    for name, scores in summary.by_persona.items():
        rows.append([name, str(len(scores)), str(round(sum(scores) / len(scores))), str(max(scores)), str(scores[-1])])
    return rows


def step_text(summary: Summary, lang: str) -> str:
    return "   ".join(f"{labels.step(s, lang)} {_percent(share)}" for s, share in summary.steps.items())


def headline(summary: Summary, lang: str) -> str:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    return (f"{len(summary.calls)} {w('calls').strip()} · {w('average')} {_figure(summary.average)} · "
            f"{w('best')} {_figure(summary.best)} · {w('last')} {_figure(summary.last)}")


def score_bars(summary: Summary) -> list[Bar]:
    return [Bar(f"#{c['id']}", s) for c, s in zip(summary.calls, summary.scores)]


@dataclass
class ProgressView:
    """One trainee's progress in the terminal."""

    summary: Summary
    lang: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s, lang = self.summary, self.lang
        w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
        yield Text(f"{w('progress')}: {s.trainee}", style="bold")
        if not s.calls:
            yield Text(w("no_calls"), style="dim")
            return
        yield Text(f"{s.period} · {headline(s, lang)}")
        yield BarChart(score_bars(s), w("scores_over_time"), height=6, colour=score_colour)
        table = Table(box=box.SIMPLE_HEAD, title=w("per_persona"), title_justify="left", title_style="bold")
        header, *rows = persona_rows(s, lang)
        for i, column in enumerate(header):
            table.add_column(column, justify="left" if i == 0 else "right")
        table.add_column("")
        for row, scores in zip(rows, s.by_persona.values()):
            table.add_row(*row, Text(sparkline(scores), style=score_colour(scores[-1])))
        yield table
        yield Text(f"{w('hit_rate')}: {step_text(s, lang)}")
        yield Text(f"{w('bad_moves')}: {bad_moves_text(s, lang)}")


def progress_html(summary: Summary, lang: str, date: str) -> str:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    title = f"{w('progress')}: {summary.trainee}"
    header, *rows = persona_rows(summary, lang)
    legend = "".join(f'<span style="color:{c}">● {escape(n)}</span> &nbsp; '
                     for n, c in zip(summary.by_persona, SERIES))
    body = [f"<h1>{escape(title)}</h1>",
            cover_table(_cover(summary, lang, date)),
            f'<p class="verdict">{escape(headline(summary, lang))}</p>',
            f"<h2>{escape(w('scores_over_time'))}</h2>", svg_lines(summary.points_by_persona()), f"<p>{legend}</p>",
            f"<h2>{escape(w('per_persona'))}</h2>", _html_table(header, rows),
            f"<h2>{escape(w('hit_rate'))}</h2>",
            _html_table([labels.step(s, lang) for s in summary.steps], [[_percent(v) for v in summary.steps.values()]]),
            f"<h2>{escape(w('bad_moves'))}</h2><p>{escape(bad_moves_text(summary, lang))}</p>"]
    return html_page(title, lang, body)


def _cover(summary: Summary, lang: str, date: str) -> list[tuple[str, str]]:
    """Trainee, date, the period of the calls and the customers and scenarios they cover."""
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    return [(w("trainee"), summary.trainee), (w("date"), date), (w("call_count"), f"{len(summary.calls)} ({summary.period})"),
            (w("persona"), listed(summary.by_persona, lang)),
            (w("scenario"), listed(sorted({c["scenario_title"] for c in summary.calls}), lang))]


def _html_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows)]


def progress_markdown(summary: Summary, lang: str, date: str) -> str:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    header, *rows = persona_rows(summary, lang)
    plain = Console(file=StringIO(), width=80, color_system=None)
    plain.print(BarChart(score_bars(summary), w("scores_over_time"), height=6))
    parts = [f"# {w('progress')}: {summary.trainee}", "", *_md_table(["", ""], _cover(summary, lang, date)), "",
             f"**{headline(summary, lang)}**", "", f"## {w('scores_over_time')}", "", "```text",
             plain.file.getvalue().rstrip(), "```", "", f"## {w('per_persona')}", "", *_md_table(header, rows), "",
             f"## {w('hit_rate')}", "", *_md_table([labels.step(s, lang) for s in summary.steps],
                                                   [[_percent(v) for v in summary.steps.values()]]),
             "", f"## {w('bad_moves')}", "", bad_moves_text(summary, lang)]
    return "\n".join(parts) + "\n"


def progress_svg(summary: Summary, lang: str, date: str) -> str:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    page = Page(lang)
    page.heading(f"{w('progress')}: {summary.trainee}", 1)
    page.table([list(pair) for pair in _cover(summary, lang, date)])
    page.text(headline(summary, lang), bold=True)
    page.heading(w("scores_over_time"))
    page.picture(svg_lines(summary.points_by_persona()), 200)
    page.text(listed((f"● {name}" for name in summary.by_persona), lang))
    page.heading(w("per_persona"))
    page.table(persona_rows(summary, lang))
    page.heading(w("hit_rate"))
    page.text(step_text(summary, lang))
    page.heading(w("bad_moves"))
    page.text(bad_moves_text(summary, lang))
    return page.svg(f"{w('progress')}: {summary.trainee}")


def progress_json(summary: Summary, lang: str, date: str) -> str:
    return json.dumps({**summary.to_dict(), "date": date, "lang": lang}, ensure_ascii=False, indent=2) + "\n"


# --- a team --------------------------------------------------------------------------------------

def team_rows(summaries: Sequence[Summary], lang: str) -> list[list[str]]:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    rows = [[w("trainee"), w("call_count"), w("average"), w("last"), w("hit_rate"), w("top_bad_move")]]
    for s in summaries:
        steps = sum(s.steps.values()) / len(s.steps) if s.calls else 0.0
        worst = labels.situation(s.bad_moves[0][0], lang) if s.bad_moves else w("no_bad_moves")
        rows.append([s.trainee, str(len(s.calls)), _figure(s.average), _figure(s.last), _percent(steps), worst])
    return rows


def team_bars(summaries: Sequence[Summary]) -> list[Bar]:
    return [Bar(s.trainee, s.average or 0) for s in summaries]


@dataclass
class TeamView:
    summaries: Sequence[Summary]
    lang: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        w = lambda key: labels.word(key, self.lang)  # noqa: E731 - a local shorthand
        header, *rows = team_rows(self.summaries, self.lang)
        table = Table(box=box.SIMPLE_HEAD, title=w("team"), title_justify="left", title_style="bold")
        for i, column in enumerate(header):
            table.add_column(column, justify="right" if 0 < i < 5 else "left")
        table.add_column("")
        for row, s in zip(rows, self.summaries):
            table.add_row(*row, Text(sparkline(s.scores[-12:]), style=score_colour(s.last or 0)))
        yield Group(table, BarChart(team_bars(self.summaries), w("average_score"), height=6, colour=score_colour))


def team_html(summaries: Sequence[Summary], lang: str, date: str) -> str:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    header, *rows = team_rows(summaries, lang)
    series = {s.trainee: list(enumerate(s.scores)) for s in summaries if s.scores}
    legend = "".join(f'<span style="color:{c}">● {escape(n)}</span> &nbsp; ' for n, c in zip(series, SERIES))
    body = [f"<h1>{escape(w('team'))}</h1>", cover_table([(w("date"), date)]),
            _html_table(header, rows), f"<h2>{escape(w('average_score'))}</h2>",
            svg_bars(team_bars(summaries), colour=score_colour),
            f"<h2>{escape(w('scores_over_time'))}</h2>", svg_lines(series), f"<p>{legend}</p>"]
    return html_page(w("team"), lang, body)


def team_markdown(summaries: Sequence[Summary], lang: str, date: str) -> str:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    header, *rows = team_rows(summaries, lang)
    return "\n".join([f"# {w('team')}", "", f"{w('date')}: {date}", "", *_md_table(header, rows)]) + "\n"


def team_svg(summaries: Sequence[Summary], lang: str, date: str) -> str:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    page = Page(lang)
    page.heading(w("team"), 1)
    page.text(f"{w('date')}: {date}")
    page.table(team_rows(summaries, lang))
    page.heading(w("average_score"))
    page.picture(svg_bars(team_bars(summaries), colour=score_colour), 180)
    return page.svg(w("team"))


def team_json(summaries: Sequence[Summary], lang: str, date: str) -> str:
    return json.dumps({"date": date, "lang": lang, "trainees": [s.to_dict() for s in summaries]},
                      ensure_ascii=False, indent=2) + "\n"


PROGRESS_WRITERS = {".html": progress_html, ".htm": progress_html, ".md": progress_markdown, ".svg": progress_svg,
                    ".json": progress_json}
TEAM_WRITERS = {".html": team_html, ".htm": team_html, ".md": team_markdown, ".svg": team_svg, ".json": team_json}
