"""A persona: a difficult customer's temperament, written as YAML and run as a state machine.

The YAML is compiled at load time into a real python-statemachine class, so the runtime
semantics (one active state, ordered guarded transitions, final states) are the library's,
not ours. Mood is kept beside the machine: the persona's deltas move it, guards read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
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
    """Read, check and compile a persona file; any mistake becomes a located DataError."""
    doc = datafile.load(path, "persona")
    _check(doc)
    persona = Persona(doc.data["id"], doc.data, doc.path)
    try:
        persona.machine_class  # compile now, so a broken machine fails at load, not mid-call
    except InvalidDefinition as exc:
        raise doc.error(("states",), f"the states do not make a working machine: {exc}",
                        "compare the states with an existing persona") from None
    return persona


def _check(doc: datafile.Document) -> None:
    """What a schema cannot say: one initial state, real targets, outcomes, known templates."""
    states: dict[str, dict] = doc.data["states"]
    initials = [s for s, d in states.items() if d.get("initial")]
    if len(initials) != 1:
        raise doc.error(("states", *initials[1:2], "initial"), f"{len(initials)} initial states ({', '.join(initials) or 'none'})",
                        "mark exactly one state with `initial: true`")
    for state, spec in states.items():
        final = spec.get("final", False)
        if final and spec.get("outcome") not in OUTCOMES:
            raise doc.error(("states", state), f"final state `{state}` has no outcome",
                            f"add `outcome:` with one of {', '.join(OUTCOMES)}")
        if not final and spec.get("outcome"):
            raise doc.error(("states", state, "outcome"), f"`{state}` has an outcome but is not final",
                            "add `final: true` or remove the outcome")
        if final and spec.get("transitions"):
            raise doc.error(("states", state, "transitions"), f"final state `{state}` cannot have transitions",
                            "remove its `transitions:` list; the call ends there")
        if not final and not spec.get("transitions"):
            raise doc.error(("states", state), f"state `{state}` has no way out",
                            "add a `transitions:` list with at least one transition, or mark it `final: true`")
        for i, transition in enumerate(spec.get("transitions", [])):
            if transition["to"] not in states:
                raise doc.error(("states", state, "transitions", i, "to"), f"`to: {transition['to']}` names no state",
                                f"use one of: {', '.join(states)}")
        for lang in LANGS:
            for i, line in enumerate(spec["lines"][lang]):
                problem = malformed(line)
                if problem:
                    raise doc.error(("states", state, "lines", lang, i), f"the line is not a valid template: {problem}",
                                    "write facts as {problem}; for a literal brace write {{ or }}")
                unknown = fields(line) - set(PERSONA_FACTS)
                if unknown:
                    raise doc.error(("states", state, "lines", lang, i),
                                    f"the line uses {{{', '.join(sorted(unknown))}}}, which scenarios do not all give",
                                    f"use only {', '.join('{' + f + '}' for f in PERSONA_FACTS)}")
    reached, todo = set(initials), list(initials)
    while todo:
        for transition in states[todo.pop()].get("transitions", []):
            if transition["to"] not in reached:
                reached.add(transition["to"])
                todo.append(transition["to"])
    for state in states:
        if state not in reached:
            raise doc.error(("states", state), f"no transition leads to `{state}`, so the call can never get there",
                            f"add a transition with `to: {state}` to another state, or remove `{state}`")
    if not any(spec.get("outcome") == "satisfied" for spec in states.values()):
        raise doc.error(("states",), "no state ends the call with the customer satisfied",
                        "add a final state with `outcome: satisfied` and a way to reach it")
