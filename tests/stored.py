"""Reading back what the store kept, as tests need it."""

from __future__ import annotations

from pathlib import Path

from simulator.library.store import Store


def stored_calls(home: Path) -> list[dict]:
    """Every call kept under DCSIM_HOME, oldest first, each with its turns."""
    store = Store(home / "dcsim.db")
    try:
        return list(reversed(store.calls())) if (home / "dcsim.db").exists() else []
    finally:
        store.close()


def texts(call: dict) -> list[str]:
    return [turn["text"] for turn in call["turns"]]
