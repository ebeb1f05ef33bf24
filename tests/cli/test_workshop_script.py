"""`dcsim workshop --script FILE --json`: a rehearsal played from a file, in a subprocess."""

import json

import pytest

from calls import BLAME, FOUR_STEPS, POLICY


def rehearsal(lang: str) -> list[str]:
    """Three trainees; Bo hides behind policy, is rewound and tries again; the room votes on the offer."""
    steps = FOUR_STEPS[lang]
    return ["# a rehearsal: comments and blank lines are skipped", "",
            f"Ana: {steps['apologise']}", f"Bo: {POLICY[lang]}", "/rewind 1", f"Bo: {steps['empathise']}",
            "/pause", f"Chen: {BLAME[lang]}", "/resume", f"Chen: {steps['own']}",
            "/vote", f"Ana: {steps['help']}", f"Bo: {POLICY[lang]}", "/pick 1", "/end", "Ana: never heard"]


def workshop_json(run, tmp_path, lang: str, lines: list[str], *extra: str):
    script = tmp_path / "workshop.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("workshop", "--trainees", "Ana,Bo,Chen", "--lang", lang, "--script", str(script), "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_scripted_workshop_keeps_three_trainees_and_the_rewound_branch(run, tmp_path, lang):
    record, stderr = workshop_json(run, tmp_path, lang, rehearsal(lang))
    turns = record["turns"]
    assert [(t["trainee"], t.get("rewound", False)) for t in turns] == [
        ("Ana", False), ("Bo", True), ("Bo", False), ("Chen", False), ("Ana", False)]
    assert turns[1]["moves"] == ["policy_wall"] and turns[1]["index"] == turns[2]["index"] == 2
    assert all({"moves", "mood_after", "state", "reply"} <= set(t) for t in turns)
    assert [p["trainee"] for p in turns[-1]["proposals"]] == ["Ana", "Bo"]
    assert record["outcome"] == "satisfied" and isinstance(record["score"], int)
    board = {entry["trainee"]: entry for entry in record["scoreboard"]}
    assert list(board) == ["Ana", "Bo", "Chen"]
    assert board["Bo"]["rewound"] == 1 and board["Bo"]["steps"]["empathise"] == [2]
    assert board["Ana"]["steps"]["apologise"] == [1] and board["Ana"]["steps"]["help"] == [4]
    assert "line 8" in stderr and "paused" in stderr  # Chen's line while paused was refused, and said so


def test_the_plain_scoreboard_compares_the_trainees(run, tmp_path):
    script = tmp_path / "workshop.txt"
    script.write_text("\n".join(rehearsal("en")) + "\n", encoding="utf-8")
    done = run("workshop", "--trainees", "Ana,Bo,Chen", "--lang", "en", "--script", str(script))
    assert done.returncode == 0, done.stderr
    assert "Scoreboard · Score:" in done.stdout and "Turn by turn" in done.stdout
    assert "↶ 2 (rewound)" in done.stdout and "✘ policy wall" in done.stdout


@pytest.mark.parametrize("trainees", ["", "Ana,ana"])
def test_a_room_without_distinct_names_is_a_plain_error(run, trainees):
    done = run("workshop", "--trainees", trainees, "--script", "-", stdin="")
    assert done.returncode == 2 and "error:" in done.stderr and "Traceback" not in done.stderr


def test_the_help_documents_the_script_format(run):
    done = run("workshop", "--help")
    assert "/rewind N" in done.stdout and "Ana: I'm so sorry." in done.stdout


@pytest.mark.parametrize("command", ["workshop", "play"])
def test_the_projector_screen_is_exported_at_the_size_asked(run, tmp_path, command):
    script = tmp_path / "lines.txt"
    script.write_text(f"{FOUR_STEPS['zh']['apologise']}\n", encoding="utf-8")
    svg = tmp_path / "screen.svg"
    room = ["--trainees", "Ana,Bo,Chen"] if command == "workshop" else []
    done = run(command, *room, "--lang", "zh", "--script", str(script), "--projector", "--size", "200x60",
               "--export", str(svg))
    assert done.returncode == 0, done.stderr
    text = svg.read_text(encoding="utf-8")
    assert "✔&#160;道歉&#160;#1" in text and "怒气" in text
    assert text.count('<clipPath id="terminal-') >= 60  # one per row of the 200×60 screen


@pytest.mark.parametrize("extra, problem", [(["--size", "80by24"], "COLSxROWS"),
                                            (["--export", "screen.png"], ".svg")])
