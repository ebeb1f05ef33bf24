"""Whole calls through `dcsim play --script`, in a subprocess, as a coach or another program runs them."""

import json

import pytest

from calls import bad_script, good_script
from stored import stored_calls, texts
from simulator.cli.common import open_text, read_lines
from simulator.ui.scripted import script_lines


def play_json(run, tmp_path, persona: str, lang: str, lines: list[str], *extra: str) -> dict:
    script = tmp_path / "script.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("play", "--persona", persona, "--lang", lang, "--script", str(script), "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("persona", ["emotional", "stubborn"])
def test_the_four_steps_end_the_call_satisfied(run, tmp_path, persona, lang):
    call = play_json(run, tmp_path, persona, lang, good_script(lang, persona))
    assert call["outcome"] == "satisfied"
    steps_taken = [move for turn in call["turns"] for move in turn["moves"]]
    assert {"apologise", "empathise", "own", "help"} <= set(steps_taken)
    assert all(step["done"] for step in call["steps"].values())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("persona", ["emotional", "stubborn"])
def test_policy_and_blame_end_the_call_escalated(run, tmp_path, persona, lang):
    call = play_json(run, tmp_path, persona, lang, bad_script(lang))
    assert call["outcome"] == "escalated"
    assert call["turns"][0]["moves"] == ["policy_wall"]
    assert call["turns"][-1]["state"] == "escalated"
    assert len(call["turns"]) < len(bad_script(lang))  # the script stops when the customer does


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lines_a_call_did_not_reach_are_counted_and_named(run, tmp_path, lang):
    """Play-test 22: when the customer hung up, the rest of the script was dropped without a word."""
    script = tmp_path / "script.txt"
    script.write_text("\n".join(bad_script(lang)) + "\n", encoding="utf-8")
    done = run("play", "--persona", "emotional", "--lang", lang, "--script", str(script), "--json")
    call = json.loads(done.stdout)
    assert call["unplayed"] == len(bad_script(lang)) - len(call["turns"]) > 0
    assert str(call["unplayed"]) in done.stderr and str(len(call["turns"])) in done.stderr


def test_the_stubborn_customer_turns_down_the_first_offer(run, tmp_path):
    call = play_json(run, tmp_path, "stubborn", "en", good_script("en", "stubborn")[:4])
    assert call["outcome"] is None
    assert call["turns"][-1]["state"] == "considering"


def test_the_json_contract(run, tmp_path):
    call = play_json(run, tmp_path, "emotional", "en", good_script("en", "emotional"))
    assert {"turns", "outcome", "score"} <= set(call)
    assert isinstance(call["score"], int) and 0 <= call["score"] <= 100
    for turn in call["turns"]:
        assert {"moves", "mood_after", "state"} <= set(turn)
        assert isinstance(turn["moves"], list) and all(isinstance(m, str) for m in turn["moves"])
    assert [t["index"] for t in call["turns"]] == [1, 2, 3, 4]
    assert call["turns"][-1]["state"] == "satisfied"


def test_the_same_seed_gives_the_same_call(run, tmp_path):
    lines = ["Hello.", *good_script("zh", "stubborn")]
    first = play_json(run, tmp_path, "stubborn", "zh", lines, "--seed", "42")
    again = play_json(run, tmp_path, "stubborn", "zh", lines, "--seed", "42")
    assert first == again
    others = [play_json(run, tmp_path, "stubborn", "zh", lines, "--seed", str(seed)) for seed in (1, 2, 3)]
    assert any(other["opening"] != first["opening"] or other["turns"] != first["turns"] for other in others)


def test_a_script_may_carry_blank_lines_and_comments(run, tmp_path):
    lines = ["# the coach's note: open with an apology", "", good_script("en", "emotional")[0], "   "]
    call = play_json(run, tmp_path, "emotional", "en", lines)
    assert [t["text"] for t in call["turns"]] == ["I'm so sorry."]


def said(path) -> list[str]:
    """The trainee lines `dcsim play --script` reads from a file."""
    with open_text(str(path)) as source:
        return list(script_lines(read_lines(source)))


