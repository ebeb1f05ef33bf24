"""Bad input never crashes a call or loses its record; a bad persona file gets a located, readable error."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from samples import TINY_PERSONA, line_of, write
from simulator.engine.session import Session
from simulator.ui import labels
from simulator.ui.render import Exchange

GARBAGE = bytes(b for b in range(256) if b not in b"\r\n")  # every byte but line ends

#: What trainees paste, mistype or send by accident.
BAD_UTTERANCES = {
    "empty": "",
    "blank": "   \t  ",
    "100 KB of English": "I'm so sorry about this. " * 4100,
    "100 KB of Chinese": "非常抱歉给您添麻烦了。" * 3100,
    "binary, as a terminal decodes it": GARBAGE.decode("utf-8", "surrogateescape"),
    "binary, as a file reader decodes it": GARBAGE.decode("utf-8", "replace"),
    "lone surrogates": "\ud800 sorry \udfff",
    "control characters": "sorry\x00\x07\x08\x1b[2J\x1b]0;pwned\x07\x7f\x9b",
    "emoji": "😡😡 I'm so sorry 🙏 we'll fix it 👍🏽👨‍👩‍👧",
    "mixed languages": "亲 sorry 这个我马上处理, I understand how you feel",
    "markup and templates": "[bold red]sorry[/] [/x] {demand} {} %s {{",
    "other scripts": "ٱلسلام عليكم Z̷̢͠a̸l̵g̶o ﷽",
}


def transcript_safe(record: dict) -> bool:
    """What the transcript writer does with a turn: JSON, then UTF-8 on disk."""
    return bool(json.dumps(record, ensure_ascii=False).encode("utf-8"))


def shown(turn, persona, lang) -> str:
    console = Console(file=io.StringIO(), width=400)
    console.print(Exchange(turn, persona, lang))
    return console.file.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", BAD_UTTERANCES)
def test_a_bad_utterance_is_one_more_turn(stubborn, line_cut_off, name, lang):
    call = Session(stubborn, line_cut_off, lang)
    turn = call.respond(BAD_UTTERANCES[name])
    assert call.turns == [turn] and turn.reply
    assert transcript_safe(turn.to_dict())
    assert "\x1b" not in turn.text and not any(0xD800 <= ord(c) <= 0xDFFF for c in turn.text)
    assert f"{labels.word('customer', lang)}: {turn.reply}" in shown(turn, stubborn, lang)


def test_undecodable_bytes_become_replacement_characters_and_the_rest_is_heard(emotional, line_cut_off):
    turn = Session(emotional, line_cut_off, "en").respond("I'm so sorry \udcff\udcfe about that")
    assert turn.text == "I'm so sorry \ufffd\ufffd about that"
    assert turn.move_names == ["apologise"]


def test_a_long_paste_is_heard_and_kept_whole(emotional, line_cut_off):
    text = BAD_UTTERANCES["100 KB of English"]
    turn = Session(emotional, line_cut_off, "en").respond(text)
    assert turn.text == text
    assert "apologise" in turn.move_names


PASTES = st.lists(st.one_of(st.text(), st.sampled_from(["\udcff", "\ud800", "\x1b[2J", "\x00", "\r", "对不起", "sorry"])),
                  max_size=8).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=PASTES, lang=st.sampled_from(["en", "zh"]))
def test_any_text_at_all_gives_a_turn_that_can_be_saved(emotional, line_cut_off, text, lang):
    turn = Session(emotional, line_cut_off, lang).respond(text)
    assert turn.index == 1 and transcript_safe(turn.to_dict())


def test_a_script_of_bad_input_plays_to_the_end(run, tmp_path):
    lines = [u for u in BAD_UTTERANCES.values() if "\n" not in u and u.strip()]
    script = b""
    for line in lines:  # each bad line is followed by an apology, so the customer stays on the line
        script += line.encode("utf-8", "surrogatepass") + b"\nI'm so sorry.\n"
    script += b"sorry \xff\xfe\xc0 invalid UTF-8\n"
    write(tmp_path, "script.txt", script)
    done = run("play", "--persona", "emotional", "--lang", "en", "--script", "script.txt", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    call = json.loads(done.stdout)
    assert call["outcome"] is None, "the customer should still be on the line"
    assert len(call["turns"]) == 2 * len(lines) + 1
    assert call["turns"][-1]["text"] == "sorry \ufffd\ufffd\ufffd invalid UTF-8"


@pytest.mark.parametrize("how", [("--script", "-"), ()])
def test_invalid_utf8_on_stdin_is_replaced_not_fatal(run, how):
    strict_utf8 = {"PYTHONIOENCODING": "utf-8"}  # as in a UTF-8 locale, where stdin is strict by default
    done = run("play", "--lang", "en", *how, stdin=b"I'm so sorry \xff\xfe.\n\x1b[2J\x00\n", env=strict_utf8)
    assert done.returncode == 0, done.stderr
    assert "I'm so sorry \ufffd\ufffd." in done.stdout
    assert "Traceback" not in done.stderr


# Persona files a coach got wrong: the error names the file and the line, never a traceback.

def broken(old: str, new: str) -> tuple[str, int]:
    """TINY_PERSONA with one edit, and the line the error should name: the last line of the edit."""
    at = TINY_PERSONA.index(old)
    return TINY_PERSONA.replace(old, new, 1), TINY_PERSONA.count("\n", 0, at) + new.rstrip("\n").count("\n") + 1


BROKEN_PERSONAS = {
    "bad indentation": broken("    final: true\n    outcome: satisfied", "    final: true\n      outcome: satisfied"),
    "unknown key": broken("    outcome: escalated\n", "    outcome: escalated\n    colour: red\n"),
    "transition to a missing state": broken("{to: escalated,", "{to: escalted,"),
    "misspelt move": broken("any: [apologise]", "any: [apologize]"),
    "two initial states": broken("  escalated:\n", "  escalated:\n    initial: true\n"),
    "template field scenarios lack": broken("Well? {problem}!", "Well? {refund_amount}!"),
    "tab indentation": broken("  start: 60", "\tstart: 60"),
    "duplicate key": broken("  idle: 5\n", "  idle: 5\n  idle: 10\n"),
    "duplicate state": broken("  escalated:\n    final: true\n    outcome: escalated\n",
                              "  escalated:\n    final: true\n    outcome: escalated\n    lines: {en: [Bye.], zh: [再见。]}\n"
                              "  escalated:\n"),
    "missing en lines": (TINY_PERSONA.replace('      en: ["I want you to {demand}.", "Well? {problem}!"]\n', "", 1),
                         line_of(TINY_PERSONA, "    lines:")),
    "wrong type": broken("  start: 60", "  start: sixty"),
    "not YAML at all": ("<html><body>A customer who shouts</body></html>\n<p>{{{[[[</p>\n", 1),
    "prose, not a persona": ("Notes: a customer who shouts a lot.\nThey want a refund\n", 2),
    "a list, not a persona": ("- emotional\n- stubborn\n", 1),
    "GBK, not UTF-8": (TINY_PERSONA.encode("gb18030"), TINY_PERSONA.count("\n", 0, TINY_PERSONA.index("小客户")) + 1),
    "UTF-16, not UTF-8": (TINY_PERSONA.encode("utf-16"), 1),
    "empty file": ("", 1),
    "binary garbage": (b"id: broken\nname:\n  en: " + GARBAGE * 4, 3),
}


def persona_file(tmp_path, name: str) -> tuple[str, int]:
    """Write the broken persona; return its file name and the line the error must name."""
    content, line = BROKEN_PERSONAS[name]
    write(tmp_path, "broken.yaml", content)
    return "broken.yaml", line


@pytest.mark.parametrize("name", BROKEN_PERSONAS)
def test_dcsim_check_names_the_file_and_line(run, tmp_path, name):
    path, line = persona_file(tmp_path, name)
    done = run("check", path, cwd=tmp_path)
    assert done.returncode == 1
    assert f"{path}:{line}:" in done.stderr
    assert "fix:" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("name", BROKEN_PERSONAS)
def test_dcsim_play_with_a_broken_persona_names_the_file_and_line(run, tmp_path, name):
    path, line = persona_file(tmp_path, name)
    done = run("play", "--persona", path, "--script", "-", cwd=tmp_path, stdin="I'm so sorry.\n")
    assert done.returncode == 2
    assert f"error: {path}:{line}:" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


#: What each error must say, in words a coach understands, for the cases most easily misread.
PLAIN_WORDS = {
    "tab indentation": ("a tab", "replace the tab with spaces"),
    "duplicate key": ("`idle` appears twice in mood", "keep one of them"),
    "duplicate state": ("`escalated` appears twice in states", "keep one of them"),
    "missing en lines": ("states/waiting/lines has no `en`", "add the key(s) 'en'"),
    "wrong type": ("mood/start is 'sixty', which is not a whole number", "write a whole number"),
    "a list, not a persona": ("this is not a persona file", "start from an existing file"),
    "GBK, not UTF-8": ("looks like GBK", "save it as UTF-8"),
    "UTF-16, not UTF-8": ("looks like UTF-16", "save it as UTF-8"),
}


@pytest.mark.parametrize("name", PLAIN_WORDS)
def test_the_error_says_what_is_wrong_and_how_to_fix_it(run, tmp_path, name):
    path, _ = persona_file(tmp_path, name)
    reason, fix = PLAIN_WORDS[name]
    done = run("check", path, cwd=tmp_path)
    said = " ".join(done.stderr.split())  # the console wraps long lines
    assert reason in said and f"fix: {fix}" in said


def test_dcsim_check_of_a_file_that_is_not_there(run, tmp_path):
    done = run("check", "missing.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing.yaml: cannot read the file" in done.stderr
    assert "Traceback" not in done.stderr


def test_dcsim_check_passes_a_good_file(run, tmp_path):
    write(tmp_path, "tiny.yaml", TINY_PERSONA)
    done = run("check", "tiny.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ok" in done.stderr and "tiny.yaml" in done.stderr


def test_play_with_a_persona_file_that_is_not_there_says_so(run, tmp_path):
    done = run("play", "--persona", "mine/angry.yaml", "--script", "-", cwd=tmp_path)
    assert done.returncode == 2
    assert "no persona file 'mine/angry.yaml': no such file" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr


def test_check_of_a_folder_checks_every_yaml_file_in_it(run, tmp_path):
    write(tmp_path, "good.yaml", TINY_PERSONA)
    write(tmp_path, "bad.yaml", BROKEN_PERSONAS["duplicate key"][0])
    write(tmp_path, "notes.txt", "not a persona")
    done = run("check", str(tmp_path))
    assert done.returncode == 1
    assert "ok    " in done.stderr and "good.yaml" in done.stderr
    assert "bad.yaml:" in done.stderr and "notes.txt" not in done.stderr
