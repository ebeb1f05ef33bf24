"""`dcsim new persona ID` / `dcsim new scenario ID`: a commented, valid file to start from."""

from __future__ import annotations

import argparse
import re

from rich.console import Console
from rich.markup import escape


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    new = sub.add_parser("new", help="start a persona or scenario of your own from a template",
                         description="Write a commented template that passes `dcsim check` and plays at once, "
                                     "into your library (the --library folder, else your user data folder). "
                                     "A persona comes with a test file.")
    new.add_argument("kind", choices=("persona", "scenario"))
    new.add_argument("id", metavar="ID", help="lowercase letters, digits and _, like elderly_confused")
    new.set_defaults(func=run)
    return new


def run(args: argparse.Namespace) -> int:
    from simulator.datafile import packaged
    from simulator.library import catalog

    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.id):
        raise LookupError(f"{args.id!r} cannot be an id\n  fix: use lowercase letters, digits and _ only, "
                          "starting with a letter (like elderly_confused)")
    library = catalog.coach_library()
    kinds = {"persona": [("personas", "persona"), ("tests", "test")], "scenario": [("scenarios", "scenario")]}
    shadowed = catalog.sources(f"{args.kind}s", args.id)
    targets = [(library.folder(folder) / f"{args.id}.yaml", template) for folder, template in kinds[args.kind]]
    for target, _ in targets:
        if target.exists():
            raise LookupError(f"{target} already exists\n  fix: choose another id, or edit that file")
    console = Console(soft_wrap=True, highlight=False)
    for target, template in targets:
        text = packaged("templates", f"{template}.yaml").read_text("utf-8")
        text = re.sub(rf"\bmy_{args.kind}\b", args.id, text)  # the template's own id becomes yours
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise LookupError(f"cannot write {target}: {exc.strerror or exc}\n  fix: give a folder you can "
                              "write to with --library DIR") from None
        console.print(f"[green]wrote[/] {escape(str(target))}")
    if shadowed:
        console.print(f"note: it shadows the {args.kind} {args.id!r} from {shadowed[0].label}")
    given = f" --library {library.root}" if args.library else ""
    if args.kind == "persona":
        console.print(f"next: edit it, then  dcsim check{given} {library.folder('personas')}  ·  dcsim test{given}  ·  "
                      f"dcsim graph{given} {args.id} -o {args.id}.svg  ·  dcsim play{given} --persona {args.id}")
    else:
        console.print(f"next: edit it, then  dcsim check{given} {library.folder('scenarios')}  ·  "
                      f"dcsim play{given} --scenario {args.id}")
    return 0
