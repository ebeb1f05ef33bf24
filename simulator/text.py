"""Bilingual text and the `{fact}` templates that splice scenario facts into lines."""

from __future__ import annotations

import string
from typing import Iterable, Mapping

LANGS: tuple[str, ...] = ("zh", "en")


def fields(template: str) -> set[str]:
    """The `{names}` a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def fill(template: str, values: Mapping[str, str]) -> str:
    """Splice values into a template; names already checked at load time."""
    return template.format_map(values)


def pick(value: str | int | float | Mapping[str, str], lang: str) -> str:
    """A fact is either the same in both languages or given per language."""
    return value[lang] if isinstance(value, Mapping) else str(value)


def unknown_fields(templates: Iterable[str], known: set[str]) -> set[str]:
    found: set[str] = set()
    for template in templates:
        found |= fields(template) - known
    return found
