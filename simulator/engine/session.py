"""One practice call: the trainee speaks, the persona's machine moves, the customer answers.

The session is the engine's single entry point and knows nothing of terminals. Each
`respond()` returns a complete `Turn` record, so any front end (interactive, scripted, a
workshop projector) and the scorer work from the same facts. The same seed always gives
the same conversation, so a call can be rewound by replaying its first turns.

A turn is heard twice: as moves (what kind of reply it was, from the recogniser) and as
content (which of the scenario's remedies it offers, which details it asks about, which of
the persona's needs it meets, from the coach's phrases). The customer's answer is a reaction
to that content (the detail asked for, why an offer falls short, a retort to a policy wall),
then a line of the state the machine moved to, chosen among the lines that fit what has
happened so far.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Iterable, Sequence

from simulator.engine.conditions import Situation
from simulator.engine.persona import EVENT, Line, Persona
from simulator.engine.phrases import choice_in, first_option_end, names_a_time, prefers, promises, says_goodbye
from simulator.engine.picks import Pick
from simulator.engine.scenario import Heard, Scenario
from simulator.moves import BAD_MOVES, MOVES, Move, Span
from simulator.recognition.recogniser import recognise
from simulator.text import REPLY_SENTENCE_END, clean, fill, known, numbers, reply_sentences, times, written_numbers

Recogniser = Callable[..., list[Move]]

#: Anger is a 0–100 scale.
MOOD_MIN, MOOD_MAX = 0, 100

#: How long (characters) a check that follows a restatement can be: "Have I got that right?", 是这样吧?
CHECK_BACK = 30
#: How sure a move heard through the case is: a remedy offered is help, the story told back a restatement.
HEARD_IN_CASE = 0.8

#: Reactions a final state still gets: the customer answers facts, retorts to a fault ("Don't doubt me.
#: … Put your manager on."), and takes one of the times or channels offered ("today at 12:40, or another
#: day?"), even while hanging up.
FINAL_REACTIONS = ("answer", "short", "policy_wall", "blame_customer", "blame_colleague", "deflect", "doubt", "hold_to",
                   "choose", "pick", "not_picked", "farewell")
#: Reactions that are the whole reply: after "No, that's not it…", no state line may go on
#: "Right, you've understood".
WHOLE_REACTIONS = ("restate_wrong", "restate_number", "hang_up")
#: Faults whose sentence offers no remedy unless it also commits ("…, but I'll send an engineer tomorrow");
#: a hedge or a stall is a vague offer, answered as one (`vague`), so it is not here.
NO_OFFER_IN = ("refuse", "argue", "policy_wall", "blame_customer", "blame_colleague", "dont_know", "deflect", "dismiss",
               "doubt", "insult")
#: Reactions to a choice the trainee offered: a remedy the case needs named, or any option taken.
CHOICES = ("choose", "pick")
#: A pick line that takes the first of two options ("The first…", 前一个…); the others take the second.
_NAMES_FIRST = {"en": re.compile(r"\bfirst\b", re.IGNORECASE), "zh": re.compile("前一个|第一个|前者")}
#: Reactions that press for what the case still lacks (the remedy, an unmet need): said every other
#: turn at most, a reminder and not a refrain.
PRESSING = ("missing", "need_")


@dataclass
class Turn:
    """Everything that happened in one exchange; `to_dict` makes it plain data."""

    index: int
    text: str
    moves: list[Move]
    mood_before: int
    mood_after: int
    state_before: str
    state: str
    reply: str
    outcome: str | None = None
    offers: list[str] = field(default_factory=list)   # the scenario's remedies offered
    asked: list[str] = field(default_factory=list)    # the scenario's details asked about
    reaction: str = ""                                # the part of the reply answering this turn
    line: str = ""                                    # the state's line that followed it
    early_goodbye: bool = False                       # a goodbye with nothing that resolves the case
    not_picked: bool = False                          # a commitment the way the customer turned down

    @property
    def move_names(self) -> list[str]:
        return [m.name for m in self.moves]

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Turn":
        """A turn record read back (from the store or a `play --json` file) as typed data again."""
        spans = record.get("spans") or {}
        moves = [Move.from_dict({"name": name, "spans": spans.get(name, ())}) for name in record.get("moves", [])]
        known = {f.name for f in fields(cls)} - {"moves"}
        return cls(moves=moves, **{k: v for k, v in record.items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "moves": self.move_names,
                "mood_before": self.mood_before, "mood_after": self.mood_after,
                "state_before": self.state_before, "state": self.state, "reply": self.reply,
                "outcome": self.outcome, "offers": list(self.offers), "asked": list(self.asked),
                "reaction": self.reaction, "line": self.line, "early_goodbye": self.early_goodbye,
                "not_picked": self.not_picked,
                "spans": {m.name: m.to_dict()["spans"] for m in self.moves}}


@dataclass
class LineDeck:
    """Draws a state's lines without repeating one until all have been said.

    Lines that do not fit the call so far (a demand already met) are skipped, not lost: they
    stay in the deck for when they fit again.
    """

    rng: random.Random
    decks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    last: dict[tuple[str, str], str] = field(default_factory=dict)

    def draw(self, key: tuple[str, str], lines: Sequence[str | Line],
             situation: Situation | None = None, after: str = "") -> str:
        """The next line that fits; not the last one said, nor one opening as `after` (the words just
        before it in the same reply: "Fine. Now the remedy… Fine. What's your name?") while another fits."""
        fitting = [_text(l) for l in lines if situation is None or isinstance(l, str) or l.fits(situation)]
        fitting = fitting or [_text(l) for l in lines]  # nothing fits: better said than silent
        deck = self.decks.get(key)
        if not deck or not set(deck) & set(fitting):
            deck = list(dict.fromkeys(_text(l) for l in lines))
            self.rng.shuffle(deck)
            if len(deck) > 1 and deck[-1] == self.last.get(key):  # no echo across a reshuffle
                deck[0], deck[-1] = deck[-1], deck[0]
            self.decks[key] = deck
        candidates = [i for i in range(len(deck) - 1, -1, -1) if deck[i] in fitting]
        fresh = [i for i in candidates if deck[i] != self.last.get(key)]  # a reshuffle may put it on top
        chosen = next((i for i in fresh if not _same_opening(deck[i], after)), (fresh or candidates)[0])
        self.last[key] = deck.pop(chosen)
        return self.last[key]


def _same_opening(line: str, before: str) -> bool:
    """Do two lines open with the same words ("Noted." / "Noted, with the time."; "好。" / "好,我复述")?"""
    first, second = (_OPENING.match(text.strip()).group().lower() for text in (line, before))
    return bool(first) and first == second


#: A line's opening words: up to its first mark or space.
_OPENING = re.compile(r"[^\s.,;:!?'\"。,，、;；:：!！?？…—“”‘’]*")


def _text(line: str | Line) -> str:
    return line if isinstance(line, str) else line.text


class Session:
    """A call between a trainee and one persona playing one scenario."""

    def __init__(self, persona: Persona, scenario: Scenario, lang: str = "zh", seed: int = 0,
                 recogniser: Recogniser = recognise):
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        self.persona, self.scenario, self.lang, self.seed = persona, scenario, lang, seed
        self.recognise = recogniser
        self.rng = random.Random(seed)
        self.deck = LineDeck(self.rng)
        self.machine = persona.machine()
        self.mood = persona.start_mood
        self.seen: Counter = Counter()
        self.offered: set[str] = set()       # remedies offered over the call
        self.needs: set[str] = set()         # the persona's needs met over the call
        self.vague: str | None = None        # the words of a vague promise not yet made good
        self.promises: dict[str, tuple[int, str]] = {}  # need → (turn, the trainee's sentence meeting it)
        self.held: set[str] = set()          # the needs whose promise was quoted back
        self.turns: list[Turn] = []
        self.state_turns = 0
        self.values = scenario.values(lang)
        openers = persona.data.get("openers") or scenario.data["openers"]  # a persona may bring its own
        self.opening = fill(self.rng.choice(openers[lang]), self.values)
        self.last_reply = self.opening
        self.last_reaction = ""              # the kind of reaction said last turn ("missing", "answer"…)
        self.closed = False                  # the satisfied customer has had the trainee's last word
        self.pick: Pick | None = None        # what the customer took from a choice, until the trainee does it

    @property
    def state(self) -> str:
        return next(iter(self.machine.configuration)).id

    @property
    def outcome(self) -> str | None:
        return self.persona.outcome(self.state)

    @property
    def over(self) -> bool:
        """Has the call ended? A satisfied customer still hears one last reply, so that the trainee can
        confirm, check for anything else and say goodbye (every play-test: the call ended mid-sentence),
        unless the reply that satisfied it closed the call already."""
        return self.outcome is not None and (self.outcome != "satisfied" or self.closed)

    @property
    def closing(self) -> bool:
        """Is the next reply the last word to a customer already satisfied?"""
        return self.outcome == "satisfied" and not self.closed

    @property
    def resolved(self) -> bool:
        """Has the trainee offered what resolves the case? (Any help, for a scenario without remedies.)"""
        done = self.scenario.resolved(self.offered)
        return bool(self.seen["help"]) if done is None else done

    @property
    def needs_met(self) -> bool:
        return set(self.persona.needs) <= self.needs

    def respond(self, text: str) -> Turn:
        """Hear one trainee utterance and play the customer's answer."""
        if self.over:
            raise RuntimeError("the call has ended")
        last_word = self.closing  # the customer is satisfied already: this reply closes the call
        text = clean(text)  # pasted bytes or escape codes must not break the transcript or the screen
        moves = self._figure_put_right(_with_story_told_back(self.recognise(text, lang=self.lang), text, self.scenario,
                                                             self.lang), text)
        restating = _restating(text, moves)
        telling = {(a, b) for a, b in restating if not promises(text[a:b], self.lang)}  # "…and credit the ¥140" commits
        told = _only(text, telling | self._faulted(text, moves), keep=False)  # the customer's story told back, or
        # a fault said without a commitment ("the delay is down to the courier company"), promises nothing
        asking = _only(text, _questions(text, moves) - restating)  # "…号码0571-8823-4410…对吗?" checks, it asks no number
        misnumbered = self._misnumbered(_only(text, restating)) if any(m.name == "restate" for m in moves) else ""
        if misnumbered:  # a restatement that gets a number of the case wrong is corrected, not credited
            moves = [m for m in moves if m.name != "restate"]
        names = frozenset(m.name for m in moves)
        heard = self.scenario.hear(told, self.lang, asking=asking)
        met = {n.id: n.met_by(told, self.lang, names) for n in self.persona.needs.values()}  # nor meets a need
        promised = [s for s in met.values() if isinstance(s, Span)] if not moves else []  # "I'll confirm it by SMS."
        moves = _with_offer_as_help(moves, heard, promised)
        names = frozenset(m.name for m in moves)
        self.seen.update(names)
        against = self._against_pick(told, heard, names)
        short = self._short(heard) | (frozenset(heard.offers) if against else frozenset())
        before_offered = set(self.offered)
        if not short:  # an offer that falls short spoils the turn, unless the turn resolves the case beside it
            self.offered.update(heard.offers)
        if not against:  # "sent to your mobile by text" meets no need of a customer who asked for email
            self.needs.update(n for n, how in met.items() if how)
        helping = _sentences_with(text, moves, "help")  # "…and now your connection's gone. I'm so sorry." promises nothing
        for need, how in met.items():  # a commitment in the trainee's words, to quote back as the call closes
            if isinstance(how, Span) and any(a <= how.start < b for a, b in helping) and need not in self.promises:
                said = _sentence(text, how)
                if said:
                    self.promises[need] = (len(self.turns) + 1, said)
        before, state_before = self.mood, self.state
        fresh = not short and bool(set(heard.offers) - before_offered)  # a remedy not offered before
        goodbye = says_goodbye(text, self.lang)
        early = goodbye and not self.resolved  # "再见。" with the case not yet put right
        due = frozenset({"close"}) if last_word or self.resolved else frozenset()  # closing once it is put right is no rush
        self.mood = max(MOOD_MIN, min(MOOD_MAX, self.mood + self.persona.delta(names, fresh, bool(short) or against, early, due)))
        self.state_turns += 1
        situation = Situation(names, self.seen, self.mood, len(self.turns) + 1, self.state_turns,
                              frozenset(heard.offers), short, frozenset(heard.asked),
                              self.resolved and not against, self.needs_met,  # not resolved the way it turned down
                              names_a_time(told, self.lang), early)
        if not last_word:  # a final state takes no more events
            self.machine.send(EVENT, situation=situation)
        if self.state != state_before:
            self.state_turns = 0
        # the last word that goes against the customer's pick leaves the call open for the correction (play-test 23)
        self.closed = (last_word and not against) or (self.outcome == "satisfied" and ("close" in names or goodbye))
        kind, reaction = self._reaction(text, moves, heard, situation, misnumbered, against)
        self.last_reaction = kind
        line = "" if self._whole(kind, names, state_before) or (last_word and reaction) else \
            self._line(self.state, situation, reaction)
        reply = _join(reaction, line, self.lang)
        if self.closed and not last_word and kind != "farewell":  # satisfied and closed in one reply (play-test 20:
            reply = _join(reply, self._farewell(situation, reply), self.lang)  # "您看还有什么要补充的吗?" went unanswered)
        turn = Turn(len(self.turns) + 1, text, list(moves), before, self.mood, state_before, self.state, reply,
                    self.outcome, list(heard.offers), list(heard.asked), reaction, line, early, against)
        self.turns.append(turn)
        self.last_reply = reply
        return turn

    def _whole(self, kind: str, names: frozenset[str], state_before: str) -> bool:
        """Is the reaction the whole reply? A corrected restatement always is. While the customer's
        state stays as it was, so is its pick from a choice (no line goes on as if it were done) and
        its answer to a turn that only asked (no "Yes, that's exactly what I've been saying" glued
        to "Mailed 2 April")."""
        if kind in WHOLE_REACTIONS:
            return True
        asked_only = kind in ("answer", "cannot_answer") and names <= {"ask", "thank", "greet"}
        return (asked_only or kind in CHOICES) and self.state == state_before

    def _short(self, heard: Heard) -> frozenset[str]:
        """The remedies offered this turn that fall short, unless the rest of the call resolves the case
        (then they are extras or an alternative beside the remedy: "…or rebook, if you'd rather?"), the
        remedy put to the customer in the same breath included ("让他12点40之前赶到,还是改到周六?")."""
        short = self.scenario.short_of(heard.offers)
        beside = self.offered | set(heard.offers) | set(heard.proposed)
        return frozenset() if short and self.scenario.resolved(beside - short) else short

    def _reaction(self, text: str, moves: Sequence[Move], heard: Heard,
                  situation: Situation, misnumbered: str = "", against: bool = False) -> tuple[str, str]:
        """What the customer says to this very turn, before the state's line, and its kind (or nothing)."""
        for kind, extra in self._reactions(text, moves, heard, situation, misnumbered, against):
            if self.over and kind not in FINAL_REACTIONS:
                continue
            lines = [line for line in self.persona.reaction(kind, self.lang) if line.fits(situation)]
            if kind == "pick" and extra["first"] is not None:  # of two remedies, the one the case needs
                lines = [line for line in lines if bool(_NAMES_FIRST[self.lang].search(line.text)) == extra["first"]] or lines
            if kind == "answer" and not lines:
                return kind, extra["answer"]
            if lines:
                line = self.deck.draw(("reaction:" + kind, self.lang), lines, situation)
                self._spoken(kind, extra, line)
                return kind, fill(line, {**self.values, **extra})
        return "", ""

    def _farewell(self, situation: Situation, before: str) -> str:
        """The customer's leave-taking after `before`, the line that says it is satisfied (and not
        opening as its last sentence does: no "…谢谢。谢谢,再见。")."""
        lines = [line for line in self.persona.reaction("farewell", self.lang) if line.fits(situation)]
        last = next((c for c in reversed(re.split(r"[,，。.!！?？;；…]+", before)) if c.strip()), "")  # its last words
        return fill(self.deck.draw(("reaction:farewell", self.lang), lines, situation, last), self.values) if lines else ""

    def _spoken(self, kind: str, extra: dict, line: str) -> None:
        """Memory is used up, or made, only by the reaction actually spoken: a reminder or a promise that a
        more pressing reaction (an answer, a retort) displaced this turn is still there next turn, and a
        pick is held to once `line` has said which option the customer takes."""
        if kind == "choose":
            self.pick = extra.get("pick")
        elif kind == "pick" and extra.get("options"):
            first = extra["first"] if extra["first"] is not None else bool(_NAMES_FIRST[self.lang].search(line))
            named = tuple(self._remedies_named(half) for half in extra["options"])
            self.pick = Pick.between(*extra["options"], took_first=first, lang=self.lang, remedies=named)
        elif kind == "reminder":
            self.vague = None
        elif kind == "hold_to":
            self.held.add(extra["need"])

    def _figure_put_right(self, moves: list[Move], text: str) -> list[Move]:
        """Right after the customer corrected a figure ("Not 652."), the reply that gives the right one
        ("Apologies, I misread: 625, so the gap is 140.") completes the restatement (play-test 13)."""
        if self.last_reaction != "restate_number" or any(m.name == "restate" or m.name in BAD_MOVES for m in moves):
            return moves
        among = self._numbers_known()
        for a, b in reply_sentences(text):
            if written_numbers(text[a:b]) and not _unknown_number(text[a:b], among):
                return _with_restatement(moves, text, a, b)
        return moves

    def _misnumbered(self, restated: str) -> str:
        """The first number of the restatement (`restated`: the reply's sentences that tell the story
        back) that neither the case nor the customer gave, as written; "" when all are right. "¥60"
        for ¥36 or 五天 for 九天 is corrected, not confirmed (play-test 8), and the customer names it."""
        return _unknown_number(restated, self._numbers_known())

    def _numbers_known(self) -> set[tuple[float, str]]:
        """Every number the case or the customer has given so far."""
        return self.scenario.numbers(self.lang) | numbers(" ".join([self.opening, *(t.reply for t in self.turns)]))

    def _reactions(self, text: str, moves: Sequence[Move], heard: Heard,
                   situation: Situation, misnumbered: str = "", against: bool = False) -> list[tuple[str, dict]]:
        """The reactions this turn calls for, the most pressing first."""
        names = situation.moves
        found: list[tuple[str, dict]] = []
        if against and self.pick:
            found.append(("not_picked", {"picked": self.pick.said_for(text, heard.offers, self.lang)}))
        if heard.asked:
            found.append(("answer", {"answer": _list(self.scenario.answer(q, self.lang) for q in heard.asked)}))
        short = sorted(r for r in situation.short if self.scenario.remedies[r].short)  # not the option turned down
        if short:
            remedy = self.scenario.remedies[short[0]]
            found.append(("short", {"short": fill(remedy.short[self.lang], self.values)}))
        picked = self._picked(text, heard, names)
        if picked:
            found.append(picked)
        for move in ("policy_wall", "blame_customer", "blame_colleague", "deflect", "doubt"):
            if move in names:
                found.append((move, {}))
        vague = _words(moves, ("hedge", "delay"))
        if vague:
            self.vague = vague
            found.append(("vague", {"said": vague}))
        elif self.vague and (situation.offered or "close" in names):
            found.append(("reminder", {"said": self.vague}))
        if misnumbered:  # "Not 35. It's …", or, where the persona has no such line, plainly corrected
            found += [("restate_number", {"wrong": misnumbered}), ("restate_wrong", {})]
        elif "restate" in names:
            gist = self.scenario.gist
            right = not gist or bool(gist.find(text, self.lang))
            found.append(("restate" if right else "restate_wrong", {}))
        if situation.early_goodbye:
            found.append(("hang_up", {"missing": self.scenario.wanted(self.offered, self.lang)}))
        if situation.resolved and not situation.needs_met:
            found += [("need_" + n, {}) for n in self.persona.needs if n not in self.needs]
        chose = bool(picked) and picked[0] == "choose"
        if not (situation.resolved or situation.offered or heard.asked or chose):  # `when:` says if it is time
            found.append(("missing", {"missing": self.scenario.wanted(self.offered, self.lang)}))
        if self.turns and self.turns[-1].outcome == "satisfied":  # the last word to a satisfied customer
            found.append(("farewell", {}))
        need = self._promise_to_hold(names)
        if need:
            found.append(("hold_to", {"said": self.promises[need][1], "need": need}))
        if situation.offered:
            found.append(("accept", {}))
        # a question of care ("您现在腿还好吗?", empathise) gets how the customer feels, not "How would I know?"
        answerable = names & {"greet", "close", "help", "empathise"}
        if "ask" in names and not (heard.asked or heard.offers or answerable):
            found.append(("cannot_answer", {}))
        return [(kind, extra) for kind, extra in found
                if not (kind == self.last_reaction and kind.startswith(PRESSING))]

    def _picked(self, text: str, heard: Heard, names: frozenset[str]) -> tuple[str, dict] | None:
        """The customer's answer to a choice put to it: `choose` names the remedies it takes in its own
        words; `pick` takes the first or the second of anything else (a time, a channel)."""
        choice = self._choice(heard)
        options = choice_in(text, self.lang) if "close" not in names else None
        spans = reply_sentences(text)  # the whole choice, from the sentence it opens in to the one it closes in
        begin = self._choice_begins(text, spans, options.start) if options else 0
        taken = self._taken(heard, options, begin) if options else ()
        choice = choice or self.scenario.in_words(taken, self.lang)
        if choice:
            return "choose", {"choice": choice, "pick": self._remedies_picked(heard, taken)}
        if options:
            first = taken[0] == min(heard.offers, key=lambda r: heard.spans[r].start) if len(taken) == 1 else None
            end = min((b for _, b in spans if b >= options.end), default=len(text))
            split = first_option_end(text[options.start:end], self.lang)
            # a choice heard from its "or" has its first option earlier in the sentence ("two ways: a partner
            # airline flight…, or our own next flight…?"; play-test 21 took the one that missed the signing)
            opens = begin if split == 0 else options.start
            if first is None:
                first = self._first_decides(heard, text, begin, opens, end)
            if first is None:  # the times in the choice itself, else in the sentences it spans ("…free. 11 to 1, or 9 to 11?")
                first = _sooner(options.text, self.lang)
                first = _sooner(text[begin:end], self.lang) if first is None else first
            halves = None if split is None else (text[begin:options.start + split], text[options.start + split:end])
            return "pick", {"first": first, "options": halves}
        return None

    def _choice_begins(self, text: str, spans: list[tuple[int, int]], at: int) -> int:
        """Where the sentences of a choice begin: the sentence of `at`, or the one before it when that
        sentence opens with its "or" ("…by 12:40. Or, if today's a write-off, any day you like?")."""
        if not spans:
            return 0
        k = max((i for i, (a, _) in enumerate(spans) if a <= at), default=0)
        sentence = text[spans[k][0]:spans[k][1]]
        split = first_option_end(sentence, self.lang)
        opens_with_or = split is not None and not sentence[:split].strip(" \t\"'“”‘’,，")
        return spans[k - 1][0] if opens_with_or and k > 0 else spans[k][0]

    def _remedies_picked(self, heard: Heard, taken: tuple[str, ...]) -> Pick | None:
        """The remedies the customer chose (`taken` from those offered as a choice, else those it still
        needs of those put to it as a question) against the others of the choice, or None."""
        named = list(heard.spans) if taken else list(heard.proposed)  # one that falls short is turned down too
        chosen = frozenset(taken or set(heard.proposed) & set(self.scenario.missing(self.offered)))
        declined = frozenset(named) - chosen
        said = self.scenario.in_words(sorted(chosen), self.lang)
        return Pick(chosen, declined, said) if declined and said else None

    def _faulted(self, text: str, moves: Sequence[Move]) -> set[tuple[int, int]]:
        """The sentences that carry a fault other than a vague promise and commit to nothing: a remedy's
        words there offer nothing (play-test 22: "the delay with the engineer is down to the courier
        company" was heard as the repair offered, and the anger fell)."""
        faulted = set().union(*(_sentences_with(text, moves, name) for name in NO_OFFER_IN))
        return {(a, b) for a, b in faulted if not promises(text[a:b], self.lang)}

    def _remedies_named(self, option: str) -> dict[str, str]:
        """The scenario's remedies an option of a choice names, each in the customer's words."""
        heard = self.scenario.hear(option, self.lang)
        return {r: self.scenario.in_words([r], self.lang) or self.scenario.say(r, self.lang)
                for r in (*heard.offers, *heard.proposed)}

    def _against_pick(self, told: str, heard: Heard, names: frozenset[str]) -> bool:
        """Does this commitment go the way the customer turned down? Once it goes the customer's way, the
        pick is settled; words that commit nothing (a question, a restatement) are never against it."""
        if self.pick is None or "help" not in names:
            return False
        if self.pick.against(told, heard.offers, self.lang):
            return True
        if self.pick.kept(told, heard.offers, self.lang):
            self.pick = None
        return False

    def _first_decides(self, heard: Heard, text: str, begin: int, opens: int, end: int) -> bool | None:
        """Is the first of two options the one to take, because it names what a customer prefers ("on your
        card or as store credit?"; play-test 18) or the remedy nearest to putting the case right
        ("直接免掉恢复费…,还是今天一次交清?"; of a refund and an exchange, the earlier way)? None when neither
        decides. The options are `begin:end`, the choice put from `opens`, its second option at the first
        "or"/还是 from there; a remedy before `opens` is what both options are about ("A technician
        tomorrow, free. 11 to 1, or 9 to 11?")."""
        split = first_option_end(text[opens:end], self.lang)
        if split is None:
            return None
        split += opens
        first, second = prefers(text[begin:split], self.lang), prefers(text[split:end], self.lang)
        if first != second:  # its money back to the card, either way a refund (play-test 18)
            return first
        sides = [self._resolving(self._remedies_named(text[a:b])) for a, b in ((opens, split), (split, end))]
        fit = [r for side in sides for r in side if r not in sides[0] or r not in sides[1]]  # named by one option only
        if fit:  # the option with the remedy nearest to putting the case right, then of the earliest way (as `_taken`):
            return self._nearest(fit, heard) in sides[0]  # play-test 21 (a refund demanded, the exchange taken)
        return None

    def _fitting(self, spans: dict[str, Span]) -> list[str]:
        """The remedies of `spans` (offered or proposed this turn) that do not fall short and belong to a way
        of resolving the case, in the order they were said."""
        return sorted(self._resolving(spans), key=lambda r: spans[r].start)

    def _resolving(self, remedies: Iterable[str]) -> list[str]:
        """Of `remedies`, those that do not fall short and belong to a way of resolving the case."""
        short = self.scenario.short_of(remedies)
        return [r for r in remedies if r not in short and any(r in way for way in self.scenario.resolutions)]

    def _taken(self, heard: Heard, choice: Span, begin: int = 0) -> tuple[str, ...]:
        """Of remedies offered together as a choice, the ones the customer takes: those named from
        `begin`, the start of the sentence the choice opens in (play-test 25: the e-policy and the claim,
        offered before "Would you rather a specialist call you at 3 or at 4:30?", are no options of it).

        Alternatives (remedies of different ways to resolve the case, or one that falls short): the one
        that comes nearest to putting the case right, then of the earliest way; never one that falls short
        ("一、全额退…二、换样机…三、免费换屏。您倾向哪一种?": the refund, not "后一个"; play-tests 9 and 11;
        "a free repair, or a new machine on Friday?": the new machine, which needs nothing more; play-test 13).
        Parts of one way put as the options of `choice` ("一是上门修,二是书面承诺…您更倾向哪一个?"): all of
        them, as the case needs both (play-test 12). None otherwise: "I'm booking the drive and copying
        your files; the ¥25 to your card, or as a credit?" asks how the ¥25 comes back, not which remedy."""
        short, ways = self.scenario.short_of(heard.offers), self.scenario.resolutions
        fit = [r for r in self._fitting(heard.spans) if heard.spans[r].start >= begin]
        if not fit:
            return ()
        if short or not any(set(fit) <= way for way in ways):  # the one nearest to putting the case right
            return (self._nearest(fit, heard),)
        named = any(choice.start <= heard.spans[r].start < choice.end for r in fit)  # the choice is about them
        return tuple(fit) if len(fit) > 1 and named else ()

    def _nearest(self, remedies: Sequence[str], heard: Heard) -> str:
        """Of `remedies`, the one nearest to putting the case right (fewest remedies still missing from
        its way), then of the earliest way."""
        offered, ways = self.offered | set(heard.offers), self.scenario.resolutions
        return min(remedies, key=lambda r: min((len(way - offered), i) for i, way in enumerate(ways) if r in way))

    def _choice(self, heard: Heard) -> str:
        """What the customer picks from remedies put to it as a question ("Would you like a refund
        or a credit?"): those the case still needs, in its words; nothing if none is needed."""
        if heard.offers or not set(heard.proposed) & set(self.scenario.missing(self.offered)):
            return ""
        return self.scenario.wanted(self.offered, self.lang, among=heard.proposed)

    def _promise_to_hold(self, names: frozenset[str]) -> str:
        """The need of an earlier promise (a time, a name, it in writing) whose words the customer
        quotes back once as the call closes, so a precise commitment is remembered as well as a vague one."""
        if not ("close" in names or self.outcome == "satisfied") or not self.persona.reaction("hold_to", self.lang):
            return ""
        earlier = [need for need, (turn, _) in self.promises.items()
                   if turn <= len(self.turns) and need not in self.held]
        return earlier[0] if earlier else ""

    def _line(self, state: str, situation: Situation, after: str = "") -> str:
        line = self.deck.draw((state, self.lang), self.persona.guarded_lines(state, self.lang), situation, after)
        return fill(line, self.values)

    def restart(self) -> "Session":
        """A fresh call with the same persona, scenario, language and seed."""
        return Session(self.persona, self.scenario, self.lang, self.seed, self.recognise)

    def rewind(self, turns: int = 1) -> "Session":
        """The same call as it stood `turns` turns ago: replayed from the start, so exactly as it was."""
        again = self.restart()
        for turn in self.turns[:max(0, len(self.turns) - turns)]:
            again.respond(turn.text)
        return again


