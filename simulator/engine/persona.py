"""A persona: a difficult customer's temperament, written as YAML and run as a state machine.

The YAML is compiled at load time into a real python-statemachine class, so the runtime
semantics (one active state, ordered guarded transitions, final states) are the library's,
not ours. Mood is kept beside the machine: the persona's deltas move it, guards read it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from statemachine.exceptions import InvalidDefinition
from statemachine.io import create_machine_class_from_definition

from simulator import datafile
from simulator.engine.conditions import Predicate, Situation, compile_when
from simulator.engine.phrases import Phrases, bad_pattern
from simulator.engine.scenario import OPTIONAL_FACTS, PERSONA_FACTS
from simulator.moves import Span
from simulator.text import LANGS, fields, malformed

OUTCOMES: tuple[str, ...] = ("satisfied", "escalated", "hung_up", "exposure")
EVENT = "reply"

#: What a reaction line may say besides the scenario's facts: the detail asked for, why an
#: offer falls short, and the trainee's own words being answered.
REACTION_FIELDS: dict[str, tuple[str, ...]] = {"answer": ("answer",), "short": ("short",), "vague": ("said",),
                                               "reminder": ("said",), "hold_to": ("said",), "missing": ("missing",),
                                               "choose": ("choice",), "restate_number": ("wrong",),
                                               "hang_up": ("missing",), "not_picked": ("picked",)}


@dataclass(frozen=True)
class Line:
    """A line the customer may say, and when it still makes sense (memory: no contradicting the call)."""

    text: str
    fits: Predicate


@dataclass(frozen=True)
class Need:
    """Something this persona needs besides the remedy (it in writing, a named owner, a time)."""

    id: str
    phrases: Phrases
    moves: frozenset[str]
    hint: dict[str, str]

    def met_by(self, text: str, lang: str, moves: frozenset[str]) -> Span | bool | None:
        return bool(self.moves & moves) or self.phrases.find(text, lang)


@dataclass(frozen=True)
class Persona:
    id: str
    data: dict[str, Any]
    path: Path

    def name(self, lang: str) -> str:
        return self.data["name"][lang]

    def description(self, lang: str) -> str:
        return self.data["description"][lang]

    def advice(self, lang: str) -> str:
        """How to handle this kind of customer (shown in the brief and the debrief), or ''."""
        return self.data.get("advice", {}).get(lang, "")

    @property
    def start_mood(self) -> int:
        return self.data["mood"]["start"]

    def delta(self, moves: frozenset[str], offered: bool = False, short: bool = False,
              early_goodbye: bool = False, due: frozenset[str] = frozenset()) -> int:
        """How this turn changes anger: its moves, plus `offer` for a real remedy or `short` for
        one that falls short; a turn with no recognised move costs `idle`. A goodbye with nothing
        sorted (`early_goodbye`) calms nothing: its "thanks, sorry again, bye" leaves the customer
        stranded (play-test 15: anger fell 9 → 2), so only what angers counts, and `goodbye` on top.
        A move that is `due` angers no one: closing the call once the case is put right (play-test 20:
        "Is there anything else I can do for you today?" to a satisfied customer raised anger 6 → 12)."""
        mood = self.data["mood"]
        stranded = mood.get("goodbye", 0) if early_goodbye else 0
        if not moves:
            return mood.get("idle", 0) + stranded
        deltas = [min(mood["deltas"].get(m, 0), 0) if m in due else mood["deltas"].get(m, 0) for m in moves]
        if early_goodbye:  # its calming words, and an offer beside them, count for nothing
            deltas, offered = [d for d in deltas if d > 0], False
        return sum(deltas) + (mood.get("offer", 0) if offered else 0) + (mood.get("short", 0) if short else 0) + stranded

    @property
    def states(self) -> dict[str, dict[str, Any]]:
        return self.data["states"]

    @property
    def initial(self) -> str:
        return next(s for s, d in self.states.items() if d.get("initial"))

    def outcome(self, state: str) -> str | None:
        return self.states[state].get("outcome")

    def label(self, state: str, lang: str) -> str:
        label = self.states[state].get("label")
        return label[lang] if label else state.replace("_", " ")

    def lines(self, state: str, lang: str) -> list[str]:
        """The texts of a state's lines (for checks, pictures and tests)."""
        return [_text(line) for line in self.states[state]["lines"][lang]]

    def guarded_lines(self, state: str, lang: str) -> list[Line]:
        """A state's lines with the condition under which each may be said."""
        return [_line(item) for item in self.states[state]["lines"][lang]]

    def reaction(self, kind: str, lang: str) -> list[Line]:
        """Lines reacting to what the trainee just did (`answer`, `policy_wall`…), empty if none."""
        if kind.startswith("need_"):
            source = self.data.get("needs", {}).get(kind[len("need_"):], {}).get("ask", {})
        else:
            source = self.data.get("reactions", {}).get(kind, {})
        return [_line(item) for item in source.get(lang, [])]

    @cached_property
    def needs(self) -> dict[str, Need]:
        return {nid: Need(nid, Phrases.of(spec.get("phrases")), frozenset(spec.get("moves", [])), spec["hint"])
                for nid, spec in self.data.get("needs", {}).items()}

    @cached_property
    def machine_class(self) -> type:
        """The python-statemachine class for this persona: one `reply` event, guarded targets."""
        definition: dict[str, Any] = {}
        for state, spec in self.states.items():
            entry: dict[str, Any] = {}
            if spec.get("initial"):
                entry["initial"] = True
            if spec.get("final"):
                entry["final"] = True
            else:
                options = [{"target": t["to"], "cond": _guard(compile_when(t.get("when")))}
                           for t in spec.get("transitions", [])]
                options.append({"target": state})  # nothing matched: stay where we are
                entry["on"] = {EVENT: options}
            definition[state] = entry
        class_name = "".join(part.title() for part in self.id.split("_")) + "Persona"
        return create_machine_class_from_definition(class_name, states=definition)

    def machine(self):
        return self.machine_class()