def test_a_bad_size_or_export_name_is_a_plain_error(run, extra, problem):
    done = run("workshop", "--trainees", "Ana", "--projector", "--script", "-", *extra, stdin="")
    assert done.returncode == 2 and problem in done.stderr and "Traceback" not in done.stderr


def test_each_trainees_turns_go_to_their_own_history(run, tmp_path):
    """Each trainee's call holds their replies, numbered 1, 2… as their own, and says it was a workshop's."""
    record, _ = workshop_json(run, tmp_path, "en", rehearsal("en"))
    done = run("history", "--json")
    assert done.returncode == 0, done.stderr
    calls = {call["trainee"]: call for call in json.loads(done.stdout)}
    assert sorted(calls) == ["Ana", "Bo", "Chen"]
    assert [t["index"] for t in calls["Ana"]["turns"]] == [1, 2]  # turns 1 and 4 of the workshop
    assert [t["text"] for t in calls["Ana"]["turns"]] == [FOUR_STEPS["en"]["apologise"], FOUR_STEPS["en"]["help"]]
    assert [t["moves"] for t in calls["Bo"]["turns"]] == [["empathise"]]  # Bo's second try replaced the first
    for trainee, call in calls.items():  # each stored score is that of the trainee's own replies, as `show` gives it
        exported = tmp_path / f"{trainee}.json"
        assert run("show", str(call["id"]), "--export", str(exported)).returncode == 0
        assert call["score"] == json.loads(exported.read_text(encoding="utf-8"))["score"]
    assert len({call["score"] for call in calls.values()}) > 1  # Chen blamed the customer once; Ana did not
    assert {call["workshop"] for call in calls.values()} == {"Ana, Bo, Chen"}
    shown = run("show", str(calls["Ana"]["id"]))
    assert "A workshop with Ana, Bo, Chen: Ana's replies only" in shown.stdout
    assert shown.stdout.count("You: ") == 2
    assert "workshop" in run("history", "--lang", "en").stdout


def test_a_workshop_trainees_call_is_not_resumed_alone(run, tmp_path):
    """Resumed alone, Ana's call would go on without the others' turns: a customer the room never met."""
    lines = [f"Ana: {FOUR_STEPS['en']['apologise']}", f"Bo: {POLICY['en']}"]  # no /end: cut off, as if killed
    record, _ = workshop_json(run, tmp_path, "en", lines)
    ana = next(call for call in json.loads(run("history", "--json").stdout) if call["trainee"] == "Ana")
    done = run("resume", str(ana["id"]), "--script", "-", stdin=FOUR_STEPS["en"]["empathise"] + "\n")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    said = " ".join(done.stderr.split())
    assert "part of a workshop (Ana, Bo, Chen)" in said
    assert f"dcsim workshop --trainees Ana,Bo,Chen --persona emotional --scenario line_cut_off --lang en " \
           f"--seed {record['seed']}" in said
    [row] = [line for line in run("history", "--lang", "en").stdout.splitlines() if " Ana " in line]
    assert "workshop" in row and "unfinished" in row and "↺" not in row  # not offered to `dcsim resume`


def test_each_workshop_meets_a_new_customer_and_its_seed_replays_it(run, tmp_path, home):
    """Like `play`: a new seed each time unless `--seed N`; the seed is printed and kept, to replay a session."""
    lines = [f"Ana: {FOUR_STEPS['en']['apologise']}", f"Bo: {POLICY['en']}", f"Chen: {FOUR_STEPS['en']['empathise']}"]
    records = [workshop_json(run, tmp_path, "en", lines)[0] for _ in range(3)]
    seeds = [record["seed"] for record in records]
    assert len(set(seeds)) > 1  # three equal seeds out of a million: once in 10^12 runs
    again, _ = workshop_json(run, tmp_path, "en", lines, "--seed", str(seeds[0]))
    assert again["seed"] == seeds[0] and again["turns"] == records[0]["turns"]
    assert again["opening"] == records[0]["opening"]
    stored = json.loads(run("history", "--json").stdout)
    assert sorted({call["seed"] for call in stored}) == sorted(set(seeds))  # each trainee's call keeps it
    shown = run("workshop", "--trainees", "Ana,Bo", "--lang", "zh", "--seed", "41", "--script", "-", stdin="/end\n")
    assert "再练同一位客户:--seed 41" in shown.stdout
