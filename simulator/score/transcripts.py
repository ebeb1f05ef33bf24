"""Real transcripts scored like practice calls.

A coach hands in real chats: `{"dialogue_id", "lang"?, "turns": [{"role", "text"}]}`. The agent's
lines go through the same recogniser as a trainee's (with the customer's previous line as
context); the customer's lines go through the mood estimator, since nobody knows how a real
customer felt. The result is the same `Debrief` and the same score as a practice call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from simulator.language import detect
from simulator.recognition.recogniser import recognise, recognise_many
from simulator.score import customer_mood
from simulator.score.customer_mood import CueLexicon, MoodTurn
from simulator.score.debrief import Debrief, Line, Point, advise
from simulator.score.scoring import Ending, Score, Weights, score
from simulator.text import clean, writable

#: Role names seen in real exports, mapped onto the two the scorer knows.
ROLES: dict[str, str] = {
    "customer": "customer", "user": "customer", "client": "customer", "caller": "customer",
    "consumer": "customer", "buyer": "customer", "inbound": "customer",
    "客户": "customer", "顾客": "customer", "用户": "customer", "买家": "customer", "消费者": "customer",
    "agent": "agent", "helpdesk": "agent", "assistant": "agent", "staff": "agent", "service": "agent",
    "operator": "agent", "support": "agent", "rep": "agent", "representative": "agent", "company": "agent",
    "brand": "agent", "seller": "agent", "outbound": "agent",
    "客服": "agent", "坐席": "agent", "商家": "agent", "卖家": "agent", "店家": "agent",
}


@dataclass(frozen=True)
class Dialogue:
    id: Any
    lang: str
    turns: tuple[tuple[str, str], ...]   # (role, text), in order


def parse(record: Any) -> Dialogue:
    """Check one input record; a mistake raises ValueError saying what the line needs.

    Beyond the shape, a dialogue must give the scorer something to judge: at least one
    agent line (the score is the agent's) and some words somewhere. Text is cleaned as a
    trainee's typing is (a lone surrogate from a broken export becomes U+FFFD, control
    characters go), so that echoing it back later, in `--detail` or on a coach's terminal in
    a debrief, can never fail half-way through a stream or send an escape sequence.
    """
    if not isinstance(record, Mapping):
        raise ValueError("each line must be a JSON object with 'dialogue_id' and 'turns'")
    turns = record.get("turns")
    if not isinstance(turns, list):
        raise ValueError("'turns' must be a list of {\"role\": \"customer\"|\"agent\", \"text\": ...}")
    parsed = tuple(_turn(t, i) for i, t in enumerate(turns, 1))
    _check_content(parsed)
    lang = record.get("lang")
    if lang not in ("zh", "en"):
        lang = detect(" ".join(text for _, text in parsed)[:2000])
    return Dialogue(_writable(record.get("dialogue_id")), lang, parsed)


def _check_content(turns: Sequence[tuple[str, str]]) -> None:
    """Refuse a dialogue with nothing to score, rather than hand out points for silence."""
    if not turns:
        raise ValueError("'turns' is empty: a dialogue needs at least one agent line")
    if not any(text.strip() for _, text in turns):
        raise ValueError("every turn's 'text' is empty: nothing to score")
    if not any(role == "agent" and text.strip() for role, text in turns):
        raise ValueError("no agent line with text: the score is the agent's, so there is nothing to score")


def _writable(value: Any) -> Any:
    """Strings made safe to write as UTF-8 (lone surrogates become U+FFFD); anything else unchanged."""
    return writable(value) if isinstance(value, str) else value


def _turn(turn: Any, position: int) -> tuple[str, str]:
    if not isinstance(turn, Mapping):
        raise ValueError(f"turn {position} must be an object with 'role' and 'text'")
    given = turn.get("role", turn.get("sender", ""))
    role = ROLES.get(str(given).strip().lower())
    if role is None:
        raise ValueError(f"turn {position}: role must be 'customer' or 'agent', not {_writable(str(given))[:40]!r}")
    text = turn.get("text")
    if text is None and isinstance(turn.get("utterances"), list):
        text = "\n".join(str(u) for u in turn["utterances"])
    if not isinstance(text, str):
        raise ValueError(f"turn {position}: 'text' must be a string")
    return role, clean(text)


@dataclass
class Scored:
    """A transcript after analysis: its lines, the customer's estimated mood and the score."""

    dialogue: Dialogue
    lines: list[Line]
    mood: list[MoodTurn]
    score: Score

    def result(self, detail: bool = False) -> dict[str, Any]:
        """The output line of `dcsim score`: the contract first, then what explains it."""
        scored = self.score.to_dict()
        out = {"dialogue_id": self.dialogue.id, "score": scored["total"], "breakdown": scored["breakdown"],
               "steps": scored["steps"], "outcome": scored["outcome"], "lang": self.dialogue.lang,
               "mood": {"curve": [t.anger_after for t in self.mood],
                        "start": self.mood[0].anger_after if self.mood else None,
                        "end": self.mood[-1].anger_after if self.mood else None}}
        if detail:
            out["turns"] = [line.to_dict() for line in self.lines]
        return out

    def debrief(self) -> Debrief:
        lang = self.dialogue.lang
        curve = [Point(str(line.id), line.mood_after) for line in self.lines
                 if line.role == "customer" and line.mood_after is not None]
        title = f"{'对话' if lang == 'zh' else 'dialogue'} {clean(str(self.dialogue.id))}"
        return Debrief("transcript", title, lang, self.lines, curve, self.score,
                       advise(self.score, self.lines, lang), estimated=True)