def _with_offer_as_help(moves: list[Move], heard: Heard, commitments: Sequence[Span] = ()) -> list[Move]:
    """Offering one of the scenario's remedies, or a choice of them ("Would you like a refund or a
    credit?"), or meeting a need of the customer's ("I'll confirm it by SMS"), is offering help,
    whether or not the rules heard it."""
    if not (heard.offers or heard.proposed or commitments) or any(m.name == "help" for m in moves):
        return moves
    spans = tuple(sorted([*heard.spans.values(), *heard.proposed.values(), *commitments], key=lambda s: s.start))
    return sorted([*moves, Move("help", HEARD_IN_CASE, spans)], key=lambda m: MOVES.index(m.name))


def _with_story_told_back(moves: list[Move], text: str, scenario: Scenario, lang: str) -> list[Move]:
    """The customer's story told back in free words is a restatement, though no opener said so: a
    sentence that names the case to the customer (`Scenario.told_back`, which offers no remedy) and in
    which nothing was heard but feeling for it or ownership of it, in a reply with no fault ("You
    took a day off unpaid and sat waiting since nine. I'm so sorry."; "So a pump failure three weeks
    in, your clothes stuck for two days: that's miserable."; play-test 18: "You paid for a new
    motherboard and got your old one back without being told, that's not acceptable")."""
    if any(m.name == "restate" or m.name in BAD_MOVES for m in moves):
        return moves
    heard = [s for m in moves if m.name not in ("apologise", "empathise", "own") for s in m.spans
             if not (m.name == "help" and _guessed(s, text))]
    for a, b in reply_sentences(text):
        if not any(s.start < b and a < s.end for s in heard) and scenario.told_back(text[a:b], lang) \
                and not promises(text[a:b], lang):  # "…, but I can get the machine working tomorrow" commits
            return _with_restatement(_without_help_in(moves, a, b), text, a, b)
    return moves


