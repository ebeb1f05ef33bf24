"""`dcsim check`: validate persona, scenario and golden files, each problem with its line and fix."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    check = sub.add_parser("check", help="validate persona and scenario files",
                           description="Check YAML files; each problem names the file, the line and a fix.")
    check.add_argument("files", nargs="*", help="files to check (default: the whole library)")
    check.set_defaults(func=run)
    return check


def run(args: argparse.Namespace) -> int:
    from simulator.library.check import check_files

    return check_files([Path(p) for p in args.files], Console(stderr=True))
