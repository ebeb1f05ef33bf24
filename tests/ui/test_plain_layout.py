"""The plain layout of `dcsim play` in a real terminal, small and large: nothing twice, no gap, the brief on call."""

from __future__ import annotations

import shutil

import pytest

from calls import FOUR_STEPS
from conftest import dcsim_command
from ui.test_terminal import Terminal, prompt_ready

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.slow]

SORRY = FOUR_STEPS["en"]["apologise"]


def call(home, size: tuple[int, int]) -> Terminal:
    return Terminal([*dcsim_command(), "play", "--lang", "en", "--no-semantic", "--seed", "0"], {"DCSIM_HOME": str(home)},
                    size=size)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_a_reply_is_shown_once_with_the_status_just_above_the_prompt(home, size):
    term = call(home, size)
    try:
        term.wait_for(prompt_ready, "the first prompt")
        term.type(SORRY, "Enter")
        screen = term.wait_for(lambda s: "anger 85→77" in s and prompt_ready(s), "the reply", history=True)
        assert screen.count(SORRY) == 1 and f"You: {SORRY}" in screen  # not also "You> I'm so sorry."
        lines = term.screen().rstrip("\n").splitlines()
        prompt = max(i for i, line in enumerate(lines) if line.startswith("You>"))
        assert "The emotional customer · feels heard · anger 77" in lines[prompt - 1]
        assert lines[prompt - 2].startswith("anger ")  # the status sits with the call, not rows below it
    finally:
        term.close()


def test_the_brief_comes_back_on_a_small_screen(home):
    term = call(home, (80, 24))
    try:
        term.wait_for(prompt_ready, "the first prompt")
        for line in (SORRY, FOUR_STEPS["en"]["empathise"]):  # the brief scrolls out of sight
            term.type(line, "Enter")
            term.wait_for(lambda s, line=line: f"You: {line}" in s and prompt_ready(s), "a reply")
        assert "Brief:" not in term.screen()
        term.type("/brief", "Enter")
        screen = term.wait_for(lambda s: "Resolves it:" in s and prompt_ready(s), "the brief again")
        assert "You may offer:" in screen
    finally:
        term.close()
