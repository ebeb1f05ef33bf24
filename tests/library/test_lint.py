"""`lint`: personas that load and play, but play badly, each warning at its line."""

from __future__ import annotations

import pytest

from samples import TINY_PERSONA, line_of, write
from simulator.library import catalog
from simulator.library.lint import MIN_LINES, lint_file

#: The tiny persona with every state given enough lines and every move a delta: lint has nothing to say.
CLEAN = (TINY_PERSONA
         .replace("{to: satisfied, when: {any: [apologise], mood_below: 50}}",
                  "{to: satisfied, when: {any: [apologise], mood_below: 50, resolved: true}}")
         .replace('en: ["I want you to {demand}.", "Well? {problem}!"]',
                  'en: ["I want you to {demand}.", "Well? {problem}!", "I am waiting."]')
         .replace('zh: ["我要你们{demand}。", "怎么说?{problem}!"]', 'zh: ["我要你们{demand}。", "怎么说?{problem}!", "我等着呢。"]')
         .replace('en: ["Thanks."]', 'en: ["Thanks.", "Good.", "Fine."]').replace('zh: ["谢谢。"]', 'zh: ["谢谢。", "好。", "行。"]')
         .replace('en: ["Supervisor, now."]', 'en: ["Supervisor, now.", "Manager!", "Enough."]')
         .replace('zh: ["叫领导来。"]', 'zh: ["叫领导来。", "找经理!", "够了。"]')
         .replace("policy_wall: 30}", "policy_wall: 30, " + ", ".join(
             f"{m}: 0" for m in ("empathise", "own", "restate", "ask", "thank", "greet", "close", "refuse", "argue",
                                 "hedge", "blame_customer", "blame_colleague", "dont_know", "deflect", "dismiss",
                                 "delay", "doubt", "insult")) + "}")
         + 'reactions:\n  choose: {en: ["Do that: {choice}."], zh: ["就这个:{choice}。"]}\n'
           '  pick: {en: ["The first one."], zh: ["前一个。"]}\n')


def warnings(tmp_path, text: str) -> list[tuple[int, str]]:
    found = lint_file(write(tmp_path, "tiny.yaml", text), [catalog.scenario("line_cut_off")])
    return [(w.line, w.reason) for w in found]


def test_a_clean_persona_has_no_warnings(tmp_path):
    assert warnings(tmp_path, CLEAN) == []


@pytest.mark.parametrize("ident", catalog.ids("personas"))
def test_every_shipped_persona_is_clean(ident):
    assert [w.message for w in lint_file(catalog.path("personas", ident), [])] == []


def test_a_state_short_of_lines_and_a_line_said_twice(tmp_path):
    text = CLEAN.replace('en: ["Thanks.", "Good.", "Fine."]', 'en: ["Thanks.", "Thanks."]')
    assert warnings(tmp_path, text) == [
        (line_of(text, 'en: ["Thanks."'), f"`satisfied` has 2 en line(s); the customer will repeat themself"),
        (line_of(text, 'en: ["Thanks."'), "this en line of `satisfied` is written 2 times")]
    assert MIN_LINES == 3


def test_a_move_nothing_uses_is_named(tmp_path):
    text = CLEAN.replace(", greet: 0", "")
    assert warnings(tmp_path, text) == [(line_of(text, "deltas:"), "the customer ignores greet: no transition or "
                                         "mood delta uses it")]


def test_a_persona_that_cannot_be_lost(tmp_path):
    text = CLEAN.replace("      - {to: escalated, when: {any: [policy_wall]}}\n",
                         "      - {to: calmer, when: {any: [policy_wall]}}\n").replace(
        "  escalated:\n    final: true\n    outcome: escalated\n",
        "  calmer:\n    transitions: [{to: satisfied, when: {any: [help], resolved: true}}]\n")
    assert warnings(tmp_path, text) == [(line_of(text, "  waiting:"), "no chain of transitions from the start ends "
                                         "in a failure, so the trainee cannot lose")]


def test_a_satisfied_ending_that_does_not_need_the_case_resolved(tmp_path):
    text = CLEAN.replace("mood_below: 50, resolved: true}", "mood_below: 50}")
    assert warnings(tmp_path, text) == [
        (line_of(text, "{to: satisfied, when: {any: [apologise]"), "`waiting` → `satisfied` does not need the case "
         "resolved, so no ending needs the scenario's remedies: empathy and any help satisfy")]


def test_a_time_out_that_fires_whatever_the_anger(tmp_path):
    """A calm customer being helped should not hang up on time alone (the self_righteous trap)."""
    patient = CLEAN.replace("{to: escalated, when: {any: [policy_wall]}}",
                            "{to: escalated, when: {any: [policy_wall]}}\n      - {to: escalated, when: "
                            "{state_turns_at_least: 6, mood_at_least: 50}}")
    assert warnings(tmp_path, patient) == []
    hasty = patient.replace("{state_turns_at_least: 6, mood_at_least: 50}", "{state_turns_at_least: 6}")
    assert warnings(tmp_path, hasty) == [
        (line_of(hasty, "{state_turns_at_least: 6}"), "`waiting` → `escalated` fires on time alone, even at anger 0 "
         "while the trainee is helping")]


def test_a_customer_that_cannot_answer_a_choice_is_named(tmp_path):
    text = CLEAN.replace('  pick: {en: ["The first one."], zh: ["前一个。"]}\n', "")
    assert warnings(tmp_path, text) == [(line_of(text, "reactions:"), "no `pick` reaction in zh, en: the customer "
                                         "does not answer a choice the trainee offers")]
