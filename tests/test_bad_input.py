"""Bad input never crashes a call or loses its record; a bad persona file gets a located, readable error."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from samples import TINY_PERSONA, write
from simulator.render import LABELS, Exchange
from simulator.session import Session

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
    assert f"{LABELS[lang]['customer']}: {turn.reply}" in shown(turn, stubborn, lang)


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
    assert f"{path}:{line}: " in done.stderr
    assert "fix:" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("name", BROKEN_PERSONAS)
def test_dcsim_play_with_a_broken_persona_names_the_file_and_line(run, tmp_path, name):
    path, line = persona_file(tmp_path, name)
    done = run("play", "--persona", path, "--script", "-", cwd=tmp_path, stdin="I'm so sorry.\n")
    assert done.returncode == 2
    assert f"error: {path}:{line}: " in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


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
