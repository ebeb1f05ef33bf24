"""Which language an utterance is in, when the caller does not say."""

from __future__ import annotations

import os
import re
from typing import Mapping

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]+")


def detect(text: str) -> str:
    """`zh` when Chinese characters carry the sentence, else `en`.

    Mixed chat ("亲 sorry 这个我马上处理") is common; a few English words inside a
    Chinese sentence should not flip it, so Han characters count against Latin words.
    """
    han = len(_HAN.findall(text))
    words = len(_LATIN.findall(text))
    return "zh" if han and han >= words else "en"


def mixed(text: str) -> bool:
    """Does the text carry both languages in earnest (two Han characters, two English words)?

    Then the rules of both languages listen: "这个是company policy,没办法" hides behind a
    policy in English and refuses in Chinese.
    """
    return len(_HAN.findall(text)) >= 2 and sum(len(w) > 1 for w in _LATIN.findall(text)) >= 2


def without_han(text: str) -> str:
    """Han characters blanked, offsets kept: English word boundaries hold beside Chinese.

    Python's `\\b` counts Han characters as word characters, so "是company policy" would
    hide "company" from a pattern that starts at a word boundary.
    """
    return _HAN.sub(" ", text)


#: The locale variables that name the user's language, the one that wins first (as gettext reads them).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def of_locale(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale: `zh` for a Chinese one (zh_CN.UTF-8…), else `en`
    (C.UTF-8, en_US.UTF-8, none set), so screens that are not one call's own speak the user's language."""
    environ = os.environ if environ is None else environ
    value = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    return "zh" if value.lower().startswith("zh") else "en"
