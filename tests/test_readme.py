"""The README is the user's manual: every command the CLI has is documented there."""

import argparse

from conftest import REPO

from simulator.cli import COMMANDS, parser

README = (REPO / "README.md").read_text(encoding="utf-8")


def cli_commands() -> list[str]:
    subparsers = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(subparsers.choices)


def test_every_command_has_a_parser_and_an_implementation():
    assert cli_commands() == sorted(COMMANDS)


def test_every_command_is_documented_in_the_readme():
    undocumented = [name for name in cli_commands() if f"`dcsim {name}" not in README]
    assert not undocumented, f"add these commands to the table in README.md: {undocumented}"
