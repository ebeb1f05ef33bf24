"""Which language an utterance is in, when the caller does not say."""

from __future__ import annotations

import re

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
