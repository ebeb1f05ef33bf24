"""A coach's persona broken in every way we know: each problem names its line and its cause.

Loading is also safe against files written to hurt: a Python tag never runs, and the shapes that
would take minutes or gigabytes (an alias bomb, deep nesting, a 50 MB file) are refused by
construction, before any work is spent on them, so no timing needs to be measured here.
"""

from __future__ import annotations

import pytest

from samples import TINY_PERSONA, line_of, write
from simulator.datafile import MAX_DEPTH, DataError
from simulator.engine import persona as persona_module


def broken(old: str, new: str) -> tuple[str, int]:
    """TINY_PERSONA with one edit, and the line the error should name: the last line of the edit."""
    at = TINY_PERSONA.index(old)
    return TINY_PERSONA.replace(old, new, 1), TINY_PERSONA.count("\n", 0, at) + new.rstrip("\n").count("\n") + 1


def alias_bomb() -> str:
    """The 'billion laughs': nine lines whose aliases would expand to 9⁹ strings."""
    text, previous = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n', "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        previous = name
    return text


STUCK = TINY_PERSONA.replace("  satisfied:\n", "  stuck:\n    lines: {en: [Hmm.], zh: [嗯。]}\n"
                             "    transitions: [{to: stuck}]\n  satisfied:\n").replace("{to: escalated, when: {any: [policy_wall]}}",
                                                                                   "{to: stuck, when: {any: [policy_wall]}}")

#: name → (file text, line the first problem must name, words the message must contain)
CORRUPTIONS: dict[str, tuple[str, int, str]] = {
    "indentation": (*broken("    final: true\n    outcome: satisfied", "    final: true\n      outcome: satisfied"),
                    "this line is indented too far"),
    "unknown state": (*broken("{to: escalated,", "{to: escalted,"), "did you mean 'escalated'?"),
    "unknown move": (*broken("deltas: {apologise: -20,", "deltas: {apologize: -20,"), "did you mean 'apologise'?"),
    "misspelt move in a condition": (*broken("any: [apologise]", "any: [empathize]"), "did you mean 'empathise'?"),
    "no initial state": (TINY_PERSONA.replace("    initial: true\n", ""), line_of(TINY_PERSONA, "states:"),
                         "0 initial states"),
    "two initial states": (*broken("  escalated:\n", "  escalated:\n    initial: true\n"), "2 initial states"),
    "mood out of range": (*broken("  start: 60", "  start: 160"), "keep it at most 100"),
    "wrong type": (*broken("  start: 60", "  start: sixty"), "which is not a whole number"),
    "tabs": (*broken("  start: 60", "\tstart: 60"), "a tab; indent with spaces"),
    "duplicate keys": (*broken("  idle: 5\n", "  idle: 5\n  idle: 10\n"), "`idle` appears twice in mood"),
    "empty lines": (*broken('      en: ["Thanks."]', "      en: []"), "give it at least 1"),
    "missing language": (TINY_PERSONA.replace('      en: ["I want you to {demand}.", "Well? {problem}!"]\n', "", 1),
                         line_of(TINY_PERSONA, "    lines:"), "has no `en`"),
    "template naming a missing fact": (*broken("Well? {problem}!", "Well? {refund_amount}!"),
                                       "{refund_amount}, which scenarios do not all give"),
    "a format spec": (*broken("Well? {problem}!", "Well? {problem:>1000000000}!"),
                      "a template names a fact and nothing else"),
    "a nested format spec": (*broken("Well? {problem}!", "Well? {problem:{company}>5}!"), "more than a fact name"),
    "a conversion": (*broken("Well? {problem}!", "Well? {problem!r}!"), "more than a fact name"),
    "a Python tag": (*broken("name: {en: The tiny customer", "name: {en: !!python/object/apply:os.getcwd []"),
                     "the tag `!!python/object/apply:os.getcwd` is not allowed"),
    "an alias bomb": (alias_bomb(), 2, "anchors and aliases"),
    "deep nesting": ("id: tiny\nname: " + "[" * 100_000 + "\n", 2, f"nested more than {MAX_DEPTH} levels deep"),
    "deep nesting with values": ("id: tiny\nname: " + "[a, " * 10_000 + "\n", 2, f"nested more than {MAX_DEPTH} levels"),
    "a state named send": (TINY_PERSONA.replace("escalated", "send"), line_of(TINY_PERSONA, "  escalated:"),
                           "`send` is a word the state machine uses itself"),
    "a state named configuration": (TINY_PERSONA.replace("satisfied", "configuration").replace(
        "outcome: configuration", "outcome: satisfied"), line_of(TINY_PERSONA, "  satisfied:"), "cannot name a state"),
    "a state the call can never leave": (STUCK, line_of(STUCK, "  stuck:"), "once in `stuck` the call can never end"),
    "unknown key": (*broken("    outcome: escalated\n", "    outcome: escalated\n    colour: red\n"), "unknown key"),
}


