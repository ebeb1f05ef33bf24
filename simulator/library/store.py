"""Keeping transcripts safe: every turn is on disk before the customer's reply is shown.

A trainee's practice must survive Ctrl-C, a closed terminal or a killed process, so the
transcript is an append-only JSON Lines file, flushed and synced after each record. A
folder that cannot be written is said plainly, with the way out, before the call begins.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

if TYPE_CHECKING:
    from simulator.engine.session import Session, Turn


class TranscriptError(Exception):
    """The transcript cannot be written, with the folder and what to do about it."""

    def __init__(self, where: Path, error: OSError):
        reason = error.strerror or str(error)
        super().__init__(f"cannot save the transcript in {where}: {reason}\n"
                         "  fix: set DCSIM_HOME to a folder you can write to (or free some disk space)")


def transcripts_dir() -> Path:
    folder = Path(os.environ.get("DCSIM_HOME") or platformdirs.user_data_dir("dcsim")) / "transcripts"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TranscriptError(folder, error) from None
    return folder


class Transcript:
    """An append-only record of one call: a header line, then one line per turn, then the end."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._file = path.open("a", encoding="utf-8")
        except OSError as error:
            raise TranscriptError(path.parent, error) from None

    @classmethod
    def start(cls, header: dict[str, Any], folder: Path | None = None) -> "Transcript":
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{header.get('persona', 'call')}-{header.get('scenario', '')}-{os.getpid()}"
        folder = folder or transcripts_dir()
        path, n = folder / f"{name}.jsonl", 1
        while path.exists():  # a /restart within the same second is a new call, in a file of its own
            n += 1
            path = folder / f"{name}-{n}.jsonl"
        transcript = cls(path)
        transcript.write({"type": "header", **header})
        return transcript

    @classmethod
    def of_call(cls, session: "Session", folder: Path | None = None) -> "Transcript":
        """The transcript of a call that is starting: who calls, why, in which language, with which seed."""
        return cls.start({"persona": session.persona.id, "scenario": session.scenario.id, "lang": session.lang,
                          "seed": session.seed, "opening": session.opening}, folder)

    def turn(self, turn: "Turn") -> None:
        self.write({"type": "turn", **turn.to_dict()})

    def end(self, session: "Session", score: int, stopped: str) -> None:
        """The last record: how the call ended, and why it stopped (`quit`, `hangup`…) unless it ran its course."""
        reason = "ended" if session.over else stopped
        self.write({"type": "end", "outcome": session.outcome, "score": score, "reason": reason})

    def write(self, record: dict[str, Any]) -> None:
        try:
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as error:
            raise TranscriptError(self.path.parent, error) from None

    def close(self) -> None:
        try:
            self._file.close()
        except OSError:
            pass  # every record was already synced, or its failure already reported
