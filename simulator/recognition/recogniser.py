"""Hearing moves in a trainee's utterance: rules from coach-editable lexicons.

Each language has a YAML lexicon (`simulator/lexicon/<lang>.yaml`) listing, per move, the
patterns that perform it. The rules handle what rules do well: fixed expressions, questions,
negation scope ("this is not your fault" is no blame) and quotation ("I won't say 'that's
policy'" is no policy wall). Paraphrase is left to the semantic layer, which works on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Sequence


from simulator import datafile
from simulator.datafile import packaged
from simulator.language import detect, mixed, without_han
from simulator.moves import BAD_MOVES, MOVES, Move, Span
from simulator.recognition import evidence
from simulator.recognition.literals import Finder, required
from simulator.text import SENTENCE_END

#: Longest text looked at; the rest of a pasted essay carries no extra moves worth the time.
MAX_CHARS = 4000

#: Quoted words; an ASCII single quote opens one after anything but a Latin letter or digit (so
#: "don't" is no quote, and 说'这不归我们管' is one).
_QUOTES = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|‘[^’]*’|\"[^\"]*\"|(?<![A-Za-z0-9])'(?:[^']|(?<=[A-Za-z])'(?=[A-Za-z]))*'(?![A-Za-z0-9])")
#: Where a clause ends, so a negator does not reach past it; in chat Chinese a space often ends one
#: ("不顺了 给您添麻烦了"), and "and" before a new "I" or "we" starts one ("that's not okay and I'm
#: sorry" apologises). A dash ends one too ("we can do a full refund — would you like it on your card?"
#: offers the refund and asks only how). The customer-mood estimate scopes its negators the same way.
CLAUSE = re.compile(r"[,.;:!?，。；：！？\n—–]|\s-\s|\bbut\b|\b[Aa]nd\s+(?=(?:[Ii]|[Ww]e)\b)|但是|不过|可是"
                    r"|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff]|$)")


_SENTENCE_END = re.compile(f"(?:{SENTENCE_END})+")


@dataclass(frozen=True)
class Rule:
    move: str
    pattern: re.Pattern
    negatable: bool
    suppressed_by: frozenset[str] = frozenset()
    answered_by: frozenset[str] = frozenset()  # moves anywhere in the reply that cancel this one
    needs: frozenset[str] | None = None  # literals a match must contain (case-folded), to skip hopeless patterns
    lookalike: bool = False  # kind wording that resembles the move: it clears the move (see `scan`)
    firm: bool = False  # a cue the semantic layer may not clear (the lexicon's `firm`)
    window: int | None = None  # how far back a negator reaches for this move, if not the lexicon's


@dataclass(frozen=True)
class Lexicon:
    lang: str
    rules: tuple[Rule, ...]
    negator: re.Pattern
    window: int  # how far back (characters) a negator reaches
    semantic: dict = field(default_factory=dict)
    finder: Finder = field(default_factory=lambda: Finder(()))  # the rules' literals, to skip hopeless patterns
    suppressed_by: dict[str, frozenset[str]] = field(default_factory=dict)  # each move's `suppressed_by`

    def negated(self, text: str, start: int, window: int | None = None) -> bool:
        """Is there a negator just before `start`, in the same clause (`window` characters back at most)?"""
        before = text[max(0, start - (self.window if window is None else window)):start]
        clauses = CLAUSE.split(before)
        return bool(self.negator.search(clauses[-1])) if clauses else False


#: A named word list in a pattern: `{feeling}` stands for the lexicon's `words: {feeling: [...]}`.
_WORD_LIST = re.compile(r"\{([a-z_]+)\}")


def expand(pattern: str, words: dict[str, list[str]], lang: str = "") -> str:
    """`pattern` with each `{name}` replaced by its word list as one group, so a rule can say
    "that's {trying}" once and a coach widens every such rule by adding a word to the list."""
    def alternatives(match: re.Match) -> str:
        if match[1] not in words:
            raise ValueError(f"lexicon {lang}: pattern {pattern!r} names {{{match[1]}}}, which `words` does not list")
        return "(?:" + "|".join(words[match[1]]) + ")"
    return _WORD_LIST.sub(alternatives, pattern)


@cache
def lexicon(lang: str) -> Lexicon:
    """The rules for one language, compiled once."""
    data = datafile.load(packaged("lexicon", f"{lang}.yaml"), "lexicon").data
    words = data.get("words", {})
    rules = []
    for move, spec in data["moves"].items():
        if move not in MOVES:
            raise ValueError(f"lexicon {lang}: unknown move {move!r}")
        negatable = spec.get("negatable", True)
        suppressed_by = frozenset(spec.get("suppressed_by", []))
        answered_by = frozenset(spec.get("answered_by", []))
        for pattern in (expand(p, words, lang) for p in spec.get("patterns", [])):
            rules.append(Rule(move, re.compile(pattern, re.IGNORECASE), negatable, suppressed_by, answered_by,
                              required(pattern), window=spec.get("window")))
        for pattern in (expand(p, words, lang) for p in spec.get("unanswered", [])):  # no help beside it cancels it
            rules.append(Rule(move, re.compile(pattern, re.IGNORECASE), negatable, suppressed_by, frozenset(),
                              required(pattern), window=spec.get("window")))
        for pattern in (expand(p, words, lang) for p in spec.get("firm", [])):  # the model may not clear it
            rules.append(Rule(move, re.compile(pattern, re.IGNORECASE), negatable, suppressed_by, answered_by,
                              required(pattern), window=spec.get("window"), firm=True))
        for pattern in (expand(p, words, lang) for p in spec.get("lookalikes", [])):
            rules.append(Rule(move, re.compile(pattern, re.IGNORECASE), False, needs=required(pattern), lookalike=True))
    return Lexicon(lang, tuple(rules), re.compile(data["negator"], re.IGNORECASE), data.get("window", 16),
                   data.get("semantic", {}), Finder(word for rule in rules for word in rule.needs or ()),
                   {move: frozenset(spec["suppressed_by"]) for move, spec in data["moves"].items()
                    if spec.get("suppressed_by")})


def mask_quotes(text: str) -> str:
    """Blank out quoted words, keeping offsets, so reported speech performs no move."""
    return _QUOTES.sub(lambda m: " " * len(m.group()), text)


def recognise(text: str, lang: str | None = None, context: Sequence[str] | None = None,
              semantic: bool | None = None) -> list[Move]:
    """The moves `text` performs, in vocabulary order, each with the spans that triggered it.

    `semantic`: True waits for the semantic layer, False uses rules alone, None (the default)
    uses it only once it is loaded, so interactive play never waits for a model. `context`
    (the customer's previous lines) is accepted for layers that use it.
    """
    return recognise_many([text], lang, semantic)[0]


def recognise_many(texts: Sequence[str], lang: str | None = None, semantic: bool | None = None) -> list[list[Move]]:
    """`recognise` for a batch: the semantic layer embeds all sentences in one pass."""
    results: list[list[Move]] = [[] for _ in texts]
    pending: dict[str, list[tuple[int, str, list]]] = {}
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text.strip():
            continue
        text = text[:MAX_CHARS]
        lex = lexicon(lang if lang in ("zh", "en") else detect(text))
        found, withheld = scan(lex, text)
        if mixed(text):
            other, held = scan(lexicon("en" if lex.lang == "zh" else "zh"), text)
            found, withheld = found + other, withheld | held
        hits = _unsuppressed(found)
        if _use_semantic(lex.lang, semantic):
            pending.setdefault(lex.lang, []).append((i, text, hits, withheld))
        else:
            results[i] = _echoes_dropped(_moves(hits), text)
    layer = semantic_layer() if pending else None
    for code, items in pending.items():
        lex = lexicon(code)
        spans = [layer.sentences(text) for _, text, _, _ in items]
        sentences = [text[a:b] for (_, text, _, _), ss in zip(items, spans) for a, b in ss]
        probabilities = layer.model(code).probabilities(sentences)
        row = 0
        for (i, text, hits, withheld), ss in zip(items, spans):
            firm = {rule.move for rule, _, _ in hits if rule.firm}
            results[i] = _echoes_dropped(_unsuppressed_moves(evidence.combine(
                _moves(hits), withheld, text, ss, probabilities[row:row + len(ss)], lex.semantic, firm), text, lex), text)
            row += len(ss)
    return results


def _use_semantic(lang: str, semantic: bool | None) -> bool:
    if semantic is False:
        return False
    layer = semantic_layer()
    return layer.available() and (bool(semantic) or layer.ready(lang))


def semantic_layer():
    """The semantic layer's module, imported at first use: it brings numpy, which the first
    prompt of a call need not wait for."""
    from simulator.recognition import semantic

    return semantic


def scan(lex: Lexicon, text: str) -> tuple[list[tuple[Rule, int, Span]], set[str]]:
    """Every pattern match outside quotes and negation scope, with its sentence; and the
    moves whose cues were found only negated or quoted.

    The second set is for the semantic layer: an embedding sees neither "not" nor quotation
    marks, so "it's not your fault" lies close to blaming the customer. The rules do see
    them, and a withheld cue keeps the model from adding that move. So does a lookalike: kind
    wording the lexicon lists as resembling a move ("are you sure you're okay?" is no doubt,
    "nope, there's no charge" no refusal); it also cancels that move's cues in its sentence.
    English rules see Han characters as spaces, so their word boundaries hold in mixed chat.
    """
    seen = text if lex.lang == "zh" else without_han(text)
    masked = mask_quotes(seen)
    present = lex.finder.present(seen.casefold())
    hits: list[tuple[Rule, int, Span]] = []
    withheld: set[str] = set()
    cleared: set[tuple[str, int]] = set()  # (move, sentence) a lookalike speaks for
    for rule in lex.rules:
        if rule.needs is not None and rule.needs.isdisjoint(present):
            continue
        for match in rule.pattern.finditer(masked):
            if match.end() == match.start():
                continue
            if rule.lookalike:
                withheld.add(rule.move)
                cleared.add((rule.move, sentence_of(masked, match.start())))
                continue
            if rule.negatable and lex.negated(masked, match.start(), rule.window):
                withheld.add(rule.move)
                continue
            span = Span(match.start(), match.end(), text[match.start():match.end()])
            hits.append((rule, sentence_of(masked, match.start()), span))
        if masked != seen and any(match.end() > match.start() for match in rule.pattern.finditer(seen)):
            withheld.add(rule.move)  # a cue inside quotes (or one that quotes hid the context of)
    return [hit for hit in hits if (hit[0].move, hit[1]) not in cleared], withheld


def sentence_of(text: str, offset: int) -> int:
    """Which sentence (0-based) an offset falls in."""
    return len(_SENTENCE_END.findall(text[:offset]))


def _unsuppressed(hits: list[tuple[Rule, int, Span]]) -> list[tuple[Rule, int, Span]]:
    """Drop hits whose sentence, or reply, also performs a move that overrides them.

    A question mark makes a question, but "are you sure you paid?" doubts and "…, right?"
    restates: the lexicon says which moves cancel `ask` in the same sentence (`suppressed_by`).
    A limit met with an alternative is no flat refusal and no wall, whichever sentence brings
    it ("I can't refund it to the card. What I can do is credit your account."): the lexicon
    says which moves anywhere in the reply answer a move (`answered_by`).
    """
    by_sentence: dict[int, set[str]] = {}
    for rule, sentence, _ in hits:
        by_sentence.setdefault(sentence, set()).add(rule.move)
    in_reply = set().union(*by_sentence.values())
    return [(rule, sentence, span) for rule, sentence, span in hits
            if not (rule.suppressed_by & by_sentence[sentence]) and not (rule.answered_by & in_reply)]


def _unsuppressed_moves(moves: list[Move], text: str, lex: Lexicon) -> list[Move]:
    """`_unsuppressed` again once the model has spoken, for the bad moves among `suppressed_by`: a
    fault heard by either layer cancels, in its sentence, a move heard by either. A question in the
    sentence of an insult or a doubt is rhetorical ("连个密码都记不住,还好意思怪银行?", "您真付了吗"),
    no `ask`; help in a sentence that stalls is no help ("…it'll go on the pile with the rest").
    Good moves that suppress (a restatement, ownership) keep to the rules' own hits: the model's
    guess of one must not clear a fault."""
    sentences = {m.name: {sentence_of(text, s.start) for s in m.spans} for m in moves}

    def suppressed(move: Move) -> bool:
        by = [sentences[name] for name in lex.suppressed_by.get(move.name, ()) if name in sentences and name in BAD_MOVES]
        return bool(by) and sentences[move.name] <= set().union(*by)
    return [m for m in moves if not suppressed(m)]


#: Faults with which a trainee answers a short question it has just put ("上门取件？我们不干这个",
#: "Refund? We don't do refunds"): the question repeats the customer's and asks nothing (eval/corpus2, dev
#: half).
ECHO_ANSWERS = frozenset({"refuse", "dont_know", "delay", "doubt", "policy_wall", "deflect", "argue"})
ECHO_LENGTH = 40
#: A question word makes a real question ("您是哪天交的费?我这边查不到记录。" asks for the date).
_QUESTION_WORD = re.compile(r"\b(which|what|when|where|how|who|whose|why)\b|[哪几谁]|什么|怎么|多少|为何|为啥|啥", re.IGNORECASE)


def _echoes_dropped(moves: list[Move], text: str) -> list[Move]:
    """`moves` without `ask` when every question it was heard in is short and answered, in the very next
    sentence, by the trainee's own fault (`ECHO_ANSWERS`)."""
    asked = next((m for m in moves if m.name == "ask"), None)
    if asked is None:
        return moves
    faulted = {sentence_of(text, s.start) for m in moves if m.name in ECHO_ANSWERS for s in m.spans}
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]

    def echoed(span: Span) -> bool:
        k = sentence_of(text, span.start)
        question = text[bounds[k]:bounds[k + 1]].strip()
        return k + 1 in faulted and len(question) <= ECHO_LENGTH and not _QUESTION_WORD.search(question)
    return [m for m in moves if m is not asked] if all(echoed(s) for s in asked.spans) else moves


def _moves(hits: list[tuple[Rule, int, Span]]) -> list[Move]:
    found: dict[str, list[Span]] = {}
    for rule, _, span in hits:
        found.setdefault(rule.move, []).append(span)
    return [Move(name, evidence.RULE_CONFIDENCE, tuple(_merge(found[name]))) for name in MOVES if name in found]


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping evidence for one move is shown once."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            continue
        merged.append(span)
    return merged