def problems_of(tmp_path, text: str | bytes) -> DataError:
    path = write(tmp_path, "broken.yaml", text)
    with pytest.raises(DataError) as caught:
        persona_module.load(path)
    return caught.value


def test_there_are_at_least_fifteen_ways_to_break_a_persona():
    assert len(CORRUPTIONS) >= 15


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_each_corruption_is_named_at_its_line_with_its_cause(tmp_path, name):
    text, line, cause = CORRUPTIONS[name]
    error = problems_of(tmp_path, text)
    assert cause in error.reason + " " + error.fix, str(error)
    assert error.line == line, str(error)
    assert error.message.startswith(f"{tmp_path / 'broken.yaml'}:{line}:")
    assert error.fix


def test_a_file_bigger_than_a_coach_would_write_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path, "huge.yaml", TINY_PERSONA)
    with path.open("r+b") as file:
        file.truncate(50_000_000)  # 50 MB (sparse, so the test itself stays cheap)
    with pytest.raises(DataError) as caught:
        persona_module.load(path)
    assert caught.value.line == 1
    assert caught.value.reason == "the file is 50.0 MB; a coach file is at most 1 MB"


def test_loading_never_runs_code(tmp_path):
    target = tmp_path / "pwned"
    text = TINY_PERSONA.replace("id: tiny", f"id: !!python/object/apply:os.system ['touch {target}']")
    error = problems_of(tmp_path, text)
    assert "is not allowed" in error.reason and "never runs code" in error.reason
    assert not target.exists()


def test_every_problem_in_a_file_is_reported_in_one_run(tmp_path):
    text = (TINY_PERSONA.replace("  start: 60", "  start: sixty")
            .replace("{to: escalated,", "{to: escalted,")
            .replace("Well? {problem}!", "Well? {problem:>9}!")
            .replace("  idle: 5\n", "  idle: 5\n  idle: 10\n"))
    error = problems_of(tmp_path, text)
    found = [(p.line, p.reason) for p in error.problems]
    assert [line for line, _ in found] == sorted(line for line, _ in found), "in the order of the file"
    assert {line for line, _ in found} == {line_of(text, "sixty"), line_of(text, "idle: 10"),
                                           line_of(text, "escalted"), line_of(text, "{problem:>9}"),
                                           line_of(text, "  escalated:")}  # which the misspelt `to:` left unreachable
    assert str(error).count("\n  fix: ") == len(found) == 5


def test_each_problem_reads_file_line_column_reason_then_fix(tmp_path):
    text, _ = broken("{to: escalated,", "{to: escalted,")
    error = problems_of(tmp_path, text)
    column = text.splitlines()[error.line - 1].index("to: escalted") + 1
    assert error.problems[0].message == (f"{tmp_path / 'broken.yaml'}:{error.line}:{column}: `to: escalted` names no state\n"
                          "  fix: did you mean 'escalated'? use one of: waiting, satisfied, escalated")
