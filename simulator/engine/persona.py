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
from simulator.engine.scenario import PERSONA_FACTS
from simulator.text import LANGS, fields, malformed

OUTCOMES: tuple[str, ...] = ("satisfied", "escalated", "hung_up", "exposure")
EVENT = "reply"


@dataclass(frozen=True)
class Persona:
    id: str
    data: dict[str, Any]
    path: Path

    def name(self, lang: str) -> str:
        return self.data["name"][lang]

    def description(self, lang: str) -> str:
        return self.data["description"][lang]

    @property
    def start_mood(self) -> int:
        return self.data["mood"]["start"]

    def delta(self, moves: frozenset[str]) -> int:
        """How this turn's moves change anger; a turn with no recognised move costs `idle`."""
        deltas = self.data["mood"]["deltas"]
        if not moves:
            return self.data["mood"].get("idle", 0)
        return sum(deltas.get(m, 0) for m in moves)

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
        return self.states[state]["lines"][lang]

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
        _check_lines(doc, ("openers",), doc.data["openers"])
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
    _check_lines(doc, ("states", state, "lines"), spec["lines"])


def _check_lines(doc: datafile.Document, keys: tuple[str, ...], lines: dict[str, list[str]]) -> None:
    """Lines are templates naming only the facts every scenario gives."""
    for lang in LANGS:
        for i, line in enumerate(lines[lang]):
            problem = malformed(line)
            if problem:
                doc.problem((*keys, lang, i), f"the line is not a valid template: {problem}",
                            "write facts as {problem}; for a literal brace write {{ or }}")
            unknown = fields(line) - set(PERSONA_FACTS)
            if unknown:
                doc.problem((*keys, lang, i),
                            f"the line uses {{{', '.join(sorted(unknown))}}}, which scenarios do not all give",
                            f"use only {', '.join('{' + f + '}' for f in PERSONA_FACTS)}")
