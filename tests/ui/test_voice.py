"""`--voice`: the customer's lines go to an offline synthesiser in the background, or nowhere."""

import shutil
import stat

import pytest
from conftest import PATIENCE

from simulator.ui.voice import Voice


@pytest.fixture
def fake_espeak(tmp_path, monkeypatch):
    """An `espeak-ng` on PATH that writes down the arguments it was given."""
    said = tmp_path / "said.txt"
    program = tmp_path / "bin" / "espeak-ng"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> "{said}"\necho >> "{said}"\n', encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(program.parent))
    return said


@pytest.mark.parametrize("lang, voice", [("zh", "cmn"), ("en", "en")])
def test_each_line_is_spoken_in_the_calls_language(fake_espeak, lang, voice):
    speaker = Voice(lang)
    speaker.say("-- a line that starts like an option")
    speaker.speaking.wait(timeout=PATIENCE)  # the test waits; the call never does
    assert fake_espeak.read_text(encoding="utf-8") == f"-v|{voice}|--|-- a line that starts like an option|\n"


def test_without_a_synthesiser_the_voice_is_silently_off(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    speaker = Voice("en")
    assert speaker.command("hello") is None
    speaker.say("hello")
    assert speaker.speaking is None


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_the_real_synthesiser_takes_the_command(tmp_path):
    command = Voice("zh").command("您好")
    assert command[0].endswith("espeak-ng") and command[1:3] == ["-v", "cmn"]
