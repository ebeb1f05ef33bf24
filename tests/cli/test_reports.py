"""Reports a coach hands to a manager, through the real CLI: progress, team report, stored calls, transcripts."""

from __future__ import annotations

import json

import pytest

from calls import bad_script, good_script
from browser import chromium, dump_dom, visible_text

ZH = good_script("zh", "emotional")


def play(run, trainee: str, lang: str, lines: list[str]) -> dict:
    done = run("play", "--lang", lang, "--no-semantic", "--trainee", trainee, "--json", stdin="\n".join(lines))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_progress_and_the_team_report(run, tmp_path):
    play(run, "ana", "en", bad_script("en"))
    play(run, "ana", "en", good_script("en", "emotional"))
    play(run, "bo", "en", good_script("en", "emotional"))
    progress = run("progress", "ana", "--lang", "en")
    assert progress.returncode == 0, progress.stderr
    assert "Progress: ana" in progress.stdout and "2 calls" in progress.stdout and "Four steps done" in progress.stdout
    done = run("progress", "ana", "--export", str(tmp_path / "ana.md"), env={"LC_ALL": "zh_CN.UTF-8"})  # the locale's
    assert done.returncode == 0 and "# 进步情况: ana" in (tmp_path / "ana.md").read_text("utf-8")
    team = run("report", "--trainees", "ana,bo,cy", "--lang", "en", "--export", str(tmp_path / "team.html"))
    assert team.returncode == 0, team.stderr
    assert "no calls for: cy" in team.stderr
    page = visible_text((tmp_path / "team.html").read_text("utf-8"))
    assert "Team report" in page and "ana" in page and "bo" in page and "Average score" in page


def test_progress_of_nobody_is_a_short_message(run):
    done = run("progress", "nobody")
    assert done.returncode == 1 and "no calls stored for 'nobody'" in done.stderr


def test_a_report_to_an_unknown_format_is_refused_first(run, tmp_path):
    done = run("report", "--export", str(tmp_path / "team.pdf"))
    assert done.returncode == 2 and "use a name ending in" in done.stderr


def test_score_export_with_several_dialogues_writes_one_file_each(run, tmp_path):
    day = tmp_path / "day.jsonl"
    dialogues = [{"dialogue_id": f"t/{n}", "turns": [{"role": "customer", "text": "My bill is wrong!"},
                                                     {"role": "agent", "text": "I'm so sorry. I'll fix it today."}]}
                 for n in (1, 2, 3)]
    day.write_text("".join(json.dumps(d) + "\n" for d in dialogues), encoding="utf-8")
    done = run("score", str(day), "--export", str(tmp_path / "out" / "report.md"))
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["report-t_1.md", "report-t_2.md", "report-t_3.md"]
    assert "dialogue t/2" in (tmp_path / "out" / "report-t_2.md").read_text("utf-8")
    one = run("score", str(day), "--dialogue", "t/3", "--export", str(tmp_path / "one.html"))
    assert one.returncode == 0 and "dialogue t/3" in (tmp_path / "one.html").read_text("utf-8")


def test_score_export_of_dialogues_with_the_same_id_writes_each_to_its_own_file(run, tmp_path):
    """Real exports repeat ids (a call transferred, a file joined twice): no dialogue overwrites another."""
    day = tmp_path / "day.jsonl"
    agents = ["I'm so sorry.", "That's our policy.", "I'm so sorry, I'll fix it today.", "Not my problem."]
    dialogues = [{"dialogue_id": ident, "turns": [{"role": "customer", "text": "My bill is wrong!"},
                                                  {"role": "agent", "text": agent}]}
                 for ident, agent in zip(["t/1", "t/1", "t_1", "t/1-2"], agents)]
    day.write_text("".join(json.dumps(d) + "\n" for d in dialogues), encoding="utf-8")
    done = run("score", str(day), "--export", str(tmp_path / "out" / "report.md"))
    assert done.returncode == 0, done.stderr
    names = ["report-t_1.md", "report-t_1-2.md", "report-t_1-3.md", "report-t_1-2-2.md"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    for name, agent in zip(names, agents):  # each file is its own dialogue, and the user is told where it went
        assert agent in (tmp_path / "out" / name).read_text("utf-8")
        assert f"to {tmp_path / 'out' / name}" in done.stderr.replace("\n", "")
    again = run("score", str(day), "--dialogue", "t/1", "--export", str(tmp_path / "t1.html"))
    assert again.returncode == 0 and {"t1-t_1.html", "t1-t_1-2.html"} <= {p.name for p in tmp_path.iterdir()}


@pytest.mark.skipif(chromium() is None, reason="headless Chromium not found (Debian: apt-get install chromium)")
def test_a_stored_chinese_call_exported_as_html_reads_right_in_chromium(run, tmp_path):
    call = play(run, "小王", "zh", ZH)
    done = run("show", "1", "--export", str(tmp_path / "call.html"))
    assert done.returncode == 0, done.stderr
    text = visible_text(dump_dom(chromium(), tmp_path / "call.html", tmp_path / "profile"))
    assert f"得分: {call['score']}/100 · 结果: 满意" in text
    assert "学员" in text and "小王" in text and "情绪激动型客户" in text and "欠费停机后被拆机的电话" in text
    for line in ZH:
        assert line.replace("。", "") in text.replace("。", "")
    assert "道歉" in text and "提供帮助" in text and "apologise" not in text