def _text(item: str | dict) -> str:
    return item if isinstance(item, str) else item["say"]


def _line(item: str | dict) -> Line:
    return Line(item, compile_when(None)) if isinstance(item, str) else Line(item["say"], compile_when(item.get("when")))


def _guard(predicate: Predicate):
    def guard(situation: Situation, **_: Any) -> bool:
        return predicate(situation)
    return guard


def load(path: Path | str) -> Persona:
    """Read, check and compile a persona file; its mistakes become one located DataError."""
    doc = datafile.load(path, "persona", _check)
    persona = Persona(doc.data["id"], doc.data, doc.path)
    try:
        persona.machine_class  # compile now, so a broken machine fails at load, not mid-call
    except InvalidDefinition as exc:
        raise doc.error(("states",), f"the states do not make a working machine: {exc}",
                        "compare the states with an existing persona") from None
    return persona


def reachable(states: dict[str, dict], starts: list[str]) -> set[str]:
    """The states some chain of transitions leads to from `starts` (guards aside)."""
    reached, todo = set(starts), list(starts)
    while todo:
        for transition in states[todo.pop()].get("transitions", []):
            if transition["to"] in states and transition["to"] not in reached:
                reached.add(transition["to"])
                todo.append(transition["to"])
    return reached


@cache
def reserved_names() -> frozenset[str]:
    """Names python-statemachine gives its own attributes: a state called `send` would hide `send()`."""
    instance = create_machine_class_from_definition("Probe", states={
        "a": {"initial": True, "on": {EVENT: [{"target": "b"}]}}, "b": {"final": True}})()
    return frozenset(name for name in dir(instance) if not name.startswith("_")) - {"a", "b"} | {EVENT}


