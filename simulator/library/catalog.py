"""Where personas, scenarios and test scripts live, and finding them by id.

A coach never edits the installed package. Their files live in libraries searched in order,
so a coach's persona with the id of a built-in one is the one used (it shadows it):

1. each folder given with `--library DIR`, in the order given;
2. the coach's own library in the user data folder (`datafile.home()`: `DCSIM_HOME` if set, else
   platformdirs' `user_data_dir("dcsim")`, where the calls are kept too);
3. the built-in library shipped in the package (`simulator/data/`, found with importlib.resources
   so an installed wheel works from any folder), or the folder `DCSIM_DATA` names instead.

Every library has the same layout: `personas/`, `scenarios/` and `tests/` (coach test scripts;
the built-in persona tests are the golden scripts in `golden/`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from simulator.datafile import home, packaged
from simulator.engine import persona as persona_module
from simulator.engine import scenario as scenario_module
from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario

DEFAULT_PERSONA = "emotional"
DEFAULT_SCENARIO = "line_cut_off"
BUILT_IN = "built-in"

#: The folders given with `--library`, searched before the others.
_given: list[Path] = []


@dataclass(frozen=True)
class Library:
    """One place personas, scenarios and tests are found, and what to call it in a listing."""

    label: str
    root: Path

    def folder(self, kind: str) -> Path:
        return self.root / kind

    def ids(self, kind: str) -> list[str]:
        return sorted(p.stem for p in self.folder(kind).glob("*.yaml"))


def use(folders: Iterable[Path | str]) -> None:
    """Search these coach folders first (what `--library DIR` does for every command)."""
    _given[:] = [Path(folder) for folder in folders]


def data_root() -> Path:
    """The built-in library: the package's data, or `DCSIM_DATA`."""
    return Path(os.environ.get("DCSIM_DATA") or packaged())


def libraries() -> list[Library]:
    """Every library, first searched first; one folder named twice counts once."""
    found = [Library(f"library {folder}", folder) for folder in _given]
    found += [Library("yours", home()), Library(BUILT_IN, data_root())]
    unique: dict[Path, Library] = {}
    for library in found:
        unique.setdefault(library.root.resolve(), library)
    return list(unique.values())


def coach_library() -> Library:
    """Where new files go: the first `--library` folder, else the coach's own data folder."""
    return libraries()[0] if _given else Library("yours", home())


def ids(kind: str) -> list[str]:
    """The ids available in `personas` or `scenarios`, over every library, sorted."""
    return sorted({ident for library in libraries() for ident in library.ids(kind)})


def sources(kind: str, ident: str) -> list[Library]:
    """The libraries that have `ident`, the one used first; more than one means it shadows the others."""
    return [library for library in libraries() if (library.folder(kind) / f"{ident}.yaml").is_file()]


def path(kind: str, ident: str) -> Path:
    """The file of a persona or scenario given by id (the first library having it) or by path."""
    candidate = Path(ident)
    if candidate.suffix in (".yaml", ".yml") or len(candidate.parts) > 1:
        if candidate.is_file():
            return candidate  # a coach trying out a file that is not in a library yet
        raise LookupError(f"no {kind[:-1]} file {ident!r}: {'it is a folder' if candidate.is_dir() else 'no such file'}; "
                          f"give a YAML file or one of: {', '.join(ids(kind)) or 'none'}")
    found = sources(kind, ident)
    if not found:
        raise LookupError(f"no {kind[:-1]} called {ident!r}; available: {', '.join(ids(kind)) or 'none'}\n"
                          f"  fix: put {ident}.yaml in {coach_library().folder(kind)} or give its library with "
                          "--library DIR")
    return found[0].folder(kind) / f"{ident}.yaml"


def persona(ident: str = DEFAULT_PERSONA) -> Persona:
    return persona_module.load(path("personas", ident))


def scenario(ident: str = DEFAULT_SCENARIO) -> Scenario:
    return scenario_module.load(path("scenarios", ident))
