"""Warnings about personas that load and play, but play badly: what `dcsim lint` reports.

`check` refuses what cannot work (a state a call can enter but never leave is refused there);
lint points at what works poorly: a persona that cannot be won or cannot be lost, one that gives up on a calm
customer for time alone, a state with so few lines
the customer repeats themself, a move the customer ignores, a line said twice, a template
naming a fact some scenario lacks.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from simulator import datafile
from simulator.datafile import DataError
from simulator.engine import persona as persona_module
from simulator.engine.persona import OUTCOMES, Persona, reachable
from simulator.engine.scenario import Scenario
from simulator.moves import MOVES
from simulator.text import LANGS, fields

#: Fewer lines than this in a state, in one language, and the customer soon repeats themself.
MIN_LINES = 3


def lint_file(path: Path, scenarios: Iterable[Scenario]) -> list[DataError]:
    """The warnings for one persona file (which must pass `check`), in line order."""
    persona = persona_module.load(path)
    doc = datafile.load(path, "persona")
    warn = doc.problem
    states = persona.states
    _endings(persona, warn)
    for state, spec in states.items():
        for lang in LANGS:
            lines = persona.lines(state, lang)  # the texts (a line may carry a `when:`)
            if len(lines) < MIN_LINES:
                warn(("states", state, "lines", lang), f"`{state}` has {len(lines)} {lang} line(s); the customer "
                     f"will repeat themself", f"write at least {MIN_LINES} different lines")
            for i, (line, count) in enumerate(Counter(lines).items()):
                if count > 1:
                    warn(("states", state, "lines", lang, lines.index(line, lines.index(line) + 1)),
                         f"this {lang} line of `{state}` is written {count} times", "reword or remove the copies")
    _unused_moves(persona, warn)
    _satisfied_unresolved(persona, warn)
    _impatient_when_calm(persona, warn)
    _unanswered_choices(persona, doc, warn)
    _facts(persona, scenarios, warn)
    return sorted(doc.problems, key=lambda p: (p.line or 0, p.column or 0))


def _endings(persona: Persona, warn) -> None:
    """A persona must be winnable, and losable, from its start."""
    ends = {persona.outcome(s) for s in reachable(persona.states, [persona.initial])} - {None}
    if "satisfied" not in ends:
        warn(("states", persona.initial), "no chain of transitions from the start ends satisfied",
             "add transitions that lead from the start to the satisfied state")
    if not ends & set(OUTCOMES) - {"satisfied"}:
        warn(("states", persona.initial), "no chain of transitions from the start ends in a failure, so the "
             "trainee cannot lose", "add a final state with `outcome: escalated` (or hung_up) and a way to reach it")


def _satisfied_unresolved(persona: Persona, warn) -> None:
    """A satisfied ending that does not need the case resolved makes the scenario's remedies needless."""
    for state, spec in persona.states.items():
        for i, transition in enumerate(spec.get("transitions", [])):
            target = transition["to"]
            if persona.outcome(target) == "satisfied" and (transition.get("when") or {}).get("resolved") is not True:
                warn(("states", state, "transitions", i), f"`{state}` → `{target}` does not need the case resolved, "
                     "so no ending needs the scenario's remedies: empathy and any help satisfy",
                     "add `resolved: true` to its `when:`")


def _impatient_when_calm(persona: Persona, warn) -> None:
    """A time-out that fires whatever the anger ends a call the trainee is winning: the customer,
    calm and being helped, hangs up after so many turns instead of saying what is still missing."""
    for state, spec in persona.states.items():
        for i, transition in enumerate(spec.get("transitions", [])):
            when, target = transition.get("when") or {}, transition["to"]
            timed = "turns_at_least" in when or "state_turns_at_least" in when
            if timed and "mood_at_least" not in when and persona.outcome(target) != "satisfied":
                warn(("states", state, "transitions", i), f"`{state}` → `{target}` fires on time alone, even at "
                     "anger 0 while the trainee is helping",
                     "add `mood_at_least:` (e.g. the anger below which this customer is satisfied), so only a "
                     "customer still angry gives up; a calm one says what is missing (`reactions: missing:`)")


def _unanswered_choices(persona: Persona, doc: datafile.Document, warn) -> None:
    """A customer without `choose` and `pick` lines does not hear a choice it is offered ("Would you
    like a refund or a credit?"): it says nothing to it, or that it cannot answer."""
    for kind, example in (("choose", "That one: I want you to {choice}."), ("pick", "The first one, please.")):
        missing = [lang for lang in LANGS if not persona.reaction(kind, lang)]
        if missing:
            where = ("reactions",) if "reactions" in doc.data else ()
            warn(where, f"no `{kind}` reaction in {', '.join(missing)}: the customer does not answer a choice the "
                 "trainee offers", f"add `reactions: {kind}:` lines, e.g. \"{example}\" (docs/remedies.md)")


def _used(when: dict) -> set[str]:
    used: set[str] = set()
    for key, value in when.items():
        if key in ("any", "all", "none", "seen", "not_seen"):
            used |= set(value)
        elif key == "count_at_least":
            used |= set(value)
    return used


def _unused_moves(persona: Persona, warn) -> None:
    used = set(persona.data["mood"]["deltas"])
    for spec in persona.states.values():
        for transition in spec.get("transitions", []):
            used |= _used(transition.get("when") or {})
    unused = [move for move in MOVES if move not in used]
    if unused:
        warn(("mood", "deltas"), f"the customer ignores {', '.join(unused)}: no transition or mood delta uses "
             f"{'it' if len(unused) == 1 else 'them'}", "give each a mood delta or a transition (`greet: 0` under deltas says the customer ignores it on purpose)")


def _facts(persona: Persona, scenarios: Iterable[Scenario], warn) -> None:
    for scenario in scenarios:
        known = set(scenario.values("en"))
        for state, spec in persona.states.items():
            for lang in LANGS:
                for i, line in enumerate(persona.lines(state, lang)):
                    missing = fields(line) - known
                    if missing:
                        warn(("states", state, "lines", lang, i), f"the line uses {{{', '.join(sorted(missing))}}}, "
                             f"which scenario {scenario.id} lacks", f"add it to {scenario.path} or reword the line")
