"""Coaching: what a trainee could say next, and what they should have said instead.

The model replies are data (`replies.yaml`) so coaches can rewrite them; this module only
decides which situation the trainee is in.
"""

from __future__ import annotations

from functools import cache
from typing import Iterable, Mapping


from simulator import datafile
from simulator.datafile import packaged
from simulator.moves import FOUR_STEPS
from simulator.text import fill


@cache
def bank() -> dict:
    return datafile.load(packaged("coaching", "replies.yaml"), "replies").data


def next_step(seen: Iterable[str]) -> str:
    """The first step of the four-step method not yet taken, or `close` when all are done."""
    done = set(seen)
    return next((step for step in FOUR_STEPS if step not in done), "close")


def suggestion(situation: str, lang: str, values: Mapping[str, str], index: int = 0) -> str:
    """A model reply for a step (`apologise`…`close`, `listen`) or for a bad move to replace."""
    entry = bank()["steps"].get(situation) or bank()["instead"][situation]
    lines = entry[lang]
    return fill(lines[index % len(lines)], values)
