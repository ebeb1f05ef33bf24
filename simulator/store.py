"""Keeping transcripts safe: every turn is on disk before the customer's reply is shown.

A trainee's practice must survive Ctrl-C, a closed terminal or a killed process, so the
transcript is an append-only JSON Lines file, flushed and synced after each record.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import platformdirs


def transcripts_dir() -> Path:
    folder = Path(os.environ.get("DCSIM_HOME") or platformdirs.user_data_dir("dcsim")) / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Transcript:
    """An append-only record of one call: a header line, then one line per turn."""

    def __init__(self, path: Path):
        self.path = path
        self._file = path.open("a", encoding="utf-8")

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

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()
