"""Where personas and scenarios live, and finding them by id.

The library ships inside the package (`simulator/data/personas/`, `…/scenarios/`, found with
`importlib.resources`, so an installed wheel works from any folder); a coach can point
`DCSIM_DATA` at another folder with the same layout to use their own.
"""

from __future__ import annotations

import os
from pathlib import Path

from simulator.datafile import packaged
from simulator.engine import persona as persona_module
from simulator.engine import scenario as scenario_module
from simulator.engine.persona import Persona
from simulator.engine.scenario import Scenario

DEFAULT_PERSONA = "emotional"
DEFAULT_SCENARIO = "line_cut_off"


def data_root() -> Path:
    return Path(os.environ.get("DCSIM_DATA") or packaged())


def _folder(kind: str) -> Path:
    return data_root() / kind


def ids(kind: str) -> list[str]:
    """The ids available in `personas` or `scenarios`, sorted."""
    return sorted(p.stem for p in _folder(kind).glob("*.yaml"))


def _path(kind: str, ident: str) -> Path:
    candidate = Path(ident)
    if candidate.suffix in (".yaml", ".yml") or len(candidate.parts) > 1:
        if candidate.is_file():
            return candidate  # a coach trying out a file that is not in the library yet
        raise LookupError(f"no {kind[:-1]} file {ident!r}: {'it is a folder' if candidate.is_dir() else 'no such file'}; "
                          f"give a YAML file or one of: {', '.join(ids(kind)) or 'none'}")
    path = _folder(kind) / f"{ident}.yaml"
    if not path.exists():
        raise LookupError(f"no {kind[:-1]} called {ident!r}; available: {', '.join(ids(kind)) or 'none'}")
    return path


def persona(ident: str = DEFAULT_PERSONA) -> Persona:
    return persona_module.load(_path("personas", ident))


def scenario(ident: str = DEFAULT_SCENARIO) -> Scenario:
    return scenario_module.load(_path("scenarios", ident))
