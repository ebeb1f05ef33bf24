"""The persona and scenario library as a whole: listing it and checking every file in it."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from simulator import catalog
from simulator import persona as persona_module
from simulator import scenario as scenario_module
from simulator.datafile import DataError


def library_table(lang: str) -> Table:
    table = Table("kind", "id", "name", "description", title="dcsim library")
    for ident in catalog.ids("personas"):
        p = catalog.persona(ident)
        table.add_row("persona", ident, p.name(lang), p.description(lang))
    for ident in catalog.ids("scenarios"):
        s = catalog.scenario(ident)
        table.add_row("scenario", ident, s.title(lang), s.summary(lang))
    return table


def _loader(path: Path):
    kind = path.parent.name
    if kind == "scenarios":
        return scenario_module.load
    if kind == "personas":
        return persona_module.load
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return persona_module.load  # which reports the unreadable file as a DataError
    return scenario_module.load if "openers" in text else persona_module.load


def check_files(paths: list[Path], console: Console) -> int:
    """Validate files (default: the whole library); print each problem; exit 1 if any."""
    if not paths:
        root = catalog.data_root()
        paths = sorted((root / "personas").glob("*.yaml")) + sorted((root / "scenarios").glob("*.yaml"))
    problems = 0
    for path in paths:
        try:
            _loader(path)(path)
            console.print(f"[green]ok[/]    {path}")
        except DataError as error:
            problems += 1
            console.print(f"[red]error[/] {escape(str(error))}", highlight=False)
    return 1 if problems else 0
