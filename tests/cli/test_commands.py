"""The smaller commands, run as a user runs them."""

import json


def test_moves_shows_what_was_heard(run):
    done = run("moves", "I'm so sorry, that's our policy.")
    assert done.returncode == 0, done.stderr
    assert "apologise" in done.stdout and "policy_wall" in done.stdout


def test_moves_jsonl_answers_line_for_line_and_survives_a_bad_line(run):
    lines = [json.dumps({"text": "对不起。"}, ensure_ascii=False), "not json", json.dumps({"text": "That's our policy."})]
    done = run("moves", "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == 3
    assert "apologise" in results[0]["moves"]
    assert results[1]["moves"] == [] and "error" in results[1]
    assert "policy_wall" in results[2]["moves"]


def test_list_names_the_personas_and_scenarios(run):
    done = run("list")
    assert done.returncode == 0, done.stderr
    assert "emotional" in done.stdout and "stubborn" in done.stdout and "line_cut_off" in done.stdout


def test_no_command_means_play(run):
    done = run(stdin="对不起。\n")
    assert done.returncode == 0, done.stderr
    assert "情景说明" in done.stdout and "对不起。" in done.stdout  # the default call is in Chinese


def test_help_lists_the_commands(run):
    done = run("--help")
    assert done.returncode == 0
    for name in ("play", "moves", "list", "check"):
        assert name in done.stdout


def test_a_script_hearing_moves_imports_neither_the_engine_nor_the_screens(home):
    """`dcsim moves --jsonl` builds only its own parser: a script pays for the recogniser alone."""
    import os
    import subprocess
    import sys

    probe = ("import io, sys; from simulator.cli import main; sys.stdin = io.StringIO('{\"text\": \"Sorry.\"}\\n'); "
             "main(['moves', '--jsonl', '--no-semantic']); "
             "print(sorted(m for m in sys.modules if m.startswith(('simulator.engine', 'simulator.ui', 'rich'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "DCSIM_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert '"apologise"' in done.stdout and done.stdout.splitlines()[-1] == "[]"


def test_the_parser_of_one_command_is_that_command_alone():
    from simulator.cli import parser

    subcommands = next(action for action in parser("moves")._actions if action.dest == "command")
    assert list(subcommands.choices) == ["moves"]