Recogniser = Callable[..., list]


def analyse(dialogue: Dialogue, weights: Weights | None = None, lexicon: CueLexicon | None = None,
            recogniser: Recogniser = recognise) -> Scored:
    """Recognise the agent's moves, estimate the customer's mood, and score the call."""
    lex = lexicon or customer_mood.lexicon()
    lang = dialogue.lang
    mood = customer_mood.estimate([t for r, t in dialogue.turns if r == "customer"], lang, lex)
    lines = _lines(dialogue, mood, lex, recogniser)
    agents = [line for line in lines if line.role == "agent"]
    scored = score([[m["name"] for m in line.moves] for line in agents], _ending(lines, mood, lex),
                   [line.id for line in agents], weights)
    return Scored(dialogue, lines, mood, scored)


def _lines(dialogue: Dialogue, mood: Sequence[MoodTurn], lex: CueLexicon, recogniser: Recogniser) -> list[Line]:
    """Each line with its evidence; agent lines show the anger around them, customer lines its change."""
    lines: list[Line] = []
    customers = iter(mood)
    anger, last_customer, reply = lex.baseline, None, 0
    for position, (role, text) in enumerate(dialogue.turns, 1):
        if role == "customer":
            estimate = next(customers)
            anger, last_customer = estimate.anger_after, text
            lines.append(Line("customer", text, position, None, [], [c.to_dict() for c in estimate.cues],
                              estimate.anger_before, estimate.anger_after,
                              customer_mood.state_label(estimate.state, dialogue.lang, lex)))
        else:
            reply += 1
            context = [last_customer] if last_customer is not None else None
            moves = [m.to_dict() for m in recogniser(text, lang=dialogue.lang, context=context)]
            lines.append(Line("agent", text, position, reply, moves, [], anger, None, None))
    _after_agent(lines)
    return lines


def _after_agent(lines: list[Line]) -> None:
    """An agent line's 'mood after' is the customer's anger after their next line, if any."""
    following: int | None = None
    for line in reversed(lines):
        if line.role == "customer":
            following = line.mood_after
        else:
            line.mood_after = following if following is not None else line.mood_before


def _ending(lines: Sequence[Line], mood: Sequence[MoodTurn], lex: CueLexicon) -> Ending:
    outcome, at = customer_mood.ending(mood, lex)
    if not mood:
        return Ending(None, None, None, None, None)
    customer_ids = [line.id for line in lines if line.role == "customer"]
    curve = [t.anger_after for t in mood]
    return Ending(outcome, curve[0], curve[-1], max(curve), customer_ids[at] if at is not None else None)


def score_record(record: Any, weights: Weights | None = None, detail: bool = False,
                 recogniser: Recogniser = recognise) -> dict[str, Any]:
    """One input record in, one output record out; a bad record gets an `error` in its place."""
    try:
        return analyse(parse(record), weights, recogniser=recogniser).result(detail)
    except ValueError as error:
        return failed(record, str(error))
    except Exception as error:  # noqa: BLE001 - one odd dialogue must never stop a day's stream
        return failed(record, f"could not score this dialogue ({type(error).__name__}: {error})")


def score_records(records: Sequence[Any], weights: Weights | None = None, detail: bool = False,
                  semantic: bool | None = False) -> list[dict[str, Any]]:
    """`score_record` for a batch: every agent line of every dialogue is heard in one pass per
    language, which lets the semantic layer embed them all at once."""
    hear = heard_in(records, semantic)
    return [score_record(record, weights, detail, hear) for record in records]


def heard_in(records: Sequence[Any], semantic: bool | None = False) -> Recogniser:
    """A recogniser that has already heard the agent lines of `records` (the readable ones),
    through `recognise_many`; a line it has not heard is recognised on the spot."""
    by_lang: dict[str, dict[str, None]] = {}
    for record in records:
        try:
            dialogue = parse(record)
        except Exception:  # noqa: BLE001 - score_record says what is wrong with it
            continue
        texts = by_lang.setdefault(dialogue.lang, {})
        texts.update((text, None) for role, text in dialogue.turns if role == "agent")
    heard = {(lang, text): moves for lang, texts in by_lang.items()
             for text, moves in zip(texts, recognise_many(list(texts), lang, semantic))}

    def recogniser(text: str, lang: str | None = None, context: Sequence[str] | None = None) -> list:
        moves = heard.get((lang, text))
        return moves if moves is not None else recognise(text, lang, context, semantic)
    return recogniser


def failed(record: Any, error: str) -> dict[str, Any]:
    """The output line for a record that could not be scored: its id (when it has one) and why."""
    dialogue_id = record.get("dialogue_id") if isinstance(record, Mapping) else None
    return {"dialogue_id": _writable(dialogue_id), "score": None, "error": _writable(error)}
