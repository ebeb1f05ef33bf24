"""The real `dcsim play` in a real terminal: tmux types the keys and reads the screen back."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from calls import FOUR_STEPS
from conftest import PATIENCE, dcsim_command
from stored import stored_calls, texts

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.slow]

EXIT_MARK = "[dcsim exited: "


class Terminal:
    """A tmux window (120×40 unless told) on a private server, running one command.

    A shell around the command reports its exit status on screen: tmux's own
    `pane_dead_status` is sometimes never filled in (a child that imports scikit-learn
    is left a zombie tmux does not reap), whereas the shell always reaps it.
    """

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)):
        self.server = f"dcsim-test-{uuid.uuid4().hex[:12]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        wrapped = f"env {exports} {shlex.join(command)}; echo \"{EXIT_MARK}$?]\""
        self.tmux("new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), "-s", "call",
                  shlex.join(["sh", "-c", wrapped]), ";", "set-option", "-t", "call", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.server, *args], check=True, capture_output=True,
                              text=True, timeout=PATIENCE).stdout

    def screen(self, history: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", "call", *(["-S", "-"] if history else []))

    def type(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "call", *keys)

    def wait_for(self, check, what: str, history: bool = False, patience: float = PATIENCE) -> str:
        deadline = time.monotonic() + patience
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

    def paste(self, path, bracketed: bool) -> None:
        """Paste a file as a terminal would: in one bracketed block, or (old terminals) key by key."""
        self.tmux("load-buffer", str(path))
        self.tmux("paste-buffer", *(["-p"] if bracketed else []), "-t", "call")

    def hang_up(self) -> None:
        """Close the window, as a trainee closing the terminal does: the program gets SIGHUP."""
        self.tmux("kill-pane", "-t", "call")

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


def saved_call(home) -> dict:
    [call] = stored_calls(home)
    return call


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
    assert "Four steps:" in screen and "saved as call 1 in" in screen

    call = saved_call(home)
    assert texts(call) == [FOUR_STEPS["en"]["apologise"], FOUR_STEPS["en"]["empathise"]]
    assert call["turns"][0]["moves"] == ["apologise"] and call["turns"][1]["moves"] == ["empathise"]
    assert call["reason"] == "eof" and call["ended"]


def test_ctrl_c_ends_the_call_with_the_score_and_keeps_the_transcript(terminal, home):
    terminal.wait_for(prompt_ready, "the first prompt")
    say(terminal, FOUR_STEPS["en"]["apologise"])
    terminal.type("half a sente")  # interrupted mid-reply: Ctrl-C clears the unsent words, which are not a turn
    terminal.type("C-c")
    terminal.type("C-c")  # and on the empty line ends the call
    assert terminal.exited() == 0
    screen = terminal.screen(history=True)
    assert "Score: " in screen and "Traceback" not in screen
    call = saved_call(home)
    assert texts(call) == [FOUR_STEPS["en"]["apologise"]] and call["reason"] == "interrupted"


def ended_by_itself(home) -> dict:
    """The saved call, once the program has written its end."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        call = saved_call(home)
        if call["ended"]:
            return call
        time.sleep(0.1)
    pytest.fail(f"the call was never closed: {saved_call(home)}")


def test_closing_the_terminal_still_ends_the_saved_call(terminal, home):
    terminal.wait_for(prompt_ready, "the first prompt")
    say(terminal, FOUR_STEPS["en"]["apologise"])
    terminal.type("half a sente")
    terminal.hang_up()
    end = ended_by_itself(home)
    assert end["reason"] == "hangup" and end["outcome"] is None
    assert texts(end) == [FOUR_STEPS["en"]["apologise"]]


@pytest.mark.parametrize("bracketed", [False, True], ids=["key-by-key", "bracketed"])
def test_a_one_megabyte_paste_is_one_turn_and_the_call_goes_on(terminal, home, tmp_path, bracketed):
    text = ("I'm so sorry about all of this. " * 31_250)[:1_000_000].strip()
    pasted = tmp_path / "paste.txt"
    pasted.write_text(text, encoding="utf-8")
    terminal.wait_for(prompt_ready, "the first prompt")
    terminal.paste(pasted, bracketed)
    terminal.wait_for(lambda s: "characters…]" in s, "the long line drawn by its end", patience=PATIENCE)
    terminal.type("Enter")  # the echo of 1 MB scrolls the opening out of tmux's history: look for the reply
    terminal.wait_for(lambda s: "anger 85→" in s and prompt_ready(s), "the reply", patience=PATIENCE)
    say(terminal, FOUR_STEPS["en"]["empathise"])
    terminal.type("C-d")
    assert terminal.exited() == 0
    turns = saved_call(home)["turns"]
    assert [t["text"] for t in turns] == [text, FOUR_STEPS["en"]["empathise"]]
    assert turns[0]["moves"] == ["apologise"]


def test_a_home_that_cannot_be_written_is_said_plainly_and_the_call_still_plays(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    term = Terminal([*dcsim_command(), "play", "--lang", "en"], {"DCSIM_HOME": str(not_a_folder / "home")})
    try:
        screen = term.wait_for(prompt_ready, "the first prompt", history=True).replace("\n", "")
        assert f"cannot save to {not_a_folder / 'home'}: Not a directory" in screen and "DCSIM_HOME" in screen
        say(term, FOUR_STEPS["en"]["apologise"])
        term.type("C-d")
        assert term.exited() == 0
        screen = term.screen(history=True).replace("\n", "")
        assert "Score: " in screen and "NOT saved to" in screen and "turn 1" in screen
        assert "Traceback" not in screen
    finally:
        term.close()


def test_a_call_killed_with_sigkill_keeps_its_turns_and_resumes_in_the_terminal(terminal, home):
    """kill -9 mid-call: every completed turn is stored, and `dcsim resume` goes on with the trainee's ↑ history."""
    terminal.wait_for(prompt_ready, "the first prompt")
    say(terminal, FOUR_STEPS["en"]["apologise"])
    say(terminal, FOUR_STEPS["en"]["empathise"])
    shell = terminal.tmux("display", "-p", "-t", "call", "#{pane_pid}").strip()
    [program] = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    os.kill(int(program), signal.SIGKILL)
    assert terminal.exited() == 128 + signal.SIGKILL
    call = saved_call(home)
    assert texts(call) == [FOUR_STEPS["en"]["apologise"], FOUR_STEPS["en"]["empathise"]] and call["ended"] is None

    again = Terminal([*dcsim_command(), "resume", str(call["id"])], {"DCSIM_HOME": str(home)})
    try:
        screen = again.wait_for(prompt_ready, "the resumed call's prompt", history=True)
        assert f"You: {FOUR_STEPS['en']['empathise']}" in screen  # the turns so far, shown again
        again.type("Up")
        again.wait_for(lambda s: f"You> {FOUR_STEPS['en']['empathise']}" in s, "the trainee's last line on ↑")
        again.type("C-u")
        say(again, FOUR_STEPS["en"]["own"])
        say(again, FOUR_STEPS["en"]["help"])  # the customer is satisfied: one last word ends the call
        again.type("Thank you for your patience. Goodbye.", "Enter")
        assert again.exited() == 0
        assert "Outcome: satisfied" in again.screen(history=True)
    finally:
        again.close()
    call = saved_call(home)
    assert texts(call) == [*(FOUR_STEPS["en"][step] for step in ("apologise", "empathise", "own", "help")),
                           "Thank you for your patience. Goodbye."]
    assert call["outcome"] == "satisfied" and call["ended"]
