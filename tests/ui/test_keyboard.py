"""The prompt's keys: a huge paste that arrives key by key is one quick insertion, drawn by its end."""

from __future__ import annotations

import io
from collections import deque

from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.key_binding.key_processor import KeyPress
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.processors import TransformationInput
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from simulator.engine.session import Session
from simulator.ui.keyboard import SHOWN, ShowTheEnd, waiting_text
from simulator.ui.terminal import interactive


def test_the_plain_keys_waiting_in_the_queue_are_taken_together_up_to_the_first_special_key():
    queue = deque([KeyPress("a"), KeyPress("b"), KeyPress("对"), KeyPress(Keys.ControlM, "\r"), KeyPress("c")])
    assert waiting_text(queue) == "ab对"
    assert [k.key for k in queue] == [Keys.ControlM, "c"]  # Enter still submits; what follows waits its turn


def test_a_paste_typed_key_by_key_arrives_whole_as_one_turn(home, emotional, line_cut_off):
    # 50 KB one key at a time: prompt-toolkit alone keeps an undo copy of the line per key (over 1 GB here).
    text = ("I'm so sorry about this, truly. " * 1600)[:50_000].strip()
    with create_pipe_input() as keyboard:
        keyboard.send_text(text + "\r/quit\r")
        finished = interactive(Session(emotional, line_cut_off, "en"), Console(file=io.StringIO(), width=200),
                               InMemoryHistory(), input=keyboard, output=DummyOutput())
    assert [t.text for t in finished.turns] == [text]
    assert "apologise" in finished.turns[0].move_names


def drawn(text: str, cursor: int):
    """How ShowTheEnd draws a prompt line: the text on screen and where a source position lands."""
    ti = TransformationInput(None, None, 0, lambda i: i, [("", text)], 120, 40)
    shown = ShowTheEnd().apply_transformation(ti)
    return "".join(f[1] for f in shown.fragments), shown.source_to_display(cursor), shown.display_to_source


def test_a_short_line_is_drawn_as_it_is():
    screen, at, _ = drawn("I'm so sorry.", 13)
    assert (screen, at) == ("I'm so sorry.", 13)


def test_a_very_long_line_is_drawn_as_a_marker_and_its_end():
    text = "x" * 100_000 + "the end"
    screen, cursor, back = drawn(text, len(text))
    marker = f"[…{len(text) - SHOWN:,} characters…] "
    assert screen == marker + text[-SHOWN:]
    assert screen[cursor - 7:cursor] == "the end"   # the cursor at the end of the text is at the end of the drawing
    assert back(cursor) == len(text)
