"""A real workshop in a real terminal: tmux types the facilitator's keys and reads the screen back."""

from __future__ import annotations

import json
import os
import re
import subprocess
import shutil

import pytest

from calls import FOUR_STEPS, POLICY
from conftest import PATIENCE, dcsim_command
from ui.test_terminal import Terminal

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.slow]

STEPS = FOUR_STEPS["en"]


def workshop(home, *extra: str, size=(80, 24)) -> Terminal:
    return Terminal([*dcsim_command(), "workshop", "--trainees", "Ana,Bo,Chen", "--lang", "en", "--no-semantic",
                     *extra], {"DCSIM_HOME": str(home)}, size=size)


def waiting_for(name: str):
    """The last prompt on screen is `name>` with nothing typed: the workshop waits for that trainee."""
    def check(screen: str) -> bool:
        prompts = [line.strip() for line in screen.splitlines() if re.match(r"(Ana|Bo|Chen)>", line)]
        return bool(prompts) and prompts[-1] == f"{name}>"
    return check


def type_line(term: Terminal, line: str, then: str, check=lambda s: True) -> str:
    term.type(line, "Enter")
    return term.wait_for(lambda s: waiting_for(then)(s) and check(s), f"{then}> after {line!r}")


def saved_workshop(home) -> list[dict]:
    [transcript] = (home / "transcripts").glob("*.jsonl")
    return [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]


def test_three_trainees_a_rewind_and_the_scoreboard_on_screen(home):
    term = workshop(home)
    try:
        term.wait_for(waiting_for("Ana"), "Ana's turn first")
        type_line(term, STEPS["apologise"], "Bo")
        type_line(term, POLICY["en"], "Chen", lambda s: "policy_wall" in s)
        type_line(term, "/rewind 1", "Bo", lambda s: "rewound: #2 Bo" in s)  # Bo tries again
        type_line(term, STEPS["empathise"], "Chen")
        type_line(term, "/pause", "Chen", lambda s: "PAUSED" in s)
        type_line(term, STEPS["own"], "Chen", lambda s: "room is paused" in s)  # refused while paused
        type_line(term, "/resume", "Chen")
        type_line(term, STEPS["own"], "Ana", lambda s: "Chen: " + STEPS["own"] in s)
        term.type("/end", "Enter")
        assert term.exited() == 0
        screen = term.screen(history=True)
        board = screen[screen.rindex("Scoreboard · Score:"):]
        assert "↶ 2 (rewound)" in board and "✘ policy wall" in board
        for trainee, step in [("Ana", "✔ apologise"), ("Bo", "✔ empathise"), ("Chen", "✔ take ownership")]:
            assert any(trainee in line and step in line for line in board.splitlines())
        assert "Traceback" not in screen
        assert all(f"{trainee}: saved as call" in screen for trainee in ("Ana", "Bo", "Chen"))
        assert screen.count(f"> {STEPS['apologise']}") == 0  # each reply is shown once, not echoed as well
    finally:
        term.close()
    stored = subprocess.run([*dcsim_command(), "history", "--json"], capture_output=True, text=True, timeout=PATIENCE,
                            env={**os.environ, "DCSIM_HOME": str(home)})
    assert sorted(call["trainee"] for call in json.loads(stored.stdout)) == ["Ana", "Bo", "Chen"]  # nobody else's
    records = saved_workshop(home)
    assert records[0]["trainees"] == ["Ana", "Bo", "Chen"]
    assert [(r["type"], r.get("trainee")) for r in records[1:]] == [
        ("turn", "Ana"), ("turn", "Bo"), ("rewind", None), ("turn", "Bo"), ("turn", "Chen"), ("end", None)]


def test_the_projector_screen_redraws_when_the_window_grows(home):
    term = workshop(home, "--projector")
    try:
        # A full screen reaches tmux in pieces: wait for all of it, never read a half-drawn one.
        term.wait_for(lambda s: waiting_for("Ana")(s) and all(part in s for part in ("▶ Ana ◀", "☐ apologise",
                                                                                    "anger 85/100")),
                      "the projector screen")
        type_line(term, STEPS["apologise"], "Bo", lambda s: "✔ apologise #1" in s and "#1 Ana:" in s)
        term.tmux("resize-window", "-t", "call", "-x", "200", "-y", "60")
        term.wait_for(lambda s: len(s.splitlines()) > 40 and all(part in s for part in ("┃ ▶ Bo ◀ ┃", "██",
                                                                                      "Recent turns")),
                      "the whole screen at 200×60")
        term.type("C-d")
        assert term.exited() == 0
        assert "Scoreboard · Score:" in term.screen(history=True)
    finally:
        term.close()