def _guessed(span: Span, text: str) -> bool:
    """Is `span` a whole sentence, as the semantic layer marks what it hears (a rule marks its cue)?"""
    return len(span.text.strip()) >= 0.8 * max((b - a for a, b in reply_sentences(text) if a <= span.start < b), default=1)


def _without_help_in(moves: list[Move], start: int, end: int) -> list[Move]:
    """`moves` without the help guessed in the story told back at `start:end`: its remedies are the
    customer's (play-test 20: "…保单却补不下来,换谁都着急" was heard as an offer, and the customer
    counted on "what you just said")."""
    out = []
    for m in moves:
        spans = tuple(s for s in m.spans if not (m.name == "help" and start <= s.start < end))
        if spans or m.name != "help":
            out.append(m if spans == m.spans or m.name != "help" else replace(m, spans=spans))
    return out


def _with_restatement(moves: list[Move], text: str, start: int, end: int) -> list[Move]:
    """`moves` and a restatement heard through the case in the sentence `start:end`."""
    told = Move("restate", HEARD_IN_CASE, (Span(start, end, text[start:end]),))
    return sorted([*moves, told], key=lambda m: MOVES.index(m.name))


def _unknown_number(text: str, among: set[tuple[float, str]]) -> str:
    """The first number in `text` that is not `among`, as written, or ""."""
    return next((words for words, number in written_numbers(text) if not known(number, among)), "")


