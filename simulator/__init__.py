"""dcsim: a conversational simulator for practising with difficult customers.

The data flows through the subpackages in one direction:

    text → recognition → engine (persona, scenario, session) → score → library → ui → cli

The public API is small; everything else is reachable through the subpackages:

>>> from functools import partial
>>> from simulator import Session, load_persona, load_scenario, recognise
>>> call = Session(load_persona("stubborn"), load_scenario("bill_mismatch"), lang="en", seed=1,
...                recogniser=partial(recognise, semantic=False))
>>> turn = call.respond("I'm so sorry, that must be really frustrating.")
>>> turn.move_names
['apologise', 'empathise']
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: name → module that defines it; loaded on first use, so `dcsim` starts fast.
_PUBLIC = {
    "Session": "simulator.engine.session",
    "load_persona": "simulator.library.catalog",
    "load_scenario": "simulator.library.catalog",
    "recognise": "simulator.recognition.recogniser",
    "score_transcript": "simulator.score.transcripts",
}
_SOURCE_NAMES = {"load_persona": "persona", "load_scenario": "scenario", "score_transcript": "score_record"}

__all__ = ["Session", "load_persona", "load_scenario", "recognise", "score_transcript"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'simulator' has no attribute {name!r}")
    value = getattr(import_module(_PUBLIC[name]), _SOURCE_NAMES.get(name, name))
    globals()[name] = value
    return value
