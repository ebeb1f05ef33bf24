"""Typing keys for the trainee's prompt, fast even when a huge text arrives key by key.

A terminal without bracketed paste (or a paste tool that types) delivers a pasted text as
one key press per character. prompt-toolkit's own self-insert then copies the whole line
and saves an undo snapshot for every character: a 100 KB paste took a minute and 5 GB, a
1 MB one exhausts the machine. Here the printable keys already waiting in the queue are
inserted together, and undo snapshots stop once the line is long, so any paste is one
cheap insertion per read from the terminal and the call goes on.

Drawing costs too: prompt-toolkit wraps the whole line on every redraw, a second a time for
1 MB. A very long line is drawn as its last few thousand characters after a marker; the
text itself is kept whole and is what the customer hears.
"""

from __future__ import annotations

from collections import deque

from prompt_toolkit.filters import emacs_insert_mode, vi_insert_mode
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.key_binding.key_processor import KeyPress
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.processors import (
    Processor,
    Transformation,
    TransformationInput,
)

#: How much of a very long line is drawn at the prompt: its end, where the cursor usually is.
SHOWN = 4_000

#: Past this many characters an edit is no longer worth an undo snapshot of the whole line.
UNDO_LIMIT = 10_000


def _plain(press: KeyPress) -> bool:
    """A key that only types its character (not Enter, an arrow, Ctrl-something or Escape)."""
    return not isinstance(press.key, Keys) and len(press.key) == 1


def waiting_text(queue: deque[KeyPress]) -> str:
    """Take the run of plain keys at the head of the queue, as the text they type."""
    chars: list[str] = []
    while queue and _plain(queue[0]):
        chars.append(queue.popleft().data)
    return "".join(chars)


def _worth_an_undo(event: KeyPressEvent) -> bool:
    return len(event.current_buffer.text) < UNDO_LIMIT


def paste_friendly_keys() -> KeyBindings:
    """Self-insert that takes every plain key already typed ahead in one insertion; and Ctrl-C that
    clears a half-typed reply, as a shell does, ending the call only on an empty line (play-test 18:
    Ctrl-C to start a sentence again ended the whole call)."""
    bindings = KeyBindings()

    @bindings.add(Keys.Any, filter=vi_insert_mode | emacs_insert_mode, save_before=_worth_an_undo)
    def _insert(event: KeyPressEvent) -> None:
        text = event.data * event.arg + waiting_text(event.key_processor.input_queue)
        event.current_buffer.insert_text(text)

    @bindings.add(Keys.ControlC)
    def _clear_or_end(event: KeyPressEvent) -> None:
        if event.current_buffer.text:
            event.current_buffer.reset()
        else:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings


def _drop_head(fragments: list, count: int) -> list:
    """The fragments without their first `count` characters."""
    kept, skip = [], count
    for style, text, *rest in fragments:
        if skip >= len(text):
            skip -= len(text)
            continue
        kept.append((style, text[skip:], *rest))
        skip = 0
    return kept


class ShowTheEnd(Processor):
    """Draw a line longer than SHOWN characters as a marker and its last SHOWN characters."""

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        length = sum(len(fragment[1]) for fragment in ti.fragments)
        if length <= SHOWN:
            return Transformation(ti.fragments)
        cut = length - SHOWN
        marker = f"[…{cut:,} characters…] "
        width = len(marker)
        return Transformation([("class:elided italic", marker), *_drop_head(ti.fragments, cut)],
                              source_to_display=lambda i: width + max(0, i - cut),
                              display_to_source=lambda j: cut + max(0, j - width))