def _words(moves: Sequence[Move], names: tuple[str, ...]) -> str:
    """The trainee's own words for the first of `names` heard, to quote back at them."""
    return next((m.spans[0].text for m in moves if m.name in names and m.spans), "")


def _sentences_with(text: str, moves: Sequence[Move], name: str) -> set[tuple[int, int]]:
    """The sentences in which the recogniser heard `name`."""
    spans = [s for m in moves if m.name == name for s in m.spans]
    return {(a, b) for a, b in reply_sentences(text) if any(a <= s.start < b for s in spans)}


def _restating(text: str, moves: Sequence[Move]) -> set[tuple[int, int]]:
    """The sentences that tell the customer's story back: those heard as a restatement, and the
    one before a short check that follows it ("…no reconnection fee. Have I got that right?")."""
    sentences = reply_sentences(text)
    heard = _sentences_with(text, moves, "restate")
    checked = {before for before, (a, b) in zip(sentences, sentences[1:]) if (a, b) in heard and b - a <= CHECK_BACK}
    return heard | checked


def _questions(text: str, moves: Sequence[Move]) -> set[tuple[int, int]]:
    """The sentences that ask the customer something: those with a question mark, or, in a reply
    without one, those in which an `ask` was heard ("麻烦您报一下姓名"). A fact the trainee merely
    states beside a question ("…告诉您准点几点到。您是想今天,还是明天?") is not asked for, nor
    is one inside a doubt (play-test 14: "are you sure you sent the address change?" drew the address)."""
    marked = {(a, b) for a, b in reply_sentences(text) if "?" in text[a:b] or "？" in text[a:b]}
    doubting = _sentences_with(text, moves, "doubt")  # "are you sure you sent the address change?" wants no address
    return (marked or _sentences_with(text, moves, "ask")) - doubting


