"""Bilingual text and the `{fact}` templates that splice scenario facts into lines."""

from __future__ import annotations

import re
import string
from typing import Mapping

LANGS: tuple[str, ...] = ("zh", "en")
#: What ends a sentence, for the rules (which sentence a cue is in) and the semantic layer (what
#: it scores) alike; a point between digits ends nothing ("14.08" is one number).
SENTENCE_END = r"[!?。！？\n]|\.(?!\d)"
#: What ends a sentence of a reply as the engine reads it, to quote a promise back whole and to
#: tell the sentences that ask from those that tell: a semicolon too ("…to your card; or as a
#: credit?"), and a full stop only before a capital or at the end ("5 p.m. today" is one sentence).
REPLY_SENTENCE_END = re.compile(r"[!?;。！？；]+|\.+(?=\s+[A-Z]|\s*$)")


def reply_sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a reply starts and ends (`REPLY_SENTENCE_END`), its closing marks included.

    >>> reply_sentences("Done at 5 p.m. today. Card or credit?")
    [(0, 21), (21, 37)]
    """
    bounds, start = [], 0
    for end in REPLY_SENTENCE_END.finditer(text):
        bounds.append((start, end.end()))
        start = end.end()
    return bounds + [(start, len(text))] if start < len(text) else bounds


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


#: A number as people write it: digits ("¥486.50", "4月15号", "19:45"), or Chinese numerals
#: before the unit they count ("九天", "十二年"); the unit is kept, so 五天 is not 五年. Number
#: words in English are not read: "twenty-nine yuan nineteen" is ¥29.19, and a misreading
#: would have a right restatement corrected.
_HAN_UNIT = "小时|钟头|分钟|星期|礼拜|[天元块月年次号日点岁周趟遍]"  # what a Chinese number counts, after an optional 个
_NUMBER = re.compile(rf"\d{{1,3}}(?:,\d{{3}})+\b(?:\.\d+)?|\d+(?:\.\d+)?|(?<![零一二两三四五六七八九十百])[零一二两三四五六七八九十百]+(?=个?(?:{_HAN_UNIT}))")
_HAN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = re.compile(rf"\s*(?:个)?({_HAN_UNIT}|(?:day|week|hour|minute|min|month|year|time|call)(?=s?\b))?", re.IGNORECASE)
#: The same unit written otherwise: 15日 is 15号, 25块 is 25元, 两个星期 is 两周.
_CURRENCY = "¥￥$£€"
_SAME_UNIT = {"日": "号", "块": "元", "星期": "周", "礼拜": "周", "钟头": "小时", "min": "minute"}


def numbers(text: str) -> set[tuple[float, str]]:
    """The numbers in `text`, each with the unit that follows it ("" when none): what a
    restatement can get wrong ("¥60" for ¥36, 五天 for 九天)."""
    return {number for _, number in written_numbers(text)}


def written_numbers(text: str) -> list[tuple[str, tuple[float, str]]]:
    """`numbers`, in order, each with its words as written ("¥60", "五天", "3 days"), so the
    customer can say which one was wrong."""
    found = []
    for match in _NUMBER.finditer(text):
        if match.group() == "一":  # 一个问题, 一下: no count a restatement can get wrong
            continue
        unit_match = _UNIT.match(text, match.end())
        unit = _SAME_UNIT.get((unit_match.group(1) or "").casefold(), (unit_match.group(1) or "").casefold())
        value = _value(match.group())
        if unit == "号" and not 1 <= value <= 31:  # 00179342号支票 is the cheque's number, not a day (play-test 17)
            unit = ""
        start = match.start() - (match.start() > 0 and text[match.start() - 1] in _CURRENCY)
        end = unit_match.end() + text.startswith("s", unit_match.end()) if unit else match.end()  # "36 days"
        found.append((text[start:end], (value, unit)))
    return found


def known(number: tuple[float, str], among: set[tuple[float, str]]) -> bool:
    """Is `number` one of `among`? Said without its unit it matches the same number with any unit;
    said with one ("五天"), only the same number with the same unit. A whole number matches a
    decimal's whole part ("486" for ¥486.50)."""
    value, unit = number
    return any((v == value or (value.is_integer() and int(v) == value)) and (u == unit or not unit) for v, u in among)


def _value(written: str) -> float:
    """19.5 from "19.50", 12 from 十二, 25 from 二十五, 100 from 一百."""
    if written[0].isdigit():
        return float(written.replace(",", ""))  # ¥3,299 is one number
    total, digit = 0, 0
    for char in written:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
        else:  # 十 or 百 multiplies the digit before it (十 alone is ten)
            total += (digit or 1) * (10 if char == "十" else 100)
            digit = 0
    return float(total + digit)


