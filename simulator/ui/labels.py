"""Every word a screen or report shows, in English or Chinese, from one table.

The table is `simulator/data/labels.yaml`, schema-checked when first read, so a coach can
reword a label without touching code and a missing translation is caught at load time.
A Chinese report is then Chinese all through: move names, outcomes, breakdown items and
the scorer's explanations (which the scorer writes in English; `note` translates them
through the table's templates).

>>> word("score", "zh"), move("policy_wall", "zh"), outcome(None, "zh")
('得分', '拿规定压人', '未结束')
>>> note("forbidden: policy_wall in reply 2, 4", "zh")
'禁止:第2, 4句拿规定压人'
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from simulator import datafile


@cache
def table() -> dict[str, Any]:
    return datafile.load(datafile.packaged("labels.yaml"), "labels").data


def _pick(section: str, key: str, lang: str, default: str | None = None) -> str:
    entry = table()[section].get(key)
    return entry[lang] if entry else (key if default is None else default)


def word(key: str, lang: str) -> str:
    """A word of the interface (`score`, `timeline`…); a KeyError for a key the table lacks."""
    return table()["words"][key][lang]


def step(name: str, lang: str) -> str:
    return _pick("steps", name, lang)


def outcome(name: str | None, lang: str) -> str:
    """How the call ended; a call still going (or cut short) is 'unfinished'."""
    return _pick("outcomes", name or "", lang, word("unfinished", lang))


def move(name: str, lang: str) -> str:
    return _pick("moves", name, lang)


def cue(name: str, lang: str) -> str:
    return _pick("cues", name, lang)


def situation(name: str, lang: str) -> str:
    """What a piece of advice is about: a situation of its own, a bad move or a step."""
    if name in table()["situations"]:
        return _pick("situations", name, lang)
    return _pick("steps", name, lang) if name in table()["steps"] else move(name, lang)


def item(name: str, lang: str) -> str:
    """A breakdown item as a coach reads it; a penalty for a move is named after its situation."""
    if name in table()["items"]:
        return _pick("items", name, lang)
    kind, _, what = name.partition(":")
    return f"− {situation(what, lang)}" if kind == "penalty" else name


def store_problem(error: Any, lang: str) -> str:
    """A `StoreError` in words: the file, what is wrong with it and what to do, in `lang`."""
    said = table()["store"]
    words = table()["os_errors"].get(getattr(error, "code", ""), {}).get(lang, error.detail)
    reason = said[error.problem][lang].format(detail=words)
    return said["cannot_save"][lang].format(path=error.path, reason=reason, fix=said[f"{error.problem}_fix"][lang])


def store_warning(error: Any, lang: str) -> str:
    """A `StoreError` met during a call, which goes on in memory."""
    return f"{store_problem(error, lang)}\n  {table()['store']['goes_on'][lang]}"


def where_kept(keeper: Any, lang: str) -> str:
    """Where a `Keeper`'s call is: saved as call N, or what is still only on this screen."""
    said = {key: both[lang] for key, both in table()["store"].items()}
    unsaved = keeper.unsaved()
    if unsaved is None:
        return said["saved_as"].format(call=keeper.call, path=keeper.store.path)
    turns = unsaved.turns
    what = [said["the_call"]] if unsaved.call else []
    if turns:
        what.append(said["turn" if len(turns) == 1 else "turns"].format(first=turns[0], last=turns[-1]))
    if unsaved.end:
        what.append(said["the_end"])
    return said["not_saved"].format(path=keeper.store.path, what=("、" if lang == "zh" else ", ").join(what))


def help_text(lang: str) -> str:
    return table()["help"][lang]


def by_language(section: str) -> dict[str, Any]:
    """A section turned language-first: `{"en": {key: text}, "zh": {…}}`, or `{"en": text, …}` for one text."""
    entries = table()[section]
    if set(entries) == {"en", "zh"} and all(isinstance(v, str) for v in entries.values()):
        return dict(entries)
    return {lang: {key: both[lang] for key, both in entries.items()} for lang in ("en", "zh")}


@cache
def _note_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """Each English note template as a pattern whose `{name}` parts capture what they stand for."""
    patterns = []
    for entry in table()["notes"]:
        parts = re.split(r"\{(\w+)\}", entry["en"])
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
        patterns.append((re.compile(regex + r"\Z"), entry["zh"]))
    return tuple(patterns)


def note(text: str, lang: str) -> str:
    """The scorer's explanation in `lang`; an explanation the table does not know is left out in Chinese."""
    if lang == "en" or not text:
        return text
    for pattern, template in _note_patterns():
        found = pattern.match(text)
        if found:
            values = {k: move(v, lang) if k == "move" else v for k, v in found.groupdict().items()}
            return template.format(**values)
    return ""
