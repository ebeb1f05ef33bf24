"""`graph`: a persona's machine as a picture, every edge labelled with its condition."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree

import pytest

from simulator.engine.conditions import describe
from simulator.library import catalog, graph

PERSONAS = catalog.ids("personas")


def test_mermaid_has_every_state_and_every_transition_with_its_condition():
    stubborn = catalog.persona("stubborn")
    text = graph.mermaid(stubborn)
    assert text.startswith("stateDiagram-v2\n    [*] --> insisting\n")
    for state, spec in stubborn.states.items():
        assert f" as {state}\n" in text
        for transition in spec.get("transitions", []):
            assert f"    {state} --> {transition['to']}: " in text
    assert describe({"any": ["refuse"]}) in text
    assert "    satisfied --> [*]\n    class satisfied won\n" in text


def test_dot_marks_the_start_and_colours_the_endings():
    text = graph.dot(catalog.persona("emotional"), "zh")
    assert 'start -> "venting";' in text
    assert '"venting" [label="发泄中"];' in text
    assert 'peripheries=2, fillcolor="#c8f7c5"' in text and 'fillcolor="#f9c6c6"' in text
    assert '"venting" -> "escalated" [label="1. any insult"];' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("ident", PERSONAS)
def test_every_shipped_persona_renders_to_svg(ident):
    svg = ElementTree.fromstring(graph.render(catalog.persona(ident), "svg"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    titles = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")}
    assert set(catalog.persona(ident).states) <= titles


def test_without_graphviz_svg_says_how_to_get_it_and_mermaid_still_works(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(graph.GraphvizMissing, match="install Graphviz"):
        graph.render(catalog.persona("stubborn"), "svg")
    assert graph.render(catalog.persona("stubborn"), "mermaid").startswith(b"stateDiagram-v2")
