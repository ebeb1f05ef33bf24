"""Exporting the debrief: HTML and SVG from rich's recording console, Markdown and JSON written out."""

from __future__ import annotations

import html
import json
import re

import pytest

from browser import chromium, dump_dom, visible_text
from simulator.engine.session import Session
from simulator.library import catalog
from simulator.score.report import call_record, debrief_session
from simulator.score.transcripts import analyse, parse
from simulator.ui.debrief_view import Cover
from simulator.ui.export import export, target_problem, to_markdown
from simulator.ui.scripted import play_lines
from simulator.ui.svg import text_width
from simulator.ui.terminal import Play

EN = ["I'm so sorry about this. I can see why you're upset.", "That was our mistake, and I'll see it through.",
      "That's company policy."]
ZH = ["真对不起,给您添麻烦了,换了谁都会着急。", "这是我们的失误,我来负责。", "公司规定就是这样。"]


def session(lang: str) -> Session:
    call = Session(catalog.persona("emotional"), catalog.scenario("bill_mismatch"), lang, seed=0)
    return play_lines(call, EN if lang == "en" else ZH)


def cover(call: Session) -> Cover:
    return Cover("ana", "2026-12-05 21:30 UTC", call.persona.name(call.lang), call.scenario.title(call.lang))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("suffix", [".html", ".svg", ".md", ".json", ".jsonl"])
def test_every_format_names_the_trainee_date_customer_and_scenario(tmp_path, suffix, lang):
    call = session(lang)
    path = export(debrief_session(call), tmp_path / f"report{suffix}", call_record(call), cover(call))
    text = html.unescape(path.read_text("utf-8"))
    for shown in ("ana", "2026-12-05 21:30", call.persona.name(lang), call.scenario.title(lang)):
        assert shown in text
    if suffix == ".html":
        assert "学员" in visible_text(text) if lang == "zh" else "Trainee" in visible_text(text)


def test_the_html_is_real_tables_with_a_cjk_font_and_fetches_nothing(tmp_path):
    call = session("zh")
    debrief = debrief_session(call)
    html = export(debrief, tmp_path / "report.html").read_text("utf-8")
    assert '<html lang="zh-CN">' in html and "<title>" in html
    assert "<table>" in html and "<pre" not in html and "Noto Sans CJK SC" in html
    assert not re.search(r"(src|href)=\"https?://", html) and "url(http" not in html
    text = visible_text(html)
    assert f"得分: {debrief.score.total}/100" in text
    assert "逐句回顾" in text and "最值得改进的三点" in text and "公司规定就是这样" in text
    assert "拿规定压人" in text and "policy" not in text  # the move's name is Chinese too


def test_the_svg_fetches_no_web_fonts(tmp_path):
    svg = export(debrief_session(session("en")), tmp_path / "report.svg").read_text("utf-8")
    assert svg.startswith("<svg") and not re.search(r"url\(\"?https?:", svg)
    assert "Timeline" in svg


def test_chinese_svg_text_never_overlaps(tmp_path):
    """Each line is one <text> the viewer lays out itself; texts on one line leave room for each other."""
    svg = export(debrief_session(session("zh")), tmp_path / "report.svg").read_text("utf-8")
    assert "textLength" not in svg and "Noto Sans CJK SC" in svg
    rows: dict[str, list[tuple[float, str]]] = {}
    for x, y, inner in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(y, []).append((float(x), re.sub(r"<[^>]+>", "", inner)))
    assert len(rows) > 20
    for texts in rows.values():
        texts.sort()
        for (x, text), (next_x, _) in zip(texts, texts[1:]):
            assert x + text_width(html.unescape(text)) <= next_x, (text, x, next_x)


def test_a_jsonl_export_is_the_call_record_by_record(tmp_path):
    call = session("en")
    path = export(debrief_session(call), tmp_path / "call.jsonl", call_record(call), cover(call))
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert [r["type"] for r in records] == ["header", "turn", "turn", "turn", "end"]
    assert records[0]["persona"] == "emotional" and records[0]["cover"]["trainee"] == "ana"
    assert [r["text"] for r in records[1:4]] == EN


