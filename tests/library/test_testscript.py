"""Coach test scripts: trainee lines and expectations, judged against a real call."""

from __future__ import annotations

import pytest

from samples import TINY_PERSONA, line_of, write
from simulator.datafile import DataError
from simulator.library import catalog, testscript

TESTS = """\
persona: {persona}
scenario: line_cut_off
lang: en
tests:
  - name: one_apology
    lines: ["I'm so sorry about this."]
    expect:
      ending: satisfied
      states: [satisfied]
      moves: [[apologise]]
      mood: {{max: 45}}
      score: {{min: 1, max: 100}}
      turns: {{max: 1}}
  - name: policy_wall
    lang: zh
    lines: ["公司规定就是这样。"]
    expect: {{ending: escalated, states: [escalated]}}
"""


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A coach's library with the tiny persona in it, used as `--library` would."""
    (tmp_path / "personas").mkdir()
    write(tmp_path / "personas", "tiny.yaml", TINY_PERSONA)
    (tmp_path / "tests").mkdir()
    catalog.use([tmp_path])
    yield tmp_path
    catalog.use([])


def cases(library, text: str):
    return testscript.load(write(library / "tests", "tiny.yaml", text))


def test_a_passing_test_file(library):
    verdicts = [testscript.run(case) for case in cases(library, TESTS.format(persona="tiny"))]
    assert [(v.case.name, v.case.lang, v.passed) for v in verdicts] == [("one_apology", "en", True),
                                                                       ("policy_wall", "zh", True)]


def test_each_unmet_expectation_is_one_failure_in_words(library):
    text = (TESTS.format(persona="tiny").replace("ending: satisfied", "ending: escalated")
            .replace("states: [satisfied]", "states: [waiting, satisfied]")
            .replace("moves: [[apologise]]", "moves: [[empathise]]").replace("mood: {max: 45}", "mood: {max: 10}")
            .replace("score: {min: 1, max: 100}", "score: {min: 101}"))
    verdict = testscript.run(cases(library, text)[0])
    assert verdict.failures[0] == "ended satisfied, expected escalated"
    assert verdict.failures[1] == "turn 1: state satisfied, expected waiting"
    assert verdict.failures[2] == "expected 2 turns with states, the call had 1"
    assert verdict.failures[3] == "turn 1: heard [apologise], expected [empathise]"
    assert verdict.failures[4] == "anger 40, expected at most 10"
    assert verdict.failures[5].startswith("score ") and verdict.failures[5].endswith(", expected at least 101")


def test_a_test_naming_what_does_not_exist_is_a_located_error(library):
    text = TESTS.format(persona="tiny").replace("states: [escalated]", "states: [escalted]")
    text = text.replace("    lang: zh\n", "    lang: zh\n    scenario: nowhere\n")
    with pytest.raises(DataError) as caught:
        cases(library, text)
    found = [(p.line, p.reason) for p in caught.value.problems]
    assert found == [(line_of(text, "scenario: nowhere"), "no scenario called 'nowhere'; available: " +
                      ", ".join(catalog.ids("scenarios"))),
                     (line_of(text, "escalted"), "`escalted` is not a state of tiny")]


def test_an_unknown_persona_is_named_at_its_line(library):
    with pytest.raises(DataError) as caught:
        cases(library, TESTS.format(persona="tinny"))
    assert caught.value.line == 1 and caught.value.reason.startswith("no persona called 'tinny'")


def test_a_golden_file_is_a_test_of_each_script_in_each_language_over_every_scenario():
    found = testscript.load(catalog.data_root() / "golden" / "stubborn.yaml")
    assert {(c.name, c.lang) for c in found} >= {("refuse_twice", "en"), ("refuse_twice", "zh")}
    assert all(c.scenarios == tuple(catalog.ids("scenarios")) for c in found)
    refuse = next(c for c in found if c.name == "refuse_twice" and c.lang == "en")
    assert refuse.expect == {"ending": "escalated"} and testscript.run(refuse).passed
