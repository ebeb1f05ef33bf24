"""`--voice`: the customer's lines spoken aloud through an offline speech synthesiser, so the room hears them.

espeak-ng speaks both Mandarin and English and installs with its voices from the Debian
archive (`apt-get install espeak-ng`). Where it is not installed the voice is silently
off. Speech never holds up the call: each line is spoken by a process of its own, in the
background; a new line cuts the previous one short rather than queueing behind it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field

#: espeak-ng's voice for each call language.
VOICES = {"zh": "cmn", "en": "en"}
PROGRAM = "espeak-ng"


@dataclass
class Voice:
    """Speaks lines in one language; does nothing when no synthesiser is installed."""

    lang: str
    program: str | None = field(default_factory=lambda: shutil.which(PROGRAM))
    speaking: subprocess.Popen | None = field(default=None, init=False)

    def command(self, text: str) -> list[str] | None:
        """The command that speaks `text`, or None when there is no synthesiser."""
        if not self.program or not text.strip():
            return None
        return [self.program, "-v", VOICES[self.lang], "--", text]

    def say(self, text: str) -> None:
        command = self.command(text)
        if command is None:
            return
        self.hush()
        try:
            self.speaking = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            self.program = None  # it went away or cannot run: stay silent from now on

    def hush(self) -> None:
        """Stop the line being spoken (the room moved on)."""
        if self.speaking and self.speaking.poll() is None:
            self.speaking.terminate()
        self.speaking = None