def test_the_markdown_has_the_breakdown_that_adds_up_and_bold_trigger_words():
    debrief = debrief_session(session("en"))
    md = to_markdown(debrief)
    assert md.startswith("# The emotional customer")
    assert f"**Score: {debrief.score.total}/100**" in md
    rows = [line for line in md.splitlines() if re.match(r"\| .+ \| [-+]?\d+(/\d+)? \|", line)]
    assert sum(int(re.match(r"\| .+? \| ([-+]?\d+)", r).group(1)) for r in rows) == debrief.score.total
    assert "**company policy**" in md or "**That's company policy**" in md
    assert "## Three things to do better" in md and "```text" in md


def test_the_json_export_keeps_the_play_json_contract(tmp_path):
    call = session("en")
    data = json.loads(export(debrief_session(call), tmp_path / "r.json", call_record(call)).read_text("utf-8"))
    assert isinstance(data["score"], int)
    assert data["turns"] == call_record(call)["turns"]
    assert {"breakdown", "steps", "timeline", "improvements", "mood_curve"} <= set(data)


def test_an_unknown_format_is_refused_before_anything_is_written(tmp_path):
    assert "use a name ending in" in target_problem("report.pdf")
    with pytest.raises(ValueError):
        export(debrief_session(session("en")), tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


def test_play_export_writes_the_report(run, tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("\n".join(EN) + "\n", encoding="utf-8")
    done = run("play", "--persona", "emotional", "--lang", "en", "--script", str(script),
               "--export", str(tmp_path / "out" / "report.md"))
    assert done.returncode == 0, done.stderr
    assert "## Timeline" in (tmp_path / "out" / "report.md").read_text("utf-8")


def test_play_refuses_an_unknown_export_format_at_once(run, tmp_path):
    done = run("play", "--script", "-", "--export", str(tmp_path / "report.docx"), stdin="Hello\n")
    assert done.returncode == 2 and "use a name ending in" in done.stderr


class Typed:
    def __init__(self, lines):
        self.lines = list(lines)

    def prompt(self, *args, **kwargs):
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


def test_export_during_play(tmp_path, home):
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=120, color_system=None)
    call = Session(catalog.persona("emotional"), catalog.scenario("bill_mismatch"), "en")
    target = tmp_path / "mid.json"
    Play(call, console, Typed([EN[0], f"/export {target}", "/export", EN[1]])).run()
    assert len(json.loads(target.read_text("utf-8"))["turns"]) == 1
    assert list((home / "reports").glob("report-*.html")), "a bare /export saves an HTML report in the data folder"
    assert f"exported: {target}" in console.file.getvalue()


# --- the exported HTML in a real browser -----------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="headless Chromium not found (Debian: apt-get install chromium)")
def test_the_exported_html_opens_in_headless_chromium(tmp_path):
    practice = debrief_session(session("zh"))
    transcript = analyse(parse({"dialogue_id": "chat-7", "turns": [
        {"role": "customer", "text": "This is ridiculous, my bill is wrong again!!"},
        {"role": "agent", "text": "I'm so sorry about this. I'll refund the charge today."},
        {"role": "customer", "text": "Great, thank you."}]})).debrief()
    pages = {"practice": export(practice, tmp_path / "practice.html"),
             "transcript": export(transcript, tmp_path / "transcript.html")}
    zh = visible_text(dump_dom(chromium(), pages["practice"], tmp_path / "profile"))
    assert f"得分: {practice.score.total}/100" in zh
    assert "公司规定就是这样" in zh and "四步法" in zh and "更好的说法" in zh
    en = visible_text(dump_dom(chromium(), pages["transcript"], tmp_path / "profile"))
    assert f"Score: {transcript.score.total}/100 · Outcome: satisfied" in en
    assert "estimated from the customer's words" in en and "thanks -20" in en
