"""Loading coach-written YAML: every problem is one DataError naming the file, the line and a fix."""

import pytest
from samples import TINY_PERSONA, line_of, write

from simulator import datafile
from simulator.datafile import DataError


def load_persona_text(tmp_path, text: str | bytes) -> datafile.Document:
    return datafile.load(write(tmp_path, "tiny.yaml", text), "persona")


def error_for(tmp_path, text: str | bytes) -> DataError:
    with pytest.raises(DataError) as caught:
        load_persona_text(tmp_path, text)
    return caught.value


def test_a_valid_file_loads_and_remembers_where_each_value_is(tmp_path):
    doc = load_persona_text(tmp_path, TINY_PERSONA)
    assert doc.data["id"] == "tiny"
    assert doc.line_of("states", "waiting") == line_of(TINY_PERSONA, "  waiting:")
    assert doc.line_of("states", "waiting", "transitions", 1, "to") == line_of(TINY_PERSONA, "- {to: escalated")
    assert doc.line_of("states", "waiting", "lines", "zh", 1) == line_of(TINY_PERSONA, "zh: [\"我要")


def test_line_of_a_missing_key_is_the_line_of_its_nearest_parent(tmp_path):
    doc = load_persona_text(tmp_path, TINY_PERSONA)
    assert doc.line_of("states", "satisfied", "transitions", 0) == line_of(TINY_PERSONA, "  satisfied:")
    assert doc.line_of() == 2  # the document starts after the comment


def test_the_message_reads_file_line_reason_then_fix():
    error = DataError("personas/x.yaml", 12, "`to: calmng` names no state", "use one of: calming")
    assert str(error) == "personas/x.yaml:12: `to: calmng` names no state\n  fix: use one of: calming"
    assert str(DataError("personas/x.yaml", None, "cannot read the file")) == "personas/x.yaml: cannot read the file"


def test_bad_indentation_is_reported_at_the_line_that_breaks(tmp_path):
    text = TINY_PERSONA.replace("    final: true\n    outcome: satisfied", "    final: true\n      outcome: satisfied")
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "      outcome: satisfied")
    assert error.reason.startswith("not valid YAML")
    assert "indentation" in error.fix


def test_a_tab_is_explained_in_plain_words(tmp_path):
    error = error_for(tmp_path, TINY_PERSONA.replace("  idle: 5", "\tidle: 5"))
    assert error.line == line_of(TINY_PERSONA, "idle: 5")
    assert "indent with spaces" in error.reason


def test_an_unknown_key_points_at_the_key_itself(tmp_path):
    text = TINY_PERSONA.replace("    outcome: escalated\n", "    outcome: escalated\n    colour: red\n")
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "colour: red")
    assert "unknown key" in error.reason and "'colour'" in error.reason
    assert "allowed keys are" in error.fix and "transitions" in error.fix


def test_a_misspelt_move_lists_the_moves_there_are(tmp_path):
    text = TINY_PERSONA.replace("any: [apologise]", "any: [apologize]")
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "apologize")
    assert "'apologize' is not one of" in error.reason
    assert error.fix.startswith("did you mean 'apologise'? use one of: apologise, empathise")


def test_a_missing_required_key_is_named_in_the_fix(tmp_path):
    text = TINY_PERSONA.replace("description: {en: Wants an apology., zh: 想要一句道歉。}\n", "")
    error = error_for(tmp_path, text)
    assert error.reason == "the top level has no `description`"
    assert error.fix == "add the key(s) 'description'"


def test_a_value_of_the_wrong_type_says_what_type_it_should_be(tmp_path):
    text = TINY_PERSONA.replace("  start: 60", "  start: sixty")
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "start: sixty")
    assert error.reason == "mood/start is 'sixty', which is not a whole number (like 60)"
    assert error.fix == "write a whole number (like 60) there"


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_is_an_error_on_line_one(tmp_path, content):
    error = error_for(tmp_path, content)
    assert (error.line, error.reason) == (1, "the file is empty")


def test_bytes_that_are_not_utf8_are_reported_at_their_line(tmp_path):
    error = error_for(tmp_path, b"id: tiny\nname:\n  en: caf\xe9\n")
    assert error.line == 3
    assert "not UTF-8" in error.reason and "0xe9" in error.reason
    assert error.fix.startswith("save it as UTF-8 text")


def test_a_control_character_is_reported_at_its_line(tmp_path):
    error = error_for(tmp_path, "id: tiny\nname:\n  en: a\x07b\n")
    assert error.line == 3
    assert "U+0007" in error.reason


def test_a_missing_file_is_a_data_error_too(tmp_path):
    with pytest.raises(DataError, match="cannot read the file"):
        datafile.load(tmp_path / "nowhere.yaml", "persona")


#: Every kind of YAML the package ships, by folder (or file), and the schema that checks it.
SCHEMA_OF = {"personas": "persona", "scenarios": "scenario", "golden": "golden", "lexicon": "lexicon",
             "examples": "examples", "scoring.yaml": "scoring", "customer_cues.yaml": "cues",
             "replies.yaml": "replies", "labels.yaml": "labels", "commitments.yaml": "commitments", "persona.yaml": "persona", "scenario.yaml": "scenario",
             "test.yaml": "test", "identity.yaml": "identity"}


def test_every_shipped_yaml_file_has_a_schema_and_passes_it():
    from simulator import datafile

    files = sorted(datafile.packaged().rglob("*.yaml"))
    assert len(files) > 30
    for path in files:
        kind = SCHEMA_OF.get(path.name) or SCHEMA_OF.get(path.parent.name)
        assert kind, f"{path} has no schema: add one to simulator/data/schemas and to SCHEMA_OF"
        datafile.load(path, kind)