SCRIPT = "I'm so sorry.\n# a coach's note\n#\n#1 priority is your line.\n#hashtag sorry\n对不起。\r\nThanks\n"
LINES = ["I'm so sorry.", "#1 priority is your line.", "#hashtag sorry", "对不起。", "Thanks"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_script_is_read_in_utf8_or_utf16_with_a_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "script.txt"
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")   # Notepad's "Unicode" marks its files
    path.write_bytes((bom + SCRIPT).encode(encoding))
    assert said(path) == LINES


def test_only_comment_lines_the_coach_marked_are_skipped(tmp_path):
    path = tmp_path / "script.txt"
    path.write_text("# note\n  # indented note\n#\t tab note\n#1 thing\n##\n#\n", encoding="utf-8")
    assert said(path) == ["#1 thing", "##"]


def test_play_help_says_which_lines_are_skipped(run):
    help_text = " ".join(run("play", "--help").stdout.split())
    assert "comment lines ('# ' then a note) are skipped" in help_text and "UTF-16" in help_text


def test_a_utf16_script_plays_as_written(run, tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("# open with an apology\nI'm so sorry.\n", encoding="utf-16")
    done = run("play", "--persona", "emotional", "--lang", "en", "--script", str(script), "--json")
    assert done.returncode == 0, done.stderr
    assert [t["text"] for t in json.loads(done.stdout)["turns"]] == ["I'm so sorry."]


def test_a_byte_order_mark_does_not_reach_the_first_turn(run, tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("I'm so sorry.\n", encoding="utf-8-sig")
    done = run("play", "--persona", "emotional", "--lang", "en", "--script", str(script), "--json")
    assert json.loads(done.stdout)["turns"][0]["text"] == "I'm so sorry."


def test_the_script_can_come_from_stdin(run):
    done = run("play", "--lang", "en", "--script", "-", "--json", stdin="\n".join(good_script("en", "emotional")))
    assert json.loads(done.stdout)["outcome"] == "satisfied"
    piped = run("play", "--lang", "en", "--json", stdin="\n".join(good_script("en", "emotional")))
    assert json.loads(piped.stdout)["outcome"] == "satisfied"


def test_without_json_the_call_is_drawn_with_its_score(run, tmp_path):
    script = tmp_path / "script.txt"
    script.write_text("\n".join(bad_script("en")), encoding="utf-8")
    done = run("play", "--persona", "stubborn", "--lang", "en", "--script", str(script))
    assert done.returncode == 0, done.stderr
    assert "Brief: The line that was cut off" in done.stdout
    assert "That's our policy." in done.stdout and "You must have got it wrong." in done.stdout
    assert "Score: " in done.stdout and "asked for a supervisor" in done.stdout


def test_an_unknown_persona_is_a_short_error(run):
    done = run("play", "--persona", "grumpy", "--script", "-")
    assert done.returncode == 2
    assert "no persona called 'grumpy'" in done.stderr and "emotional" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_scripted_call_is_saved_turn_by_turn_like_an_interactive_one(run, home, tmp_path):
    call = play_json(run, tmp_path, "emotional", "en", good_script("en", "emotional")[:2])
    [stored] = stored_calls(home)
    assert stored["persona"] == "emotional" and stored["opening"] == call["opening"]
    assert texts(stored) == good_script("en", "emotional")[:2]
    assert stored["turns"] == call["turns"]
    assert (stored["outcome"], stored["score"], stored["reason"]) == (None, call["score"], "eof")


def test_a_home_that_cannot_be_written_warns_and_the_call_still_plays(run, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    done = run("play", "--lang", "en", "--json", stdin="I'm so sorry.\n", env={"DCSIM_HOME": str(not_a_folder)})
    assert done.returncode == 0
    assert json.loads(done.stdout)["turns"][0]["moves"] == ["apologise"]
    assert f"cannot save to {not_a_folder}" in done.stderr and "Traceback" not in done.stderr
    assert "NOT saved" in done.stderr and "turn 1" in done.stderr


def test_a_chinese_call_says_its_store_problems_in_chinese(run, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    done = run("play", "--lang", "zh", "--json", stdin="非常抱歉。\n", env={"DCSIM_HOME": str(not_a_folder)})
    said = "".join(done.stderr.split())  # as one line, however the console wrapped it
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert f"无法保存到{not_a_folder}" in said and "解决办法:" in said and "通话继续" in said
    assert f"未保存到{not_a_folder / 'dcsim.db'}:通话本身、第1句、结束情况(只显示在本屏幕上)" in said
    assert "cannot save" not in said and "NOT saved" not in said


def test_a_disk_that_fails_at_the_last_record_still_ends_the_scripted_call(home, emotional, line_cut_off,
                                                                           monkeypatch, capsys):
    from rich.console import Console

    from simulator.engine.session import Session
    from simulator.library.store import Keeper, Store, StoreError
    from simulator.ui.scripted import run_script, store_warnings

    def full_disk(self, *args):
        raise StoreError(self.path, "system", "No space left on device")

    monkeypatch.setattr(Store, "end_call", full_disk)
    session = Session(emotional, line_cut_off, "en")
    keeper = Keeper(Store(), session, "tester", ("emotional", "line_cut_off"), warn=store_warnings("en"))
    assert run_script(session, ["I'm so sorry."], as_json=True, console=Console(), keeper=keeper) == 0
    said = " ".join(capsys.readouterr().err.split())  # as one line, however the console wrapped it
    assert "No space left on device" in said and "free some disk space" in said
    assert "NOT saved" in said and said.endswith("how it ended (only on this screen)")
    assert keeper.unsaved().end and not keeper.unsaved().turns
    [stored] = stored_calls(home)
    assert texts(stored) == ["I'm so sorry."] and stored["ended"] is None
