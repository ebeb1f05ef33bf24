"""The real `dcsim play` in a real terminal: tmux types the keys and reads the screen back."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import time
import uuid

import pytest

from calls import FOUR_STEPS
from conftest import dcsim_command

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

EXIT_MARK = "[dcsim exited: "
PATIENCE = 30  # seconds to wait for the screen before giving up (a guard, not a measurement)


class Terminal:
    """A 120×40 tmux window on a private server, running one command.

    A shell around the command reports its exit status on screen: tmux's own
    `pane_dead_status` is sometimes never filled in (a child that imports scikit-learn
    is left a zombie tmux does not reap), whereas the shell always reaps it.
    """

    def __init__(self, command: list[str], env: dict[str, str]):
        self.server = f"dcsim-test-{uuid.uuid4().hex[:12]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        wrapped = f"env {exports} {shlex.join(command)}; echo \"{EXIT_MARK}$?]\""
        self.tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "call",
                  shlex.join(["sh", "-c", wrapped]), ";", "set-option", "-t", "call", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.server, *args], check=True, capture_output=True,
                              text=True, timeout=PATIENCE).stdout

    def screen(self, history: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", "call", *(["-S", "-"] if history else []))

    def type(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "call", *keys)

    def wait_for(self, check, what: str, history: bool = False) -> str:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            text = self.screen(history)
            if check(text):
                return text
            time.sleep(0.1)
        pytest.fail(f"the screen never showed {what}:\n{self.screen(history=True)}")

    def exited(self) -> int:
        """Wait for the program to end; its exit status."""
        screen = self.wait_for(lambda s: EXIT_MARK in s, "the program ending", history=True)
        return int(screen.rsplit(EXIT_MARK, 1)[1].split("]", 1)[0])

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True, timeout=PATIENCE)


@pytest.fixture
def terminal(home):
    term = Terminal([*dcsim_command(), "play", "--lang", "en"], {"DCSIM_HOME": str(home)})
    yield term
    term.close()


def prompt_ready(screen: str) -> bool:
    """The last `You>` line on screen is empty: the call waits for the trainee."""
    prompts = [line for line in screen.splitlines() if line.startswith("You>")]
    return bool(prompts) and prompts[-1].strip() == "You>"


def say(terminal: Terminal, text: str) -> str:
    before = terminal.screen(history=True).count("Customer:")
    terminal.type(text, "Enter")
    return terminal.wait_for(lambda s: s.count("Customer:") > before and prompt_ready(s), f"a reply to {text!r}",
                             history=True)


def saved_call(home) -> list[dict]:
    [transcript] = (home / "transcripts").glob("*.jsonl")
    return [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]


def test_a_call_typed_into_the_real_terminal(terminal, home):
    first = terminal.wait_for(prompt_ready, "the first prompt")
    assert "The emotional customer" in first  # the toolbar names who is calling

    say(terminal, FOUR_STEPS["en"]["apologise"])
    screen = say(terminal, FOUR_STEPS["en"]["empathise"])
    assert f"You: {FOUR_STEPS['en']['empathise']}" in screen
    assert "empathise" in screen and "anger" in screen

    terminal.type("/hint", "Enter")
    terminal.wait_for(lambda s: "💡" in s and prompt_ready(s), "a hint", history=True)
    terminal.type("/score", "Enter")
    terminal.wait_for(lambda s: "Score: " in s and prompt_ready(s), "the score card", history=True)

    terminal.type("C-d")
    assert terminal.exited() == 0
    screen = terminal.screen(history=True)
    assert screen.count("Score: ") >= 2  # /score, then the card at the end
    assert "Four steps:" in screen and "transcript:" in screen

    records = saved_call(home)
    assert [r["type"] for r in records] == ["header", "turn", "turn", "end"]
    assert [r["text"] for r in records if r["type"] == "turn"] == [FOUR_STEPS["en"]["apologise"],
                                                                    FOUR_STEPS["en"]["empathise"]]
    assert records[1]["moves"] == ["apologise"] and records[2]["moves"] == ["empathise"]


def test_ctrl_c_ends_the_call_with_the_score_and_keeps_the_transcript(terminal, home):
    terminal.wait_for(prompt_ready, "the first prompt")
    say(terminal, FOUR_STEPS["en"]["apologise"])
    terminal.type("half a sente")  # interrupted mid-reply: the unsent words are not a turn
    terminal.type("C-c")
    assert terminal.exited() == 0
    screen = terminal.screen(history=True)
    assert "Score: " in screen and "Traceback" not in screen
    records = saved_call(home)
    assert [r["type"] for r in records] == ["header", "turn", "end"]
    assert records[1]["text"] == FOUR_STEPS["en"]["apologise"]
