"""The folders show the data flow, and the imports follow it: no module reaches a higher layer.

    base (moves, text, language, datafile) → recognition → engine → score → library → ui → cli
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PATIENCE

import simulator

PACKAGE = Path(simulator.__file__).parent
LAYERS = ("recognition", "engine", "score", "library", "ui", "cli")


def layer(module: str) -> int:
    """0 for the base modules, then 1… in data-flow order; the package itself sits on top."""
    parts = module.split(".")
    if parts == ["simulator"] or parts[1:2] == ["__main__"]:
        return len(LAYERS) + 1
    return LAYERS.index(parts[1]) + 1 if parts[1] in LAYERS else 0


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module named by an import anywhere in the file, function bodies included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_top_level_has_at_most_eight_modules_and_the_layers_as_subpackages():
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 8, top
    assert all((PACKAGE / name / "__init__.py").is_file() for name in LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_higher_layer(path):
    me = module_name(path)
    upward = [name for name in imports(path) if name.startswith("simulator.") and layer(name) > layer(me)]
    assert not upward, f"{me} (layer {layer(me)}) imports {upward}"


@pytest.mark.parametrize("path", [p for p in MODULES if layer(module_name(p)) <= LAYERS.index("engine") + 1],
                         ids=lambda p: module_name(p))
def test_the_engine_and_below_never_import_a_terminal_library(path):
    terminal = [name for name in imports(path) if name.split(".")[0] in ("rich", "prompt_toolkit")]
    assert not terminal, f"{module_name(path)} imports {terminal}"


def test_playing_a_call_through_the_engine_loads_no_terminal_library():
    code = ("import sys\n"
            "from simulator.library import catalog\n"
            "from simulator.engine.session import Session\n"
            "from functools import partial\n"
            "from simulator.recognition.recogniser import recognise\n"
            "s = Session(catalog.persona('stubborn'), catalog.scenario('bill_mismatch'), 'en', 0,\n"
            "            recogniser=partial(recognise, semantic=False))\n"
            "s.respond('I am so sorry')\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'prompt_toolkit'}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=PATIENCE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_public_api_is_small_and_importable():
    assert sorted(simulator.__all__) == ["Session", "load_persona", "load_scenario", "recognise", "score_transcript"]
    for name in simulator.__all__:
        assert callable(getattr(simulator, name))
