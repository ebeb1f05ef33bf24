"""A coach's own library: their personas join the built-in ones, and shadow one of the same id."""

from __future__ import annotations

import pytest

from samples import TINY_PERSONA, write
from simulator.library import catalog
from simulator.library.check import library_table


@pytest.fixture
def coach(tmp_path, monkeypatch):
    """An empty user data folder, and no `--library` folders once the test is over."""
    home = tmp_path / "home"
    monkeypatch.setenv("DCSIM_HOME", str(home))
    yield home
    catalog.use([])


def persona_in(folder, ident: str):
    (folder / "personas").mkdir(parents=True, exist_ok=True)
    return write(folder / "personas", f"{ident}.yaml", TINY_PERSONA.replace("id: tiny", f"id: {ident}"))


def test_a_persona_in_the_user_data_folder_joins_the_built_in_ones(coach):
    persona_in(coach, "tiny")
    assert "tiny" in catalog.ids("personas") and "emotional" in catalog.ids("personas")
    assert catalog.persona("tiny").path == coach / "personas" / "tiny.yaml"
    assert [library.label for library in catalog.sources("personas", "tiny")] == ["yours"]


def test_a_library_folder_is_searched_first_and_shadows_a_built_in_persona(coach, tmp_path):
    library = tmp_path / "course"
    persona_in(library, "stubborn")
    persona_in(coach, "stubborn")
    catalog.use([library])
    assert catalog.persona("stubborn").path == library / "personas" / "stubborn.yaml"
    assert [s.label for s in catalog.sources("personas", "stubborn")] == [f"library {library}", "yours", "built-in"]


def test_the_listing_says_where_each_persona_comes_from_and_what_it_shadows(coach):
    persona_in(coach, "stubborn")
    table = library_table("en")
    kinds, ids, origins = table.columns[0]._cells, table.columns[1]._cells, table.columns[4]._cells
    rows = dict(zip(zip(kinds, ids), origins))
    assert rows[("persona", "stubborn")] == "yours (shadows built-in)"
    assert rows[("persona", "emotional")] == "built-in"


def test_dcsim_data_still_replaces_the_built_in_library(coach, tmp_path, monkeypatch):
    data = tmp_path / "data"
    persona_in(data, "only")
    monkeypatch.setenv("DCSIM_DATA", str(data))
    assert catalog.ids("personas") == ["only"]


def test_an_unknown_persona_says_where_to_put_it(coach, tmp_path):
    catalog.use([tmp_path / "course"])
    with pytest.raises(LookupError) as caught:
        catalog.persona("elderly_confused")
    assert "no persona called 'elderly_confused'" in str(caught.value)
    assert f"put elderly_confused.yaml in {tmp_path / 'course' / 'personas'}" in str(caught.value)
