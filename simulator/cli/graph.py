"""`dcsim graph`: a persona's state machine as a picture (Mermaid, DOT, SVG or PNG)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from simulator.library.graph import FORMATS

    graph = sub.add_parser("graph", help="draw a persona's state machine",
                           description="Draw the persona's states and the conditions that move between them. "
                                       "mermaid and dot are text and need nothing; svg and png need Graphviz.")
    graph.add_argument("persona", metavar="PERSONA", help="persona id or YAML file")
    graph.add_argument("--format", choices=FORMATS, help="default: from the -o file's suffix, else mermaid")
    graph.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    graph.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the state labels")
    graph.set_defaults(func=run)
    return graph


def run(args: argparse.Namespace) -> int:
    from simulator.library import catalog
    from simulator.library.graph import FORMATS, render

    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
    form = args.format or {"mmd": "mermaid", "gv": "dot"}.get(suffix, suffix if suffix in FORMATS else "mermaid")
    picture = render(catalog.persona(args.persona), form, args.lang)
    if args.output:
        try:
            Path(args.output).write_bytes(picture)
        except OSError as exc:
            raise LookupError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        return 0
    if form in ("svg", "png") and sys.stdout.isatty():
        raise LookupError(f"{form.upper()} is not for a terminal\n  fix: add -o FILE.{form}")
    sys.stdout.buffer.write(picture)
    return 0
