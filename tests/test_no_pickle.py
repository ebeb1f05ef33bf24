"""Nothing dcsim loads may run code: no module of the package imports pickle (or its relatives)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "simulator"
FORBIDDEN = {"pickle", "cPickle", "dill", "joblib", "shelve", "marshal", "cloudpickle"}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_imports_pickle():
    offenders = {str(p.relative_to(PACKAGE)): sorted(imported(p) & FORBIDDEN) for p in PACKAGE.rglob("*.py")}
    assert not {p: names for p, names in offenders.items() if names}


def test_every_allow_pickle_is_false():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        assert "allow_pickle=True" not in text, path
