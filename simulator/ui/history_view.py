"""Looking back over stored calls: the list of calls a trainee (or everyone) held.

The store keeps calls as rows; here they become what a trainee or coach reads: when, who,
which customer, how many replies, the score and how it ended (or that it can be resumed).
"""

from __future__ import annotations

from typing import Any, Iterable

from rich import box
from rich.table import Table
from rich.text import Text

from simulator.ui import labels
from simulator.ui.render import local_time

#: What `history --json` leaves out of a stored call: how to replay it, not what happened.
INTERNAL = ("moves_heard",)


def public(call: dict[str, Any]) -> dict[str, Any]:
    """A stored call as `history --json` gives it."""
    return {k: v for k, v in call.items() if k not in INTERNAL}


def when(call: dict[str, Any]) -> str:
    return local_time(str(call.get("started") or ""))


def ending(call: dict[str, Any], lang: str) -> Text:
    """How the call ended; one cut off (killed, crashed) or left unfinished can be resumed, unless it
    was a trainee's part of a workshop (which goes on only as a whole)."""
    if call.get("outcome"):
        return Text(labels.outcome(call["outcome"], lang), style="green" if call["outcome"] == "satisfied" else "red")
    if call.get("workshop") or not call.get("turns"):  # no turns: cut off before a word was said (older dcsim kept these)
        return Text(labels.outcome(None, lang), style="yellow")
    if not call.get("ended"):
        return Text(labels.word("interrupted", lang) + " ↺", style="yellow")
    return Text(labels.outcome(None, lang) + " ↺", style="yellow")


def workshop_note(call: dict[str, Any], lang: str) -> str:
    """What a workshop trainee's stored call is: their turns only, between which the customer heard the others."""
    return labels.word("workshop_call", lang).format(room=call["workshop"], trainee=call["trainee"])


def history_table(calls: Iterable[dict[str, Any]], lang: str) -> Table:
    w = lambda key: labels.word(key, lang)  # noqa: E731 - a local shorthand
    table = Table(box=box.SIMPLE_HEAD, caption=w("resumable"), caption_justify="left", pad_edge=False, collapse_padding=True)
    # at 80 columns the call's name gets the room: short headers never cut, a long outcome wraps
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(w("date"), no_wrap=True)
    table.add_column(w("trainee"), max_width=10)
    table.add_column(w("call"), ratio=1, min_width=18, overflow="fold")
    table.add_column(w("turns"), justify="right", no_wrap=True, min_width=len(w("turns")))
    table.add_column(w("score"), justify="right", no_wrap=True, min_width=len(w("score")))
    table.add_column(w("outcome"), min_width=9, max_width=14)
    for call in calls:
        room = f" · {w('workshop')}" if call.get("workshop") else ""
        table.add_row(str(call["id"]), when(call), call["trainee"], f"{call['persona_name']} · {call['scenario_title']}{room}",
                      str(len(call.get("turns", ()))), "" if call["score"] is None else str(call["score"]),
                      ending(call, lang))
    return table
