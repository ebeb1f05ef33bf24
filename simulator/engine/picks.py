"""What the customer took from a choice put to it, so that the trainee is held to it.

A customer who has said "The second: by email" and then hears "I've sent it to you by text" objects;
so does one who chose its money back and is then booked an exchange (play-test 20: five picks of five
were booked the other way round, and the customer thanked the trainee). Options are told apart by what
only one of them names: a remedy of the scenario, a way of reaching the customer (`commitments.yaml`'s
`channels`) or a time.

A commitment is held to the pick only when it is about the same thing: it names the hour turned down,
or it shares a word with the choice ("the confirmation"), so "I'll email the refund receipt" does not
break a pick of a statement by text.

>>> pick = Pick.between("Would you like the confirmation by text", "or by email?", took_first=False, lang="en")
>>> pick.said, pick.against("Done, I've sent the confirmation to you by text.", (), "en")
('email', True)
>>> pick.against("I've sent the refund receipt by text.", (), "en")
False
>>> pick.kept("I've emailed the confirmation to you now.", (), "en")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from simulator.engine.phrases import channels_in
from simulator.text import times_named


#: Words too common to tell what a choice is about.
_COMMON = frozenset("would like prefer rather want which either that this with your from have will shall could should "
                    "sent send them there their then what when where just done okay right sure".split())
_FUNCTION = re.compile("[您你我他她它们的了是吗呢吧啊要想给把在和还或就都也这那个么请]")


def about(text: str, lang: str) -> frozenset[str]:
    """The words that tell what `text` is about: English words of four letters or more, Chinese pairs
    of characters, neither common nor naming a channel or a time."""
    named = " ".join(features(text, lang).values()).casefold()
    if lang == "en":
        return frozenset(w for w in re.findall(r"[a-z]{4,}", text.casefold()) if w not in _COMMON and w not in named)
    han = [run for run in re.split(r"[^\u4e00-\u9fff]+", text) if run]
    pairs = {run[i:i + 2] for run in han for i in range(len(run) - 1)}
    return frozenset(p for p in pairs if not _FUNCTION.search(p) and not set(p) & set(named))


def features(text: str, lang: str) -> dict[str, str]:
    """What an option names that another may not, each with its words: channels ("via:email") and times
    ("time:33.0")."""
    named = {f"time:{value:g}": words for value, words in times_named(text, lang)}
    return {**{f"via:{name}": words for name, words in channels_in(text, lang).items()}, **named}


def _kind(feature: str) -> str:
    """What a feature tells options apart by: a time, a channel ("via:email") or a remedy. "Your call at
    5pm" breaks a pick of 3pm though it names the call the customer also chose."""
    return feature.split(":")[0] if ":" in feature else "remedy"


@dataclass(frozen=True)
class Pick:
    """The customer's pick: what tells the option it took (`taken`) from the one it turned down
    (`declined`), as remedy ids or `features`, and the option taken in words (`said`, the persona's
    `{picked}`)."""

    taken: frozenset[str]
    declined: frozenset[str]
    said: str
    topic: frozenset[str] | None = None  # what the choice was about (`about`); None: remedies, about the case
    words: tuple[tuple[str, str], ...] = ()  # each feature taken, with its words

    @classmethod
    def between(cls, first: str, second: str, took_first: bool, lang: str,
                remedies: tuple[dict[str, str], dict[str, str]] = ({}, {})) -> Pick | None:
        """The pick of one of two options given as text, or None when nothing tells them apart. `remedies`
        are the scenario's remedies each option names, with the customer's words for each."""
        one, other = {**remedies[0], **features(first, lang)}, {**remedies[1], **features(second, lang)}
        # a time in the second option is read on from the first ("下午两点或者四点": four in the afternoon)
        both = times_named(first + second, lang)[len(times_named(first, lang)):]
        other = {k: v for k, v in other.items() if _kind(k) != "time"} | {f"time:{t:g}": w for t, w in both}
        if not took_first:
            one, other = other, one
        taken = sorted((name for name in one if name not in other), key=lambda n: _kind(n) != "time")  # "3pm" over "call"
        declined = frozenset(other) - frozenset(one)
        if not taken or not declined:
            return None
        return cls(frozenset(taken), declined, one[taken[0]], about(first + second, lang),
                   tuple((name, one[name]) for name in taken))

    def _named(self, text: str, offers: Iterable[str], lang: str) -> set[str]:
        return set(features(text, lang)) | set(offers)

    def against(self, text: str, offers: Iterable[str], lang: str) -> bool:
        """Does a commitment (`text`, with the remedies it offers) go the way the customer turned down?"""
        return bool(self._broken(text, offers, lang))

    def said_for(self, text: str, offers: Iterable[str], lang: str) -> str:
        """What the customer took, in the words of the kind `text` got wrong: "email" against a text
        message, though its option also said "now" (play-test 24)."""
        kinds = {_kind(h) for h in self._broken(text, offers, lang)}
        return next((words for name, words in self.words if _kind(name) in kinds), self.said)

    def _broken(self, text: str, offers: Iterable[str], lang: str) -> set[str]:
        """The features turned down that `text` names, each without one taken of its kind beside it."""
        named = self._named(text, offers, lang)
        hit = {h for h in named & self.declined if not {t for t in named & self.taken if _kind(t) == _kind(h)}}
        # the hour turned down is itself the thing ("3pm or 5pm?" … "5pm it is"); a channel needs the same topic
        same_thing = self.topic is None or any(_kind(h) == "time" for h in hit) or bool(about(text, lang) & self.topic)
        return hit if same_thing else set()

    def kept(self, text: str, offers: Iterable[str], lang: str) -> bool:
        """Does `text` go the way the customer took?"""
        return bool(self._named(text, offers, lang) & self.taken)
