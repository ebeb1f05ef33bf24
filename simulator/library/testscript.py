"""Coach-written tests of a persona: trainee lines, and what must follow from them.

A test file (`tests/<name>.yaml` in a library) names a persona and holds tests, e.g.

    persona: elderly_confused
    scenario: lost_policy          # the default for every test below
    lang: en
    tests:
      - name: patient_walkthrough
        lines: ["I'm so sorry for the trouble.", "I'll sort it out for you today."]
        expect:
          ending: satisfied        # or escalated, hung_up, exposure, none (still talking)
          states: [reassured, satisfied]   # the state after each turn, from the first
          moves: [[apologise], [own, help]]  # moves each turn must be heard making
          mood: {max: 40}          # the customer's anger when the lines run out
          score: {min: 50}
          turns: {max: 3}

Golden files (`golden/<persona>.yaml`) are tests too: each script, in each language, must reach
its ending in every scenario. Calls hear by rules alone unless asked otherwise, so a test gives
the same answer on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Sequence

from simulator import datafile
from simulator.engine.persona import Persona
from simulator.engine.session import Session
from simulator.library import catalog, golden
from simulator.recognition.recogniser import recognise
from simulator.score.report import score_session
from simulator.text import LANGS


@dataclass(frozen=True)
class Case:
    """One test: a persona, the scenarios to play it in, the lines, and what must follow."""

    name: str
    path: Path
    line: int | None
    persona: str
    scenarios: tuple[str, ...]
    lang: str
    seed: int
    lines: tuple[str, ...]
    expect: dict[str, Any]

    @property
    def title(self) -> str:
        where = self.scenarios[0] if len(self.scenarios) == 1 else f"{len(self.scenarios)} scenarios"
        return f"{self.persona}/{self.name} ({self.lang}, {where})"


@dataclass
class Verdict:
    """How one case went: the failures (empty when it passed) and the call that failed first."""

    case: Case
    failures: list[str] = field(default_factory=list)
    session: Session | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def is_golden(path: Path) -> bool:
    return path.parent.name == "golden"


def load(path: Path | str) -> list[Case]:
    """The cases of a test file or a golden file; mistakes become one located DataError."""
    path = Path(path)
    if is_golden(path):
        return _golden_cases(golden.load(path))
    doc = datafile.load(path, "test", _check)
    top = doc.data
    return [Case(test["name"], doc.path, doc.line_of("tests", i), top["persona"],
                 (test.get("scenario") or top.get("scenario") or catalog.DEFAULT_SCENARIO,),
                 test.get("lang") or top.get("lang") or "en", test.get("seed", top.get("seed", 0)),
                 tuple(test["lines"]), test["expect"])
            for i, test in enumerate(top["tests"])]


def _golden_cases(book: golden.Golden) -> list[Case]:
    """A golden script in one language is one case: its ending, in every scenario."""
    scenarios = tuple(catalog.ids("scenarios"))
    return [Case(script.name, book.path, None, book.persona, scenarios, lang, 0, tuple(script.lines[lang]),
                 {"ending": script.expect})
            for script in book.scripts for lang in LANGS]


def _check(doc: datafile.Document) -> None:
    """What the schema cannot say: the persona, scenarios and states exist; names are unique."""
    top = doc.data
    try:
        persona = catalog.persona(top["persona"])
    except LookupError as exc:
        doc.problem(("persona",), str(exc).split("\n")[0], "give a persona id from `dcsim list`, or a persona file")
        persona = None
    if top.get("scenario"):
        _scenario_exists(doc, ("scenario",), top["scenario"])
    names: set[str] = set()
    for i, test in enumerate(top["tests"]):
        with doc.tolerant():
            if test["name"] in names:
                doc.problem(("tests", i, "name"), f"two tests are called {test['name']!r}", "give every test its own name")
            names.add(test["name"])
            if test.get("scenario"):
                _scenario_exists(doc, ("tests", i, "scenario"), test["scenario"])
            if persona:
                _states_exist(doc, i, test["expect"].get("states", []), persona)


def _scenario_exists(doc: datafile.Document, keys: tuple, ident: str) -> None:
    try:
        catalog.path("scenarios", ident)
    except LookupError as exc:
        doc.problem(keys, str(exc).split("\n")[0], "give a scenario id from `dcsim list`, or a scenario file")


def _states_exist(doc: datafile.Document, i: int, states: list[str], persona: Persona) -> None:
    for j, state in enumerate(states):
        if state not in persona.states:
            doc.problem(("tests", i, "expect", "states", j), f"`{state}` is not a state of {persona.id}",
                        f"use one of: {', '.join(persona.states)}")


def run(case: Case, semantic: bool = False) -> Verdict:
    """Play the case in each of its scenarios; every expectation that fails is one failure."""
    persona = catalog.persona(case.persona)
    hearing = partial(recognise, semantic=semantic)
    verdict = Verdict(case)
    for ident in case.scenarios:
        scenario = catalog.scenario(ident)
        session = Session(persona, scenario, case.lang, case.seed, recogniser=hearing)
        for line in case.lines:
            if session.over:
                break
            session.respond(scenario.scripted(line, case.lang))  # `{resolution}`: this scenario's own remedy
        failures = judge(session, case.expect)
        prefix = f"{ident}: " if len(case.scenarios) > 1 else ""
        verdict.failures += [prefix + failure for failure in failures]
        if failures and verdict.session is None:
            verdict.session = session
    return verdict


def judge(session: Session, expect: dict[str, Any]) -> list[str]:
    """What in the call differs from what the test expects, in words."""
    turns = session.turns
    failures = []
    if "ending" in expect and (session.outcome or "none") != expect["ending"]:
        failures.append(f"ended {session.outcome or 'with no ending'}, expected {expect['ending']}")
    for i, state in enumerate(expect.get("states", [])):
        if i >= len(turns):
            failures.append(f"expected {len(expect['states'])} turns with states, the call had {len(turns)}")
            break
        if turns[i].state != state:
            failures.append(f"turn {i + 1}: state {turns[i].state}, expected {state}")
    for i, moves in enumerate(expect.get("moves", [])):
        heard = turns[i].move_names if i < len(turns) else []
        missing = [m for m in moves if m not in heard]
        if missing or (not moves and heard):
            failures.append(f"turn {i + 1}: heard [{', '.join(heard) or 'no move'}], expected "
                            f"[{', '.join(moves) or 'no move'}]")
    for key, value in (("mood", session.mood), ("turns", len(turns))):
        failures += _outside(key, value, expect.get(key))
    if "score" in expect:
        failures += _outside("score", score_session(session).total, expect["score"])
    return failures


def _outside(what: str, value: int, bounds: dict[str, int] | None) -> list[str]:
    if not bounds:
        return []
    low, high = bounds.get("min"), bounds.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        wanted = " and ".join(s for s in (f"at least {low}" if low is not None else "",
                                          f"at most {high}" if high is not None else "") if s)
        return [f"{'anger' if what == 'mood' else what} {value}, expected {wanted}"]
    return []


def files(paths: Sequence[Path]) -> list[Path]:
    """The test files under `paths` (default: every library's tests and the built-in golden scripts)."""
    if not paths:
        paths = [library.folder(kind) for library in catalog.libraries() for kind in ("tests", "golden")
                 if library.folder(kind).is_dir()]
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return found