def _check(doc: datafile.Document) -> None:
    """What a schema cannot say: one initial state, real targets, outcomes, known templates."""
    states: dict[str, dict] = doc.data["states"]
    initials = [s for s, d in states.items() if d.get("initial")]
    if len(initials) != 1:
        doc.problem(("states", *initials[1:2], "initial"), f"{len(initials)} initial states ({', '.join(initials) or 'none'})",
                    "mark exactly one state with `initial: true`")
    for state, spec in states.items():
        with doc.tolerant():
            _check_state(doc, state, spec, states)
    if "openers" in doc.data:
        _check_lines(doc, ("openers",), doc.data["openers"], PERSONA_FACTS)
    for kind, lines in doc.data.get("reactions", {}).items():
        with doc.tolerant():
            _check_lines(doc, ("reactions", kind), lines, PERSONA_FACTS + tuple(OPTIONAL_FACTS) + REACTION_FIELDS.get(kind, ()))
    for need, spec in doc.data.get("needs", {}).items():
        with doc.tolerant():
            _check_need(doc, need, spec)
    reached = reachable(states, initials)
    for state in states:
        if state not in reached:
            doc.problem(("states", state), f"no transition leads to `{state}`, so the call can never get there",
                        f"add a transition with `to: {state}` to another state, or remove `{state}`")
        elif not any(states[s].get("final") for s in reachable(states, [state])):
            doc.problem(("states", state), f"once in `{state}` the call can never end",
                        "add a transition from it (or from a state after it) to a final state")
    if not any(spec.get("outcome") == "satisfied" for spec in states.values()):
        doc.problem(("states",), "no state ends the call with the customer satisfied",
                    "add a final state with `outcome: satisfied` and a way to reach it")


def _check_state(doc: datafile.Document, state: str, spec: dict, states: dict[str, dict]) -> None:
    if state in reserved_names():
        doc.problem(("states", state), f"`{state}` is a word the state machine uses itself, so it cannot name a state",
                    f"rename the state (for example `{state}_state`) and the `to: {state}` that lead to it")
    final = spec.get("final", False)
    if final and spec.get("outcome") not in OUTCOMES:
        doc.problem(("states", state), f"final state `{state}` has no outcome",
                    f"add `outcome:` with one of {', '.join(OUTCOMES)}")
    if not final and spec.get("outcome"):
        doc.problem(("states", state, "outcome"), f"`{state}` has an outcome but is not final",
                    "add `final: true` or remove the outcome")
    if final and spec.get("transitions"):
        doc.problem(("states", state, "transitions"), f"final state `{state}` cannot have transitions",
                    "remove its `transitions:` list; the call ends there")
    if not final and not spec.get("transitions"):
        doc.problem(("states", state), f"state `{state}` has no way out",
                    "add a `transitions:` list with at least one transition, or mark it `final: true`")
    for i, transition in enumerate(spec.get("transitions", [])):
        if transition["to"] not in states:
            close = difflib.get_close_matches(transition["to"], list(states), n=1)
            doc.problem(("states", state, "transitions", i, "to"), f"`to: {transition['to']}` names no state",
                        (f"did you mean {close[0]!r}? " if close else "") + f"use one of: {', '.join(states)}")
    _check_lines(doc, ("states", state, "lines"), spec["lines"], PERSONA_FACTS)


def _check_lines(doc: datafile.Document, keys: tuple, lines: dict[str, list], allowed: tuple[str, ...]) -> None:
    """Every line is a template that fills from facts any scenario gives (and `allowed` extras)."""
    for lang in LANGS:
        for i, item in enumerate(lines.get(lang, [])):
            line = _text(item)
            where = (*keys, lang, i) if isinstance(item, str) else (*keys, lang, i, "say")
            problem = malformed(line)
            if problem:
                doc.problem(where, f"the line is not a valid template: {problem}",
                            "write facts as {problem}; for a literal brace write {{ or }}")
            unknown = fields(line) - set(allowed)
            if unknown:
                doc.problem(where, f"the line uses {{{', '.join(sorted(unknown))}}}, which scenarios do not all give",
                            f"use only {', '.join('{' + f + '}' for f in allowed)}")


def _check_need(doc: datafile.Document, need: str, spec: dict) -> None:
    _check_lines(doc, ("needs", need, "ask"), spec["ask"], PERSONA_FACTS + tuple(OPTIONAL_FACTS))
    for lang in LANGS:
        for i, pattern in enumerate(spec.get("phrases", {}).get(lang, [])):
            problem = bad_pattern(pattern)
            if problem:
                doc.problem(("needs", need, "phrases", lang, i), f"the pattern is not a valid regular expression: {problem}",
                            "check brackets and escape ( ) [ ] ? + * with a backslash to match them literally")
