"""What the recogniser hears in one reply, as the set of move names most recognition tests compare."""

from __future__ import annotations

from simulator.recognition.recogniser import recognise


def heard(text: str, lang: str | None = None, semantic: bool | None = False) -> set[str]:
    """The moves heard in `text`: by the rules alone unless `semantic` says otherwise (True waits for the model)."""
    return {m.name for m in recognise(text, lang=lang, semantic=semantic)}