#: A time of day or a day, as people offer one ("8am", "19:45", "tomorrow", 明天下午三点半): what a
#: customer compares when it is offered two. Days count from today; a day alone stands for noon.
_DAY = {"today": 0, "tonight": 0, "tomorrow": 1, "今天": 0, "今晚": 0, "明天": 1, "明早": 1, "后天": 2}
_NOW = ("now", "right away", "straight away", "现在", "马上", "立刻")  # sooner than any hour named
#: Another day, not named: later than today or tomorrow ("keep today's visit, or move it to a day that suits you?").
_LATER = ("another day", "a day that suits you", "later this week", "next week", "monday", "tuesday", "wednesday", "thursday",
          "friday", "saturday", "sunday", "the weekend", "改天", "改日", "改个日子", "换个日子", "另约", "下周", "别的日子",
          "换一天", "周末", "等您方便", "您方便的时候")
_LATE = ("pm", "p.m.", "下午", "晚上", "今晚")
_WHEN = {
    "en": re.compile(r"\b(today|tonight|tomorrow|now|right away|straight away|another day|a day that suits you|later this week|next week"
                     r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)\b|\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(\d{1,2}):(\d{2})\b"
                     # a slot, "9 to 11" or "11-1", by where it starts (not "3 to 5 working days")
                     r"|\b(\d{1,2})\s*(?:to|-|–|till|until)\s*\d{1,2}\b(?!\s*(?:am|pm|a\.m\.|p\.m\.|days?|weeks?|hours?|minutes?|mins?|months?|working|business|%))"
                     # "at 9 or at 2": a bare hour, by the same reading
                     r"|\bat (\d{1,2})\b(?![:.]\d|\s*(?:am|pm|a\.m\.|p\.m\.|%|days?|hours?|minutes?|mins?|percent))"
                     r"|\b(\d{1,2}) o[’']?clock\b",  # "9 o'clock or 11 o'clock?" (play-test 23 took 11 as the sooner)
                     re.IGNORECASE),
    "zh": re.compile(r"(今天|今晚|明天|明早|后天)?(上午|早上|中午|下午|晚上)?(\d{1,2}|[一二两三四五六七八九十]{1,3})[点:：](半|(\d{1,2})分?)?"
                     r"|(今天|今晚|明天|明早|后天|现在|马上|立刻|改天|改日|改个日子|换个日子|另约|下周|别的日子|换一天|周末|等您方便|您方便的时候)"
                     r"|(?:周|星期|礼拜)([一二三四五六日天])"),
}


def times(text: str, lang: str) -> list[float]:
    """The times of day and days `text` names, in order, as hours from the start of today. In English an
    hour is on the day last named ("today at 3, or tomorrow at 9": 15 and 33; "tomorrow at 9 or in the
    afternoon at 2": 33 and 38), a day named just before it being one time with it."""
    return [value for value, _ in times_named(text, lang)]


def times_named(text: str, lang: str) -> list[tuple[float, str]]:
    """`times`, each with the words that name it ("tomorrow at 9", 明天下午三点)."""
    found: list[tuple[float, str]] = []
    day, day_end, day_start = "today", None, 0
    zh_day: str | None = None
    zh_part: str | None = None
    for m in _WHEN[lang].finditer(text):
        if lang == "en":
            named, hour, minute, noon, hh, mm, slot, at, oclock = m.groups()
            at = at or oclock
            if named:
                found.append((_day(named.casefold()), m.group()))
                day, day_end, day_start = (named.casefold(), m.end(), m.start()) if named.casefold() in _DAY \
                    else (day, None, day_start)
                continue
            if slot or at:  # a bare hour before 8 is in the afternoon: "11 to 1" comes after "9 to 11"
                value = float(slot or at) + 12 * (int(slot or at) < 8)
            else:
                value = float(hour or hh) + float(minute or mm or 0) / 60
                value += 12 * ((noon or "").casefold() in _LATE and value < 12)
            value += 24 * _DAY[day] + 12 * (day == "tonight" and value < 12)
            start = m.start()
            if day_end is not None and m.start() - day_end <= 12:  # "tomorrow at 9", "tomorrow morning at 9"
                found.pop()
                start = day_start
            day_end = None
            found.append((value, text[start:m.end()]))
        else:
            day, part, hour, rest, minute, alone, weekday = m.groups()
            if alone or weekday:  # 周六: a day of the week, another day
                found.append((_day(alone) if alone else 72.0, m.group()))
                continue
            # an hour without its own day or part of day is on the last one named: 下午两点或者四点 is 16:00
            zh_day, zh_part = (day, part) if day else (zh_day, part or zh_part)
            value = _value(hour) + (0.5 if rest == "半" else float(minute or 0) / 60)
            late = (zh_part in _LATE or zh_day == "今晚") and value < 12
            found.append((24.0 * _DAY.get(zh_day, 0) + value + 12 * late, m.group()))
    return found


def _day(word: str) -> float:
    """A day named alone, as hours from the start of today: now first, another day last."""
    return -1.0 if word in _NOW else 72.0 if word in _LATER else 24.0 * _DAY[word] + 12
