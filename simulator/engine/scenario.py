"""A scenario: the business situation a persona plays out, with its facts and the trainee's brief."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import datafile
from simulator.text import LANGS, fields, fill, malformed, pick

#: The facts every scenario gives, so that any persona's lines fit any scenario.
PERSONA_FACTS: tuple[str, ...] = ("company", "product", "problem", "demand", "loss")


@dataclass(frozen=True)
class Scenario:
    id: str
    data: dict[str, Any]
    path: Path

    def title(self, lang: str) -> str:
        return self.data["title"][lang]

    def summary(self, lang: str) -> str:
        return self.data["summary"][lang]

    def values(self, lang: str) -> dict[str, str]:
        """Every fact and detail in one language, ready to fill templates."""
        merged = {**self.data.get("details", {}), **self.data["facts"]}
        return {key: pick(value, lang) for key, value in merged.items()}

    def text(self, key: str, lang: str) -> str:
        """A templated single text of the scenario (`resolution`, or `brief.situation`…)."""
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        return fill(node[lang], self.values(lang))

    def texts(self, key: str, lang: str) -> list[str]:
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        return [fill(t, self.values(lang)) for t in node[lang]]


def load(path: Path | str) -> Scenario:
    """Read and check a scenario file; every template name must be one of its facts or details."""
    doc = datafile.load(path, "scenario", _check)
    return Scenario(doc.data["id"], doc.data, doc.path)


def _check(doc: datafile.Document) -> None:
    data = doc.data
    known = set(data["facts"]) | set(data.get("details", {}))
    for keys in (("brief", "situation"), ("brief", "policy"), ("resolution",)):
        _check_fields(doc, keys, known)
    for keys in (("openers",), ("brief", "may_offer")):
        for lang in LANGS:
            for i, _ in enumerate(_get(data, keys)[lang]):
                _check_fields(doc, (*keys, lang, i), known)


def _get(data: Any, keys: tuple) -> Any:
    for key in keys:
        data = data[key]
    return data


def _check_fields(doc: datafile.Document, keys: tuple, known: set[str]) -> None:
    node = _get(doc.data, keys)
    for lang, template in ([(k, v) for k, v in node.items()] if isinstance(node, dict) else [(None, node)]):
        where = (*keys, lang) if lang else keys
        problem = malformed(template)
        if problem:
            doc.problem(where, f"the template is not valid: {problem}",
                        "write facts as {name}; for a literal brace write {{ or }}")
        missing = fields(template) - known
        if missing:
            doc.problem(where, f"the template uses {{{', '.join(sorted(missing))}}}, which is not a fact or detail",
                        f"add it under `details:` or use one of: {', '.join(sorted(known))}")
