"""A small, valid persona file for tests to copy and break, and a way to find a line in it."""

from __future__ import annotations

from pathlib import Path

TINY_PERSONA = """\
# The tiny customer: one apology settles it, one policy wall ends it.
id: tiny
name: {en: The tiny customer, zh: 小客户}
description: {en: Wants an apology., zh: 想要一句道歉。}
mood:
  start: 60
  idle: 5
  deltas: {apologise: -20, help: -10, policy_wall: 30}
states:
  waiting:
    initial: true
    label: {en: waiting, zh: 等待中}
    lines:
      en: ["I want you to {demand}.", "Well? {problem}!"]
      zh: ["我要你们{demand}。", "怎么说?{problem}!"]
    transitions:
      - {to: satisfied, when: {any: [apologise], mood_below: 50}}
      - {to: escalated, when: {any: [policy_wall]}}
  satisfied:
    final: true
    outcome: satisfied
    lines:
      en: ["Thanks."]
      zh: ["谢谢。"]
  escalated:
    final: true
    outcome: escalated
    lines:
      en: ["Supervisor, now."]
      zh: ["叫领导来。"]
"""


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line where `needle` occurs (the `nth` time) in `text`."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
