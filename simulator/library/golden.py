"""Golden scripts: known trainee lines that must bring a persona to a known ending.

A golden file, `golden/<persona>.yaml` beside `personas/`, holds a persona's scripts: a name, the
outcome the call must end with, and the trainee's lines in both languages, e.g.

    persona: emotional
    scripts:
      - name: four_steps
        expect: satisfied
        lines:
          en: ["I'm so sorry about this.", ...]
          zh: ["真的非常抱歉,给您添麻烦了。", ...]

The lines are written to fit any scenario (`{resolution}` stands for the scenario's own remedy,
offered in the agent's words, and `{problem}`… for its facts as the agent says them), so replaying every script over every scenario
and both languages pins down how each persona behaves: a change to a persona, a lexicon or
the engine that alters an ending shows up as a mismatch, with the turns that led to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterable, Sequence

from rich.console import Console
from rich.table import Table

from simulator import datafile
from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario
from simulator.engine.session import Session
from simulator.library import catalog
from simulator.recognition.recogniser import recognise
from simulator.text import LANGS


@dataclass(frozen=True)
class Script:
    """One scripted call: what the trainee says, and how the call must end."""

    name: str
    expect: str
    lines: dict[str, list[str]]
    about: str = ""


@dataclass(frozen=True)
class Golden:
    """The golden scripts of one persona."""

    persona: str
    scripts: tuple[Script, ...]
    path: Path

    def script(self, name: str) -> Script:
        for script in self.scripts:
            if script.name == name:
                return script
        raise LookupError(f"{self.path}: no script called {name!r}; "
                          f"available: {', '.join(s.name for s in self.scripts)}")

    def expecting(self, outcome: str) -> list[Script]:
        return [s for s in self.scripts if s.expect == outcome]


@dataclass(frozen=True)
class Result:
    """One script played through one scenario in one language."""

    persona: str
    script: str
    scenario: str
    lang: str
    expected: str
    session: Session
    lines: int

    @property
    def actual(self) -> str | None:
        return self.session.outcome

    @property
    def ok(self) -> bool:
        return self.actual == self.expected

    @property
    def turns(self) -> int:
        return len(self.session.turns)

    def trace(self) -> list[str]:
        return trace(self.session)


def trace(session: Session) -> list[str]:
    """The call turn by turn: what was said, the moves heard, mood and state."""
    rows = []
    for turn in session.turns:
        moves = ", ".join(turn.move_names) or "no move"
        rows.append(f"{turn.index}. {turn.text!r} → [{moves}] anger {turn.mood_before}→{turn.mood_after}, "
                    f"{turn.state_before}→{turn.state}")
    return rows


def folder() -> Path:
    """Where golden files live: beside the personas they test."""
    return catalog.data_root() / "golden"


def ids() -> list[str]:
    """The personas that have golden scripts, sorted."""
    return sorted(p.stem for p in folder().glob("*.yaml"))


def load(source: str | Path) -> Golden:
    """A golden file by persona id or path; mistakes become located DataErrors."""
    path = Path(source)
    if path.suffix not in (".yaml", ".yml"):
        path = folder() / f"{source}.yaml"
        if not path.exists():
            raise LookupError(f"no golden scripts for persona {str(source)!r}; available: {', '.join(ids()) or 'none'}")
    doc = datafile.load(path, "golden")
    names: set[str] = set()
    scripts = []
    for i, item in enumerate(doc.data["scripts"]):
        if item["name"] in names:
            doc.problem(("scripts", i, "name"), f"two scripts are called {item['name']!r}",
                        "give every script its own name")
        names.add(item["name"])
        scripts.append(Script(item["name"], item["expect"], {lang: list(item["lines"][lang]) for lang in LANGS},
                              item.get("about", "")))
    doc.done()
    return Golden(doc.data["persona"], tuple(scripts), doc.path)


def play(script: Script, persona: Persona, scenario: Scenario, lang: str, seed: int = 0,
         semantic: bool | None = None) -> Result:
    """Play one script until its lines or the call run out.

    `semantic` is passed to the recogniser: None hears as an ordinary call does (the semantic
    layer only once something has loaded it), True waits for it, False uses rules alone.
    """
    recogniser = recognise if semantic is None else partial(recognise, semantic=semantic)
    session = Session(persona, scenario, lang, seed, recogniser=recogniser)
    lines = [scenario.scripted(line, lang) for line in script.lines[lang]]
    for line in lines:
        if session.over:
            break
        session.respond(line)
    return Result(persona.id, script.name, scenario.id, lang, script.expect, session, len(lines))


def replay(golden: Golden, scenarios: Sequence[str] | None = None, langs: Sequence[str] = LANGS,
           seed: int = 0, semantic: bool | None = None) -> list[Result]:
    """Every script of `golden` through every scenario (default: all) in every language."""
    persona = catalog.persona(golden.persona)
    loaded = [catalog.scenario(s) for s in (scenarios or catalog.ids("scenarios"))]
    return [play(script, persona, scenario, lang, seed, semantic)
            for script in golden.scripts for lang in langs for scenario in loaded]


def results_table(results: Iterable[Result]) -> Table:
    """One row per persona, script and language; failing scenarios are named."""
    groups: dict[tuple[str, str, str], list[Result]] = defaultdict(list)
    for result in results:
        groups[(result.persona, result.script, result.lang)].append(result)
    table = Table("persona", "script", "lang", "expect", "result", "turns", title="golden scripts")
    for (persona, script, lang), group in groups.items():
        failed = [r for r in group if not r.ok]
        if failed:
            verdict = "[red]" + ", ".join(f"{r.scenario}→{r.actual or 'unfinished'}" for r in failed) + "[/]"
        else:
            verdict = f"[green]ok[/] ×{len(group)}"
        turns = sorted({r.turns for r in group})
        table.add_row(persona, script, lang, group[0].expected, verdict,
                      f"{'/'.join(map(str, turns))} of {group[0].lines}")
    return table


def report(results: list[Result], console: Console) -> int:
    """Print the table, the turns of each failing script (once), a summary; 1 on any mismatch."""
    console.print(results_table(results))
    shown: set[tuple[str, str, str]] = set()
    for result in results:
        key = (result.persona, result.script, result.lang)
        if result.ok or key in shown:
            continue
        shown.add(key)
        console.print(f"[bold red]mismatch[/] {result.persona}/{result.script} ({result.lang}, {result.scenario}): "
                      f"expected {result.expected}, got {result.actual or 'no ending'}", highlight=False)
        for row in result.trace():
            console.print(f"    {row}", highlight=False, markup=False)
    failed = sum(not r.ok for r in results)
    if failed:
        console.print(f"[bold red]{failed} of {len(results)} calls did not end as expected[/]")
        return 1
    console.print(f"[green]all {len(results)} calls ended as expected[/]")
    return 0


def run(personas: Sequence[str], scenario: str | None, lang: str | None, console: Console,
        seed: int = 0, semantic: bool | None = None) -> int:
    """`dcsim golden`: replay the named personas' scripts (default: all) and report."""
    results: list[Result] = []
    for ident in personas or ids():
        results += replay(load(ident), [scenario] if scenario else None, [lang] if lang else LANGS, seed, semantic)
    if not results:
        console.print("[red]no golden scripts found[/]")
        return 1
    return report(results, console)