def _only(text: str, sentences: set[tuple[int, int]], keep: bool = True) -> str:
    """`text` with the sentences not kept (or, with `keep=False`, those given) blanked out, so
    that offsets still point where they did: the customer's story told back offers nothing, and
    only the sentences that ask can ask for a detail."""
    return "".join(text[a:b] if ((a, b) in sentences) == keep else " " * (b - a) for a, b in reply_sentences(text))


def _sentence(text: str, span: Span) -> str:
    """The sentence of `text` around `span` without its closing punctuation, to quote back ('' for a question)."""
    start = max((m.end() for m in REPLY_SENTENCE_END.finditer(text) if m.end() <= span.start), default=0)
    end = REPLY_SENTENCE_END.search(text, span.end)
    if end and ("?" in end.group() or "？" in end.group()):
        return ""
    return text[start:end.start() if end else len(text)].strip()


def _sooner(options: str, lang: str) -> bool | None:
    """Of two times offered ("8am or 10am?", 九点还是十一点?, 现在…还是明天…?), is the first the sooner?
    An angry customer takes the sooner one, whichever order it came in (play-test 14: it took "the
    second" both ways round). None unless exactly two different times are named."""
    found = times(options, lang)
    named = [t for i, t in enumerate(found) if i == 0 or t != found[i - 1]]  # 现在马上开通: one time
    return named[0] < named[1] if len(named) == 2 and named[0] != named[1] else None


def _list(parts) -> str:
    return "; ".join(parts)


def _join(reaction: str, line: str, lang: str) -> str:
    if not (reaction and line):
        return reaction or line
    return reaction + line if lang == "zh" else f"{reaction} {line}"
