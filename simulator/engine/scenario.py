"""A scenario: the business situation a persona plays out, with its facts and the trainee's brief."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from simulator import datafile
from simulator.engine.phrases import Phrases, bad_pattern, offers_a_choice
from simulator.moves import Span
from simulator.text import LANGS, fields, fill, malformed, numbers, pick, reply_sentences

#: The facts every scenario gives, so that any persona's lines fit any scenario.
PERSONA_FACTS: tuple[str, ...] = ("company", "product", "problem", "demand", "loss")

#: How many of the case's gist words (`gist:`, each of 2 characters or more) a reply in which the
#: recogniser heard nothing must name, to the customer, to be the customer's story told back in
#: free words ("A brand-new washer dead after three weeks, your laundry locked inside…").
TOLD_BACK = 2
#: Words that address the story to the customer. Chinese often drops the pronoun ("出差回来电话就停了,连个通知都没收到"):
#: there a sentence with no "I" or "we" in it will do.
_TO_YOU = {"en": re.compile(r"\b(you|your|you[’']re|you[’']ve|yours)\b", re.IGNORECASE),
           "zh": re.compile(r"[您你]|^(?!.*我)")}

#: Facts a scenario may also give; when it does not, the customer falls back on another.
OPTIONAL_FACTS: dict[str, str] = {"evidence": "loss"}


@dataclass(frozen=True)
class Remedy:
    """Something the agent may offer: how it sounds, how to hear it, and why it may fall short."""

    id: str
    say: dict[str, str]                  # the offer in the agent's voice (hints, textbook calls)
    phrases: Phrases                     # what a trainee offering it says
    short: dict[str, str] | None = None  # the customer's objection, when it does not solve the case
    want: dict[str, str] | None = None   # the remedy as the customer asks for it while it is missing


@dataclass(frozen=True)
class Question:
    """A detail of the case the customer can be asked about, and their answer."""

    id: str
    phrases: Phrases
    answer: dict[str, str]


@dataclass(frozen=True)
class Heard:
    """What one trainee utterance said about the case: remedies offered, details asked."""

    offers: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    spans: dict[str, Span] = field(default_factory=dict)  # remedy id → the words that offered it
    proposed: dict[str, Span] = field(default_factory=dict)  # remedies put as a question: a choice, no offer yet


@dataclass(frozen=True)
class Scenario:
    id: str
    data: dict[str, Any]
    path: Path

    def title(self, lang: str) -> str:
        return self.data["title"][lang]

    def summary(self, lang: str) -> str:
        return self.data["summary"][lang]

    def values(self, lang: str) -> dict[str, str]:
        """Every fact and detail in one language, ready to fill templates."""
        merged = {**self.data.get("details", {}), **self.data["facts"]}
        for optional, fallback in OPTIONAL_FACTS.items():
            merged[optional] = self.data.get(optional) or self.data["facts"][fallback]
        plain = {key: pick(value, lang) for key, value in merged.items()}
        # a fact may name a detail ("your booking text says {window}"): filled here, once
        return {key: fill(text, _Keep(plain)) if fields(text) else text for key, text in plain.items()}

    def agent_values(self, lang: str) -> dict[str, str]:
        """The facts as the agent says them ("the delay that made you miss…"), for hints."""
        spoken = {key: pick(value, lang) for key, value in self.data.get("agent", {}).items()}
        return {**self.values(lang), **spoken}

    @cached_property
    def remedies(self) -> dict[str, Remedy]:
        # an offer that falls short is heard even as a question ("Could you try the cleaning disk again?")
        return {rid: Remedy(rid, spec["say"], Phrases.of(spec["phrases"], firm=not spec.get("short")), spec.get("short"),
                            spec.get("want"))
                for rid, spec in self.data.get("remedies", {}).items()}

    @cached_property
    def questions(self) -> dict[str, Question]:
        return _questions(self.data.get("questions", {}))

    @cached_property
    def gist(self) -> Phrases:
        """What a right restatement of the case mentions; without it every restatement is right."""
        return Phrases.of(self.data.get("gist"), negatable=False)

    @property
    def resolutions(self) -> list[frozenset[str]]:
        """Acceptable ways to resolve the case, each a set of remedies that must all be offered."""
        return [frozenset(option) for option in self.data.get("resolved_by", [])]

    def hear(self, text: str, lang: str, asking: str = "") -> Heard:
        """The remedies `text` offers and the details `asking` (its sentences that ask) asks about."""
        spans = self._offers(text, lang)
        proposed = {r.id: span for r in self.remedies.values() if r.id not in spans and r.phrases.firm
                    for span in [r.phrases.find(text, lang, put="question")] if span}
        return Heard(tuple(spans), self._asked(asking, lang), spans, proposed)

    def _offers(self, text: str, lang: str) -> dict[str, Span]:
        """Remedy id → the words in `text` that offer it."""
        return {r.id: span for r in self.remedies.values() for span in [r.phrases.find(text, lang)] if span}

    def _asked(self, asking: str, lang: str) -> tuple[str, ...]:
        """The scenario's details `asking` asks about, else who the customer is. A sentence that offers
        a choice asks for none: "by text or by email?" wants a pick, not an address, and "今晚7点45的,
        或者明早9点50的航班,您要哪个?" a flight, not the flight numbers (play-test 8)."""
        plain = " ".join(asking[a:b] for a, b in reply_sentences(asking) if not offers_a_choice(asking[a:b], lang))  # "…您要哪个?" picks
        if not plain.strip():
            return ()
        return _asked(self.questions, plain, lang) or _asked(identity_questions(), plain, lang)

    def numbers(self, lang: str) -> frozenset[tuple[float, str]]:
        """Every number the case knows in `lang` (its facts, details, brief, lines and phrases), to tell
        a restatement that gets one wrong."""
        return self._numbers[lang]

    @cached_property
    def _numbers(self) -> dict[str, frozenset[tuple[float, str]]]:
        return {lang: frozenset(numbers(" ".join(_texts(self.data, lang)) + " " + " ".join(self.values(lang).values())))
                for lang in LANGS}

    def told_back(self, text: str, lang: str) -> bool:
        """Does `text` tell the customer's own story back in the case's words (`TOLD_BACK`), without
        an opener like "So you're saying"? `Session` asks of each sentence where nothing else was heard."""
        named = [p for p in self.gist.patterns.get(lang, ()) if any(len(m.group()) >= 2 for m in p.finditer(text))]
        return len(named) >= TOLD_BACK and bool(_TO_YOU[lang].search(text)) and not self._offers(text, lang)

    def short_of(self, offers: Iterable[str]) -> frozenset[str]:
        """The offered remedies that fall short of what the case needs."""
        return frozenset(r for r in offers if self.remedies[r].short)

    def resolved(self, offered: Iterable[str]) -> bool | None:
        """Has everything one resolution needs been offered? None when the scenario names no remedies."""
        if not self.resolutions:
            return None
        offered = set(offered)
        return any(option <= offered for option in self.resolutions)

    def missing(self, offered: Iterable[str]) -> list[str]:
        """The remedies still to offer for the resolution closest to done (fewest missing) among those
        begun, else for the first: with nothing offered yet, the way the policy puts first (play-test 25:
        the tip offered a new machine now, where the case's first way is a free repair)."""
        offered = set(offered)
        options = sorted(self.resolutions, key=lambda o: (not o & offered, len(o - offered) if o & offered else 0,
                                                          self.resolutions.index(o)))
        return [r for r in self.remedies if options and r in options[0] - offered]

    def wanted(self, offered: Iterable[str], lang: str, among: Iterable[str] | None = None) -> str:
        """What the case still lacks, in the customer's words: the missing remedies' `want`
        (only those `among` a choice put to the customer, when given), or the customer's whole
        demand where a missing remedy has no `want` of its own."""
        missing = [r for r in self.missing(offered) if among is None or r in among]
        return self.in_words(missing, lang) or self.values(lang)["demand"]

    def in_words(self, remedies: Sequence[str], lang: str) -> str:
        """`remedies` in the customer's words, their `want`s joined ("take the TV back and refund me in
        full"); "" when there are none, or one has no `want`."""
        wants = [self.remedies[r].want for r in remedies]
        if not wants or not all(wants):
            return ""
        return (" and " if lang == "en" else "和").join(fill(want[lang], self.values(lang)) for want in wants)

    def textbook(self, lang: str) -> str:
        """The first way to resolve the case, offered in the agent's words (golden scripts, tests)."""
        if not self.resolutions:
            return ""
        option = [r for r in self.remedies if r in self.resolutions[0]]
        return (" " if lang == "en" else "").join(self.say(r, lang) for r in option)

    def scripted(self, line: str, lang: str) -> str:
        """A scripted trainee line with `{resolution}` and the facts (in the agent's voice) filled in.

        Golden scripts are written once for every scenario; this is how they name its remedy.
        """
        if malformed(line) or not fields(line):
            return line
        values = {**self.agent_values(lang), "resolution": self.textbook(lang)}
        return line.format_map(_Keep(values))

    def answer(self, question: str, lang: str) -> str:
        """The customer's answer, without closing marks: a persona's line goes on after it ("{answer}. Note it down.")."""
        asked = self.questions.get(question) or identity_questions()[question]
        return fill(asked.answer[lang], self.values(lang)).rstrip("。.!！ ")

    def say(self, remedy: str, lang: str) -> str:
        """The remedy offered in the agent's voice, facts filled in."""
        return fill(self.remedies[remedy].say[lang], self.values(lang))

    def text(self, key: str, lang: str) -> str:
        """A templated single text of the scenario (`resolution`, or `brief.situation`…)."""
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        return fill(node[lang], self.values(lang))

    def texts(self, key: str, lang: str) -> list[str]:
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        return [fill(t, self.values(lang)) for t in node[lang]]


