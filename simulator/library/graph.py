"""A persona's state machine as a picture: Mermaid or Graphviz DOT text, and SVG/PNG through `dot`.

Edges carry their conditions in words (`conditions.describe`), in the order they are tried;
a turn that matches none stays in its state, which is not drawn. Endings are coloured: green
for a satisfied customer, red for the ways to lose one.
"""

from __future__ import annotations

import shutil
import subprocess

from simulator.engine.conditions import describe
from simulator.engine.persona import Persona

FORMATS: tuple[str, ...] = ("mermaid", "dot", "svg", "png")


def edges(persona: Persona) -> list[tuple[str, str, str]]:
    """(from, to, label) for each transition; the label numbers it when a state has several."""
    found = []
    for state, spec in persona.states.items():
        transitions = spec.get("transitions", [])
        for i, transition in enumerate(transitions, 1):
            label = describe(transition.get("when"))
            found.append((state, transition["to"], f"{i}. {label}" if len(transitions) > 1 else label))
    return found


def mermaid(persona: Persona, lang: str = "en") -> str:
    """A Mermaid state diagram (renders on GitHub, GitLab and in many editors; needs nothing installed)."""
    lines = ["stateDiagram-v2", f"    [*] --> {persona.initial}"]
    for state in persona.states:
        lines.append(f'    state "{_quote(persona.label(state, lang))}" as {state}')
    for source, target, label in edges(persona):
        lines.append(f"    {source} --> {target}: {label.replace(':', ' ').replace(';', ',')}")
    for state in persona.states:
        outcome = persona.outcome(state)
        if outcome:
            lines.append(f"    {state} --> [*]")
            lines.append(f"    class {state} {'won' if outcome == 'satisfied' else 'lost'}")
    lines += ["    classDef won fill:#c8f7c5,stroke:#1b7f1b", "    classDef lost fill:#f9c6c6,stroke:#b71c1c"]
    return "\n".join(lines) + "\n"


def dot(persona: Persona, lang: str = "en") -> str:
    """Graphviz DOT: boxes for states, a double border for endings, the start marked."""
    lines = [f'digraph "{persona.id}" {{', "    rankdir=LR;", '    node [shape=box, style="rounded,filled", '
             'fillcolor="#eef3fb", fontname="Noto Sans CJK SC, sans-serif"];',
             '    edge [fontname="Noto Sans CJK SC, sans-serif", fontsize=10];',
             '    start [shape=point, width=0.2, label=""];', f'    start -> "{persona.initial}";']
    for state in persona.states:
        outcome = persona.outcome(state)
        label = persona.label(state, lang)
        if outcome and label != outcome.replace("_", " "):
            label += f"\\n({outcome})"
        style = ""
        if outcome:
            colour = "#c8f7c5" if outcome == "satisfied" else "#f9c6c6"
            style = f', peripheries=2, fillcolor="{colour}"'
        lines.append(f'    "{state}" [label="{_quote(label)}"{style}];')
    for source, target, label in edges(persona):
        lines.append(f'    "{source}" -> "{target}" [label="{_quote(label)}"];')
    return "\n".join(lines + ["}"]) + "\n"


def _quote(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class GraphvizMissing(LookupError):
    """SVG and PNG need Graphviz's `dot` program."""

    def __init__(self) -> None:
        super().__init__("Graphviz's `dot` program is not installed, so SVG and PNG cannot be drawn\n"
                         "  fix: install Graphviz (apt install graphviz, brew install graphviz) or use "
                         "--format mermaid or --format dot")


def render(persona: Persona, form: str, lang: str = "en") -> bytes:
    """The picture in `form` (one of FORMATS) as bytes, ready to write."""
    if form == "mermaid":
        return mermaid(persona, lang).encode("utf-8")
    source = dot(persona, lang)
    if form == "dot":
        return source.encode("utf-8")
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing()
    done = subprocess.run([program, f"-T{form}"], input=source.encode("utf-8"), capture_output=True, timeout=60)
    if done.returncode != 0:
        raise LookupError(f"Graphviz could not draw {persona.id}: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout
