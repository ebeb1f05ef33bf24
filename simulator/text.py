"""Bilingual text and the `{fact}` templates that splice scenario facts into lines."""

from __future__ import annotations

import re
import string
from typing import Mapping

LANGS: tuple[str, ...] = ("zh", "en")
#: What ends a sentence, for the rules (which sentence a cue is in) and the semantic layer (what
#: it scores) alike; a point between digits ends nothing ("14.08" is one number).
SENTENCE_END = r"[!?。！？\n]|\.(?!\d)"


_FACT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def fields(template: str) -> set[str]:
    """The `{names}` a template uses (a template that is `malformed` may use none)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()


def malformed(template: str) -> str | None:
    """Why a template is not plain text with `{fact}` names in it (a stray brace, `{}`, `{x:>9}`), or None.

    A template names a fact and nothing else: a format spec (`{problem:>1000000000}`), a
    conversion (`{x!r}`) or an attribute (`{x.y}`) could make a line huge or fail mid-call.
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return str(exc)
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if not _FACT_NAME.match(name):
            return f"`{shown}` does not name a fact" if name else "`{}` names no fact"
        if spec or conversion:
            return f"`{shown}` is more than a fact name: a template names a fact and nothing else"
    return None


#: Lone surrogates (undecodable bytes) cannot be saved as UTF-8; control characters garble the screen.
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def writable(text: str) -> str:
    """Text that can always be written as UTF-8: each lone surrogate becomes one U+FFFD, so offsets hold."""
    return _SURROGATES.sub("\ufffd", text)


def clean(text: str) -> str:
    """Typed, pasted or imported text made safe to store and show on a terminal: bad bytes
    become U+FFFD, and control characters go, so no escape sequence (clear screen, clipboard,
    hidden link) reaches the screen through it."""
    return _CONTROLS.sub("", writable(text))


def fill(template: str, values: Mapping[str, str]) -> str:
    """Splice values into a template; names already checked at load time."""
    return template.format_map(values)


def pick(value: str | int | float | Mapping[str, str], lang: str) -> str:
    """A fact is either the same in both languages or given per language."""
    return value[lang] if isinstance(value, Mapping) else str(value)
