"""Bilingual text and the `{fact}` templates that splice scenario facts into lines."""

from __future__ import annotations

import re
import string
from typing import Mapping

LANGS: tuple[str, ...] = ("zh", "en")


def fields(template: str) -> set[str]:
    """The `{names}` a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _AnyFact(dict):
    def __missing__(self, key: str) -> str:
        return "x"


def malformed(template: str) -> str | None:
    """Why a template could never be filled (a stray brace, `{}`, a bad format spec), or None."""
    try:
        template.format_map(_AnyFact())
    except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
        return str(exc) or type(exc).__name__
    return None


#: Lone surrogates (undecodable bytes) cannot be saved as UTF-8; control characters garble the screen.
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Typed or pasted text made safe to store and show: bad bytes become U+FFFD, controls go."""
    return _CONTROLS.sub("", _SURROGATES.sub("\ufffd", text))


def fill(template: str, values: Mapping[str, str]) -> str:
    """Splice values into a template; names already checked at load time."""
    return template.format_map(values)


def pick(value: str | int | float | Mapping[str, str], lang: str) -> str:
    """A fact is either the same in both languages or given per language."""
    return value[lang] if isinstance(value, Mapping) else str(value)
