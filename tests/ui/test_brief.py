"""The brief a trainee reads before the call names the customer type and how to handle it."""

from io import StringIO

import pytest
from rich.console import Console

from simulator.library import catalog
from simulator.ui.render import Brief


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_brief_shows_how_to_handle_this_kind_of_customer(lang):
    persona = catalog.persona("stubborn")
    console = Console(file=StringIO(), width=200)
    console.print(Brief(persona, catalog.scenario("bill_mismatch"), lang))
    shown = console.file.getvalue()
    assert persona.name(lang) in shown
    assert persona.advice(lang) in shown
