"""`dcsim score`: real transcripts in, one scored line out per dialogue, streaming and in order."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from functools import partial

import pytest
from conftest import PATIENCE, dcsim_command

from simulator.cli.jsonlines import BATCH
from simulator.cli.score import stream
from simulator.datafile import packaged
from simulator.recognition.recogniser import recognise
from simulator.score.transcripts import analyse, parse, score_record


def chat(dialogue_id, *lines: str, lang: str | None = None) -> dict:
    """Customer and agent lines alternating, customer first."""
    roles = ["customer", "agent"]
    record = {"dialogue_id": dialogue_id, "turns": [{"role": roles[i % 2], "text": t} for i, t in enumerate(lines)]}
    if lang:
        record["lang"] = lang
    return record


def jsonl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def scored(records, **options) -> list[dict]:
    sink = io.StringIO()
    stream(io.StringIO(jsonl(records)), sink, **options)
    return [json.loads(line) for line in sink.getvalue().splitlines()]


GOOD_EN = chat("good-en", "My bill is wrong again!! This is ridiculous.",
               "I'm so sorry about this. I can see why you're upset. That was our mistake, and I'll see it through.",
               "OK. So what now?", "I'll refund the charge today and call you before 5pm.",
               "Great, that sorts it. Thank you!")
BAD_EN = chat("bad-en", "My bill is wrong again!! This is ridiculous.", "That's company policy.",
              "Are you serious? Useless!", "You must have typed it wrong.",
              "Unbelievable. I want to speak to your manager.")
GOOD_ZH = chat("good-zh", "账单又错了!!太过分了", "真对不起,给您添麻烦了,换了谁都会着急。这是我们的失误,我来负责。",
               "那现在怎么办?", "我马上为您办理退款,今天下午五点前给您回电。", "好的,问题解决了,谢谢!")
BAD_ZH = chat("bad-zh", "账单又错了!!太过分了", "公司规定就是这样。", "什么破服务,垃圾!", "是您自己没看清楚。",
              "呵呵,我要去12315投诉,还要曝光你们")


# --- the output contract ---------------------------------------------------------------------

def test_each_output_line_keeps_the_contract_in_input_order():
    out = scored([GOOD_EN, BAD_EN, GOOD_ZH, BAD_ZH])
    assert [o["dialogue_id"] for o in out] == ["good-en", "bad-en", "good-zh", "bad-zh"]
    for line in out:
        assert isinstance(line["score"], int) and 0 <= line["score"] <= 100
        assert isinstance(line["breakdown"], dict) and isinstance(line["steps"], dict)
        assert line["score"] == sum(item["points"] for item in line["breakdown"].values())
        assert set(line["steps"]) == {"apologise", "empathise", "own", "help"}
    assert [o["lang"] for o in out] == ["en", "en", "zh", "zh"]


def test_breakdown_items_point_at_the_lines_of_the_transcript():
    (line,) = scored([BAD_EN])
    assert line["breakdown"]["penalty:policy_wall"]["turns"] == [2]
    assert line["breakdown"]["penalty:blame_customer"]["turns"] == [4]
    assert line["breakdown"]["outcome"] == {"name": "outcome", "points": 0, "max": 20, "turns": [5],
                                            "note": "escalated"}


@pytest.mark.parametrize("good, bad", [(GOOD_EN, BAD_EN), (GOOD_ZH, BAD_ZH)])
def test_the_outcome_comes_from_where_the_customers_mood_ends(good, bad):
    happy, unhappy = scored([good, bad])
    assert happy["outcome"] == "satisfied" and unhappy["outcome"] in ("escalated", "exposure")
    assert happy["mood"]["end"] < happy["mood"]["start"] < unhappy["mood"]["end"]
    assert happy["score"] > unhappy["score"] + 40


def test_a_chat_full_of_apologies_that_leaves_the_customer_furious_scores_below_a_plain_helpful_one():
    sorry = chat("sorry", "Where is my refund? Still nothing after two weeks!!", "I'm so sorry.",
                 "That's not an answer. Useless!", "I do apologise, I'm so sorry.", "Pathetic. I'm done, I'm "
                 "cancelling my account.")
    helpful = chat("helpful", "Where is my refund? Still nothing after two weeks!!", "Which date was the payment "
                   "made?", "The 3rd of May.", "I'll refund the charge today.", "OK, thanks.")
    apologies, plain = scored([sorry, helpful])
    assert apologies["score"] < plain["score"]
    assert apologies["outcome"] == "hung_up"


def test_the_total_rises_with_how_satisfied_the_customer_was():
    """Hand-ranked tiers, least satisfied first, in both languages: every tier scores above the one before."""
    tiers = [
        [chat(1, "Your service is a joke!!", "Calm down, it happens all the time.",
              "How dare you. I'm reporting you to the ombudsman and posting this on Twitter."),
         chat(2, "我的网又断了!!", "这个我不清楚,您去问别人吧。", "什么态度!叫你们领导来!")],
        [chat(3, "My parcel still hasn't arrived.", "Sorry, we'll get back to you some other time.",
              "Whatever. Forget it."),
         chat(4, "我的快递怎么还没到?", "您的快递在路上了。", "哦。")],
        [chat(5, "My parcel still hasn't arrived.", "I'm sorry about the wait. Which order number is it?",
              "It's 5521.", "I'll send a replacement today.", "OK, thanks."),
         chat(6, "账单又错了!!", "真对不起,给您添麻烦了,换了谁都会着急。这是我们的失误,我来负责。",
              "那怎么办?", "我马上为您办理退款,今天下午五点前给您回电。", "太好了,解决了,谢谢你!")],
    ]
    totals = [[o["score"] for o in scored(tier)] for tier in tiers]
    for lower, higher in zip(totals, totals[1:]):
        assert max(lower) < min(higher), totals


def test_a_calm_customer_with_a_quick_answer_is_not_marked_down_for_missing_apologies():
    (line,) = scored([chat("q", "Hi, how do I change my billing address?", "I'll update it for you right now.",
                           "Perfect, thank you!")])
    assert line["steps"]["apologise"]["status"] == "not_needed"
    assert line["score"] >= 80


def test_bad_lines_get_an_error_in_their_place():
    sink = io.StringIO()
    source = io.StringIO(jsonl([GOOD_EN]) + "not json\n\n" + json.dumps({"dialogue_id": 9, "turns": "no"}) + "\n"
                         + json.dumps({"dialogue_id": 10, "turns": [{"role": "boss", "text": "hi"}]}) + "\n"
                         + jsonl([BAD_EN]))
    stream(source, sink)
    out = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert [o["dialogue_id"] for o in out] == ["good-en", None, None, 9, 10, "bad-en"]
    assert "not JSON" in out[1]["error"] and "empty line" in out[2]["error"]
    assert "'turns' must be a list" in out[3]["error"] and "role must be 'customer' or 'agent'" in out[4]["error"]
    assert out[1]["score"] is None and isinstance(out[5]["score"], int)


def test_common_role_names_and_utterance_lists_are_understood():
    record = {"dialogue_id": "x", "turns": [{"sender": "user", "utterances": ["My bill is wrong!!", "Fix it."]},
                                            {"role": "helpdesk", "text": "I'll refund the charge today."},
                                            {"role": "客户", "text": "Thanks, great."}]}
    line = score_record(record)
    assert line["steps"]["help"]["turn"] == 2 and line["outcome"] == "satisfied"


def test_detail_adds_each_lines_moves_and_cues():
    (line,) = scored([GOOD_EN], detail=True)
    assert line["turns"][0]["role"] == "customer" and line["turns"][0]["cues"]
    assert [m["name"] for m in line["turns"][1]["moves"]] == ["apologise", "empathise", "own"]


def test_the_agent_is_heard_with_the_customers_previous_line_as_context():
    heard = []

    def spy(text, lang=None, context=None):
        heard.append(context)
        return recognise(text, lang=lang, semantic=False)

    analyse(parse(chat("c", "Where is my refund?", "Let me check.", "Still waiting!!", "Done.")), recogniser=spy)
    assert heard == [["Where is my refund?"], ["Still waiting!!"]]


def test_a_coach_weights_file_changes_the_scores(tmp_path):
    import yaml
    
    from simulator.score.scoring import Weights

    data = yaml.safe_load(packaged("coaching", "scoring.yaml").read_text("utf-8"))
    data["penalties"]["moves"]["policy_wall"] = 30
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    default, strict = scored([BAD_EN]), scored([BAD_EN], weights=Weights.load(path))
    assert strict[0]["breakdown"]["penalty:policy_wall"]["points"] == -30
    assert strict[0]["score"] <= default[0]["score"]


# --- streaming 10,000 dialogues --------------------------------------------------------------

class Counting(io.StringIO):
    """A sink that counts the lines written to it."""

    lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return super().write(text)


def test_ten_thousand_dialogues_stream_through_in_order():
    """Results are written a batch at a time, never more than a batch read ahead: nothing piles up in memory."""
    count = 10_000
    sink = Counting()
    lines = [json.dumps(chat(0, "Still broken!!" if i % 2 else "账单不对!!", "I'm sorry." if i % 2 else "对不起。",
                             "OK thanks." if i % 3 else "垃圾"), ensure_ascii=False) for i in range(6)]

    def source():
        for i in range(count):
            assert i - BATCH <= sink.lines <= i, "more than a batch was read before writing"
            yield lines[i % 6].replace('"dialogue_id": 0', f'"dialogue_id": {i}', 1) + "\n"

    written = stream(source(), sink, semantic=False)
    ids = [json.loads(line)["dialogue_id"] for line in sink.getvalue().splitlines()]
    assert written == count and ids == list(range(count))


# --- on the command line ---------------------------------------------------------------------

def test_python_m_simulator_score_jsonl_reads_stdin_and_writes_stdout(run):
    done = run("score", "--jsonl", stdin=jsonl([GOOD_ZH, BAD_EN]))
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["dialogue_id"] for line in done.stdout.splitlines()] == ["good-zh", "bad-en"]
    assert done.stderr == ""            # piped: no progress bar


def test_python_m_simulator_score_jsonl(home):
    done = subprocess.run([sys.executable, "-m", "simulator", "score", "--jsonl"], input=jsonl([GOOD_EN]),
                          capture_output=True, text=True, timeout=PATIENCE, env={**os.environ, "DCSIM_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dialogue_id"] == "good-en"


def test_dcsim_score_file_to_an_output_file(run, tmp_path):
    source = tmp_path / "day.jsonl"
    source.write_text(jsonl([GOOD_EN, BAD_ZH]), encoding="utf-8")
    done = run("score", str(source), "-o", str(tmp_path / "scores.jsonl"))
    assert done.returncode == 0 and done.stdout == ""
    out = [json.loads(line) for line in (tmp_path / "scores.jsonl").read_text("utf-8").splitlines()]
    assert [o["dialogue_id"] for o in out] == ["good-en", "bad-zh"]


def test_a_progress_bar_shows_on_a_terminal_only(tmp_path, home):
    source, results = tmp_path / "day.jsonl", tmp_path / "scores.jsonl"
    source.write_text(jsonl([GOOD_EN, BAD_EN] * 10), encoding="utf-8")
    main, child = pty.openpty()
    with results.open("wb") as stdout:
        process = subprocess.Popen([*dcsim_command(), "score", str(source)], stdout=stdout, stderr=child,
                                   stdin=subprocess.DEVNULL,
                                   env={**os.environ, "DCSIM_HOME": str(home), "COLUMNS": "100", "TERM": "xterm"})
    os.close(child)
    shown, deadline = b"", time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:          # the terminal closed: the process has exited
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(main)
    assert process.wait(timeout=PATIENCE) == 0
    assert b"scoring" in shown and b"20/20" in shown
    lines = results.read_text("utf-8").splitlines()
    assert len(lines) == 20 and all(line.startswith("{") for line in lines)


def test_debrief_of_one_dialogue(run, tmp_path):
    source = tmp_path / "day.jsonl"
    source.write_text(jsonl([GOOD_EN, BAD_ZH]), encoding="utf-8")
    done = run("score", str(source), "--debrief", "--dialogue", "bad-zh")
    assert done.returncode == 0, done.stderr
    assert "对话 bad-zh" in done.stdout and "根据客户的话估算" in done.stdout and "good-en" not in done.stdout
    missing = run("score", str(source), "--debrief", "--dialogue", "nope")
    assert missing.returncode == 1 and "no dialogue" in missing.stderr


def test_export_of_one_dialogue(run, tmp_path):
    source = tmp_path / "day.jsonl"
    source.write_text(jsonl([GOOD_EN, BAD_EN]), encoding="utf-8")
    done = run("score", str(source), "--dialogue", "bad-en", "--export", str(tmp_path / "bad.json"))
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "bad.json").read_text("utf-8"))
    assert data["dialogue_id"] == "bad-en" and data["kind"] == "transcript" and data["mood_estimated"] is True
    assert data["improvements"][0]["said"]


def test_the_recogniser_layer_is_chosen_per_run():
    rules = partial(recognise, semantic=False)
    assert score_record(GOOD_EN, recogniser=rules)["score"] == scored([GOOD_EN])[0]["score"]


# --- malformed input never stops the stream ----------------------------------------------------

#: One broken line of each kind a real export produces, each with the words its error must contain.
MALFORMED: list[tuple[bytes, str]] = [
    (b"{bad json", "not JSON"),
    (b"\x00\x01\xff\xfe\x80 binary", "not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"[1, 2, 3]", "must be a JSON object"),
    (json.dumps({"dialogue_id": "no-turns"}).encode(), "'turns' must be a list"),
    (json.dumps({"dialogue_id": "none", "turns": []}).encode(), "'turns' is empty"),
    (json.dumps({"dialogue_id": "robot", "turns": [{"role": "robot", "text": "hi"}]}).encode(),
     "role must be 'customer' or 'agent', not 'robot'"),
    (json.dumps({"dialogue_id": "blank", "turns": [{"role": "customer", "text": ""},
                                                   {"role": "agent", "text": "  "}]}).encode(), "empty"),
    (json.dumps({"dialogue_id": "silent-agent", "turns": [{"role": "customer", "text": "Hello?"}]}).encode(),
     "no agent line"),
    (json.dumps({"dialogue_id": "number", "turns": [{"role": "agent", "text": 42}]}).encode(), "must be a string"),
]


def test_a_very_long_turn_is_scored_not_refused():
    """A pasted log in one turn is rare but real; the dialogue still gets its score."""
    line = score_record({"dialogue_id": "long", "turns": [{"role": "customer", "text": "angry! " * 10_000},
                                                          {"role": "agent", "text": "I'm so sorry."}]})
    assert isinstance(line["score"], int) and line["steps"]["apologise"]["turn"] == 2


def test_every_kind_of_malformed_line_gets_an_error_in_its_place_and_the_stream_goes_on(run, tmp_path):
    good = jsonl([GOOD_EN]).encode()
    source = tmp_path / "broken.jsonl"
    source.write_bytes(good + b"".join(line + b"\n" + good for line, _ in MALFORMED))
    done = run("score", str(source), "--detail")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 1 + 2 * len(MALFORMED)
    for (_, words), answer in zip(MALFORMED, out[1::2]):
        assert answer["score"] is None and words in answer["error"], answer
    assert all(o["dialogue_id"] == "good-en" and o["score"] is not None for o in out[0::2])


def test_broken_unicode_in_a_transcript_is_echoed_as_a_replacement_character(run):
    record = '{"dialogue_id": "\\ud800", "turns": [{"role": "customer", "text": "it broke \\udfff"}, ' \
             '{"role": "agent", "text": "I\'ll send a new one today."}]}\n'
    done = run("score", "--jsonl", "--detail", stdin=record)
    assert done.returncode == 0, done.stderr
    (line,) = [json.loads(text) for text in done.stdout.splitlines()]
    assert line["dialogue_id"] == "\ufffd" and line["turns"][0]["text"] == "it broke \ufffd"


def test_a_dialogue_id_that_looks_like_markup_is_shown_as_written(run, tmp_path):
    record = chat("[/x] [bold]", "It broke.", "[red]Sorry[/], I'll send a new one today.", "Thanks!")
    source = tmp_path / "markup.jsonl"
    source.write_text(jsonl([record, {"dialogue_id": "[/y]", "turns": "no"}]), encoding="utf-8")
    done = run("score", str(source), "--debrief")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "dialogue [/x] [bold]" in done.stdout and "[red]Sorry[/]" in done.stdout
    assert "skipped: [/y]" in done.stderr


# --- what real helpdesk threads look like ------------------------------------------------------

#: Short support threads as they come from Twitter and web chat, each ending the way real
#: customers end them: fixed and thankful, or still broken and fed up.
HAPPY_THREADS = [
    chat("tw-ok-1", "@AppleSupport my iphone keeps restarting after the update", "We'd like to help. Which iOS "
         "version are you on?", "13.1.2", "Thanks. I'll walk you through a force restart now.", "that did the trick!"),
    chat("tw-ok-2", "my playlist disappeared", "Sorry to hear that! I'll restore it for you right now.",
         "got it back, you guys rock"),
    chat("zh-ok-1", "请问怎么修改收货地址", "您好,我现在就帮您改,稍等。", "好的,改好了,非常满意"),
    chat("zh-ok-2", "退款怎么还没到账?", "非常抱歉让您久等了,我马上帮您加急处理,今天到账。", "到账了,谢谢"),
]
UNHAPPY_THREADS = [
    chat("tw-bad-1", "internet down AGAIN for the third time this week", "I'm sorry to hear that. I'm so sorry.",
         "still down. this is useless", "We apologise for the inconvenience.", "Nope, same problem. What a waste of time."),
    chat("tw-bad-2", "my order never arrived", "Please DM us your order number.", "I did. That didn't help.",
         "Please DM us your order number.", "great, another week without my order"),
    chat("zh-bad-1", "手机用了一周就坏了", "不好意思。", "光说不好意思有什么用", "不好意思。", "还是不行,你这等于没说"),
    chat("zh-bad-2", "网又断了,这周第三次了!!", "非常抱歉,我非常理解您的心情。", "那你们赶紧修啊",
         "真的很抱歉,给您带来不便了。", "算了,不指望你们了"),
]


def test_threads_that_end_fixed_score_above_threads_that_end_still_broken_in_both_languages():
    happy, unhappy = scored(HAPPY_THREADS), scored(UNHAPPY_THREADS)
    assert all(line["outcome"] == "satisfied" for line in happy), [(h["dialogue_id"], h["outcome"]) for h in happy]
    assert all(line["outcome"] != "satisfied" for line in unhappy)
    assert max(h["mood"]["end"] for h in happy) < min(u["mood"]["end"] for u in unhappy)
    assert min(h["score"] for h in happy) > max(u["score"] for u in unhappy) + 15, \
        ([h["score"] for h in happy], [u["score"] for u in unhappy])


def test_apologies_with_nothing_done_earn_no_order_points_in_a_real_thread():
    (line,) = scored([UNHAPPY_THREADS[0]])
    assert line["breakdown"]["order:feelings_first"]["points"] == 0
    assert line["breakdown"]["step:apologise"]["points"] == 8
    assert line["score"] < 40


# --- a real transcript never drives the coach's terminal -----------------------------------------

#: What a hostile or broken export can carry: clear screen, clipboard write (OSC 52), a hidden
#: link (OSC 8), an 8-bit CSI, a bell, a backspace.
ESCAPES = ["\x1b[2J\x1b[H", "\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
           "\x9b2J", "\x07\x08"]
HOSTILE = chat("evil\x1b[2J" + "".join(ESCAPES), "It broke " + ESCAPES[0] + "again!!",
               "I'm so sorry " + ESCAPES[1] + ESCAPES[2] + ", I'll fix it today.", "OK " + ESCAPES[3] + ESCAPES[4], lang="en")


def no_control_sequences(shown: str) -> None:
    for sequence in ("\x1b[2J", "\x1b]52", "\x1b]8;;https", "\x9b", "\x07", "\x08"):
        assert sequence not in shown, repr(sequence)


def test_a_debrief_shows_transcript_text_without_its_escape_sequences():
    from rich.console import Console

    from simulator.ui.debrief_view import DebriefView

    console = Console(file=io.StringIO(), width=120, color_system="standard", force_terminal=True)
    console.print(DebriefView(analyse(parse(HOSTILE)).debrief()))
    shown = console.file.getvalue()
    no_control_sequences(shown)
    assert "I'm so sorry" in shown and "dialogue evil[2J" in shown


def test_dcsim_score_debrief_sends_no_escape_sequence_to_the_terminal(run, tmp_path):
    source = tmp_path / "hostile.jsonl"
    source.write_text(jsonl([HOSTILE, {"dialogue_id": "bad\x1b]52;c;eA==\x07", "turns": "no"}]), encoding="utf-8")
    done = run("score", str(source), "--debrief")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    no_control_sequences(done.stdout + done.stderr)
    assert "\x1b" not in done.stdout + done.stderr
    assert "I'm so sorry" in done.stdout and "skipped: bad]52;c;eA==" in done.stderr


def test_the_moves_table_shows_the_utterance_without_its_escape_sequences():
    from rich.console import Console

    from simulator.cli.moves import table

    console = Console(file=io.StringIO(), width=120, color_system="standard", force_terminal=True)
    table("I'm so sorry " + "".join(ESCAPES), "en", console, semantic=False)
    no_control_sequences(console.file.getvalue())
    assert "apologise" in console.file.getvalue()
