"""The persona and scenario library as a whole: listing it and checking every file in it."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from simulator.datafile import MAX_BYTES, DataError
from simulator.engine import persona as persona_module
from simulator.engine import scenario as scenario_module
from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario
from simulator.library import catalog


def library_table(lang: str) -> Table:
    """Every persona and scenario, with the library it comes from and whether it shadows a built-in one."""
    table = Table("kind", "id", "name", "description", "from", title="dcsim library")
    for kind, load, title, about in (("personas", catalog.persona, Persona.name, Persona.description),
                                     ("scenarios", catalog.scenario, Scenario.title, Scenario.summary)):
        for ident in catalog.ids(kind):
            item = load(ident)
            table.add_row(kind[:-1], ident, title(item, lang), about(item, lang), _origin(kind, ident))
    return table


def _origin(kind: str, ident: str) -> str:
    used, *hidden = catalog.sources(kind, ident)
    shadows = [library.label for library in hidden]
    return used.label + (f" (shadows {', '.join(shadows)})" if shadows else "")


def _loader(path: Path):
    """Persona, scenario, golden or test file: by its folder, else by what it contains."""
    from simulator.library import golden, testscript

    by_folder = {"scenarios": scenario_module.load, "golden": golden.load, "tests": testscript.load,
                 "personas": persona_module.load}
    if path.parent.name in by_folder:
        return by_folder[path.parent.name]
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            text = "\n" + file.read(MAX_BYTES)  # enough to tell; a bigger file is refused by the loader
    except OSError:
        return persona_module.load  # which reports the unreadable file as a DataError
    if "\ntests:" in text:
        return testscript.load
    if "openers" in text and "\nstates:" not in text:
        return scenario_module.load
    return golden.load if "\nscripts:" in text else persona_module.load


def _yaml_in(path: Path) -> list[Path]:
    """A file as itself; a folder as the YAML files in it, so `dcsim check personas/` checks them all."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    return [path]


def check_files(paths: list[Path], console: Console) -> int:
    """Validate files (default: the whole library); print each problem; exit 1 if any."""
    if not paths:
        paths = [library.folder(kind) for library in catalog.libraries()
                 for kind in ("personas", "scenarios", "golden", "tests") if library.folder(kind).is_dir()]
    paths = [file for path in paths for file in _yaml_in(path)]
    problems = 0
    for path in paths:
        try:
            _loader(path)(path)
            console.print(f"[green]ok[/]    {path}")
        except DataError as error:
            problems += len(error.problems)
            for problem in error.problems:
                console.print(f"[red]error[/] {escape(problem.message)}", highlight=False, soft_wrap=True)
    if problems:
        console.print(f"[red]{problems} problem{'s' * (problems > 1)}[/] in {len(paths)} file{'s' * (len(paths) > 1)}")
    return 1 if problems else 0
