"""History per trainee through the real CLI: `play --trainee`, `history`, `show`, `resume`, `--db`.

The kill-and-resume test is the promise of the store: a call killed with SIGKILL keeps every
completed turn, and `dcsim resume` goes on exactly where it stopped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import datetime, timedelta

from calls import FOUR_STEPS, good_script
from conftest import PATIENCE, dcsim_command
from stored import stored_calls, texts

LINES = good_script("en", "emotional")

def play(run, trainee: str, lines: list[str], *extra: str) -> dict:
    done = run("play", "--lang", "en", "--no-semantic", "--trainee", trainee, "--json", *extra, stdin="\n".join(lines))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_history_json_lists_each_trainees_calls_newest_first(run):
    first = play(run, "ana", LINES)
    play(run, "bo", [FOUR_STEPS["en"]["apologise"]])
    play(run, "ana", [FOUR_STEPS["en"]["apologise"]])
    calls = json.loads(run("history", "--json").stdout)
    assert [(c["id"], c["trainee"]) for c in calls] == [(3, "ana"), (2, "bo"), (1, "ana")]
    mine = json.loads(run("history", "--trainee", "ana", "--json").stdout)
    assert [c["id"] for c in mine] == [3, 1]
    oldest = mine[-1]
    assert {"id", "trainee", "persona", "scenario", "lang", "score", "outcome", "started", "turns"} <= set(oldest)
    assert (oldest["persona"], oldest["scenario"], oldest["lang"]) == ("emotional", "line_cut_off", "en")
    assert oldest["turns"] == first["turns"] and oldest["score"] == first["score"]
    assert oldest["outcome"] == "satisfied"


def test_history_shows_a_table_with_score_and_outcome(run):
    play(run, "ana", LINES)
    play(run, "ana", [FOUR_STEPS["en"]["apologise"]])
    table = run("history", "--lang", "en").stdout
    assert "satisfied" in table and "unfinished ↺" in table and "dcsim resume ID" in table
    assert "ana" in table and "The emotional customer" in table


def test_the_default_trainee_is_the_login_name(run):
    done = run("play", "--lang", "en", "--no-semantic", "--json", stdin="Hello.\n", env={"USER": "kim", "LOGNAME": "kim"})
    assert done.returncode == 0
    [call] = json.loads(run("history", "--json").stdout)
    assert call["trainee"] == "kim"


def test_db_chooses_another_file(run, tmp_path, home):
    play(run, "ana", LINES, "--db", str(tmp_path / "team.db"))
    assert not (home / "dcsim.db").exists()
    assert len(json.loads(run("history", "--json", "--db", str(tmp_path / "team.db")).stdout)) == 1


def test_show_replays_a_stored_call_with_its_debrief(run, tmp_path):
    call = play(run, "ana", LINES)
    shown = run("show", "1")
    assert shown.returncode == 0, shown.stderr
    for line in LINES:
        assert line in shown.stdout
    assert f"Score: {call['score']}/100 · Outcome: satisfied" in shown.stdout
    assert "Trainee: ana" in shown.stdout
    done = run("show", "1", "--export", str(tmp_path / "call.json"))
    assert done.returncode == 0, done.stderr
    exported = json.loads((tmp_path / "call.json").read_text("utf-8"))
    assert exported["turns"] == call["turns"] and exported["trainee"] == "ana"
    assert exported["cover"]["trainee"] == "ana" and exported["cover"]["persona"] == "The emotional customer"


def test_show_of_an_unknown_call_is_a_short_error(run):
    done = run("show", "7")
    assert done.returncode == 2 and "no call 7" in done.stderr and "Traceback" not in done.stderr


def stored_turns(home) -> int:
    calls = stored_calls(home)
    return len(calls[0]["turns"]) if calls else 0


def test_a_killed_call_loses_no_turn_and_resume_goes_on_where_it_stopped(run, home):
    """SIGKILL after two turns: both are in the store, and resume ends the call as if never killed."""
    killed = subprocess.Popen([*dcsim_command(), "play", "--lang", "en", "--no-semantic", "--trainee", "ana",
                               "--seed", "7", "--script", "-", "--json"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env={**os.environ, "DCSIM_HOME": str(home)})
    killed.stdin.write(("\n".join(LINES[:2]) + "\n").encode())
    killed.stdin.flush()
    deadline = time.monotonic() + PATIENCE
    while stored_turns(home) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    killed.send_signal(signal.SIGKILL)
    killed.wait(PATIENCE)
    [call] = stored_calls(home)
    assert texts(call) == LINES[:2] and call["ended"] is None
    assert "interrupted ↺" in run("history", "--lang", "en").stdout

    resumed = run("resume", str(call["id"]), "--script", "-", "--json", stdin="\n".join(LINES[2:]))
    assert resumed.returncode == 0, resumed.stderr
    never_killed = play(run, "bo", LINES, "--db", str(home / "other.db"), "--seed", "7")  # the same call: same seed
    assert json.loads(resumed.stdout)["turns"] == never_killed["turns"]
    [call] = stored_calls(home)
    assert texts(call) == LINES and call["outcome"] == "satisfied" and call["reason"] == "ended"
    assert call["score"] == never_killed["score"]


def test_a_call_that_is_over_cannot_be_resumed(run):
    play(run, "ana", LINES)
    done = run("resume", "1", "--script", "-", stdin="Hello.\n")
    assert done.returncode == 2 and "call 1 is over" in done.stderr and "dcsim show 1" in done.stderr


def test_two_calls_at_once_on_one_database(home):
    """Two trainees' scripted calls, started together, write to the same file without losing a turn."""
    env = {**os.environ, "DCSIM_HOME": str(home)}
    calls = [subprocess.Popen([*dcsim_command(), "play", "--lang", "en", "--no-semantic", "--trainee", name,
                               "--script", "-", "--json"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env) for name in ("ana", "bo")]
    for line in LINES:  # interleaved, a line to each in turn
        for call in calls:
            call.stdin.write((line + "\n").encode())
            call.stdin.flush()
    for call in calls:
        call.stdin.close()
        assert call.wait(PATIENCE) == 0
        assert b"cannot save" not in call.stderr.read()
    stored = stored_calls(home)
    assert sorted(c["trainee"] for c in stored) == ["ana", "bo"]
    assert all(texts(c) == LINES and c["outcome"] == "satisfied" for c in stored)


def test_a_damaged_database_names_the_file_and_the_call_still_plays(run, home):
    (home / "dcsim.db").write_bytes(b"\x00garbage" * 500)
    done = run("play", "--lang", "en", "--no-semantic", "--json", stdin="\n".join(LINES))
    assert done.returncode == 0
    assert json.loads(done.stdout)["outcome"] == "satisfied"
    assert f"cannot save to {home / 'dcsim.db'}: the file is damaged" in done.stderr
    assert "NOT saved" in done.stderr and "Traceback" not in done.stderr
    listed = run("history")
    assert listed.returncode == 2 and str(home / "dcsim.db") in listed.stderr


def test_times_are_shown_on_the_users_clock(run, home):
    """The store keeps UTC; a trainee in Shanghai (UTC+8) reads the time on their own clock, in the list and the report."""
    play(run, "ana", LINES[:1])
    [call] = stored_calls(home)
    started = datetime.fromisoformat(call["started"].replace("Z", "+00:00"))
    shanghai = (started + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert shanghai in run("history", "--lang", "en", env={"TZ": "CST-8"}).stdout
    assert shanghai in run("show", str(call["id"]), env={"TZ": "CST-8"}).stdout  # the debrief's cover
    assert started.strftime("%Y-%m-%d %H:%M") in run("history", "--lang", "en", env={"TZ": "UTC0"}).stdout


def test_history_speaks_the_locales_language_unless_told(run):
    """Headings and outcomes follow --lang, else LC_ALL / LC_MESSAGES / LANG (zh_* is Chinese), else English."""
    play(run, "ana", LINES)
    english = {"LC_ALL": "", "LC_MESSAGES": ""}
    for locale in ("C.UTF-8", "en_US.UTF-8", ""):
        table = run("history", env={**english, "LANG": locale}).stdout
        assert "Outcome" in table and "satisfied" in table and "结果" not in table and "满意" not in table
    chinese = run("history", env={**english, "LANG": "zh_CN.UTF-8"}).stdout
    assert "结果" in chinese and "满意" in chinese
    assert "满意" in run("history", "--lang", "zh", env={**english, "LANG": "C.UTF-8"}).stdout
    assert "satisfied" in run("history", "--lang", "en", env={"LC_ALL": "zh_CN.UTF-8"}).stdout
    assert "satisfied" in run("history", env={"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}).stdout


def test_a_call_stopped_before_a_word_was_said_is_not_stored(run, home):
    """An empty script: the call never started, so `history` offers nothing to resume."""
    done = run("play", "--lang", "en", "--no-semantic", "--json", stdin="")
    assert done.returncode == 0
    assert stored_calls(home) == []