class _Keep(dict):
    """Template values that leave an unknown `{name}` as it was written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def load(path: Path | str) -> Scenario:
    """Read and check a scenario file; every template name must be one of its facts or details."""
    doc = datafile.load(path, "scenario", _check)
    return Scenario(doc.data["id"], doc.data, doc.path)


def _check(doc: datafile.Document) -> None:
    data = doc.data
    known = set(data["facts"]) | set(data.get("details", {}))
    for keys in (("brief", "situation"), ("brief", "policy"), ("resolution",)):
        _check_fields(doc, keys, known)
    for keys in (("openers",), ("brief", "may_offer")):
        for lang in LANGS:
            for i, _ in enumerate(_get(data, keys)[lang]):
                _check_fields(doc, (*keys, lang, i), known)
    with doc.tolerant():  # an answer may give the customer's proof ({evidence}), which every case has
        _check_listening(doc, known | set(OPTIONAL_FACTS))


def _check_listening(doc: datafile.Document, known: set[str]) -> None:
    """Remedies, questions and resolutions: valid patterns, known facts, real remedy ids."""
    data = doc.data
    for kind, texts in (("remedies", ("say", "short", "want")), ("questions", ("answer",))):
        for ident, spec in data.get(kind, {}).items():
            for key in texts:
                if key in spec:
                    _check_fields(doc, (kind, ident, key), known)
            for lang in LANGS:
                for i, pattern in enumerate(spec["phrases"][lang]):
                    problem = bad_pattern(pattern)
                    if problem:
                        doc.problem((kind, ident, "phrases", lang, i), f"the pattern is not a valid regular expression: {problem}",
                                    "check brackets and escape ( ) [ ] ? + * with a backslash to match them literally")
    for key in OPTIONAL_FACTS:
        if key in data:
            _check_fields(doc, (key,), known - set(OPTIONAL_FACTS))
    remedies = data.get("remedies", {})
    for i, option in enumerate(data.get("resolved_by", [])):
        for j, ident in enumerate(option):
            if ident not in remedies:
                doc.problem(("resolved_by", i, j), f"`{ident}` is not one of this scenario's remedies",
                            f"use one of: {', '.join(remedies) or '(add a `remedies:` section first)'}")
            elif remedies[ident].get("short"):
                doc.problem(("resolved_by", i, j), f"`{ident}` falls short (it has `short:`), so it cannot resolve the case",
                            "remove it from `resolved_by` or drop its `short:`")
    if remedies and not data.get("resolved_by"):
        doc.problem(("remedies",), "the scenario has remedies but no `resolved_by`",
                    "add `resolved_by:` listing which remedies resolve the case, e.g. [[refund]]")


def _get(data: Any, keys: tuple) -> Any:
    for key in keys:
        data = data[key]
    return data


def _check_fields(doc: datafile.Document, keys: tuple, known: set[str]) -> None:
    node = _get(doc.data, keys)
    for lang, template in ([(k, v) for k, v in node.items()] if isinstance(node, dict) else [(None, node)]):
        where = (*keys, lang) if lang else keys
        problem = malformed(template)
        if problem:
            doc.problem(where, f"the template is not valid: {problem}",
                        "write facts as {name}; for a literal brace write {{ or }}")
        missing = fields(template) - known
        if missing:
            doc.problem(where, f"the template uses {{{', '.join(sorted(missing))}}}, which is not a fact or detail",
                        f"add it under `details:` or use one of: {', '.join(sorted(known))}")


def _questions(spec: dict[str, Any]) -> dict[str, Question]:
    return {qid: Question(qid, Phrases.of(q["phrases"], negatable=False), q["answer"]) for qid, q in spec.items()}


def _asked(questions: dict[str, Question], text: str, lang: str) -> tuple[str, ...]:
    """The questions `text` asks. Of two whose words overlap, the one reaching further is asked: the
    words that follow say what it is about. 地址是什么时候改的? asks when the address changed, not
    the dates of the case; "tell me what time it was booked for" asks the time, not what happened
    (play-test 11). They are answered in the order they were asked."""
    found = {q.id: span for q in questions.values() if (span := q.phrases.find(text, lang))}
    asked = [i for i, s in found.items() if not any(_further(o, s) for o in found.values())]
    return tuple(sorted(asked, key=lambda i: found[i].start))  # answered in the order asked


def _further(one: Span, other: Span) -> bool:
    """Does `one` overlap `other` and reach further (or as far, from earlier)?"""
    overlap = one.start < other.end and other.start < one.end
    return overlap and (one.end > other.end or (one.end == other.end and one.start < other.start))


@cache
def identity_questions() -> dict[str, Question]:
    """Who the customer is (name, address, phone…): questions any customer answers, whatever the
    case, when none of the scenario's own questions matched (`simulator/data/identity.yaml`)."""
    return _questions(datafile.load(datafile.packaged("identity.yaml"), "identity").data["questions"])


def _texts(data: Any, lang: str) -> Iterable[str]:
    """Every string in a scenario's data that a reader of `lang` sees: its own language's and the
    language-free ones (an invoice number), never the other language's."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if key not in LANGS or key == lang:
                yield from _texts(value, lang)
    elif isinstance(data, (list, tuple)):
        for item in data:
            yield from _texts(item, lang)
