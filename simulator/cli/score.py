"""`dcsim score`: a day of real chats scored in one streaming pass.

One JSON line in, one JSON line out, in input order, each written as soon as it is scored:
memory stays flat however many dialogues come through, and a consumer downstream can start
at once. A progress bar goes to stderr, and only when stderr is a terminal, so pipes and
files carry nothing but the results.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from contextlib import contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from rich.console import Console
from rich.markup import escape

from simulator.cli.common import export_problem, open_text
from simulator.recognition.recogniser import recognise
from simulator.score.scoring import Weights
from simulator.score.transcripts import Scored, analyse, parse, score_record

#: A line longer than this is answered with an error without being parsed: a real dialogue
#: is a few kilobytes, and parsing a runaway line would only waste memory and time.
MAX_LINE_CHARS = 2_000_000


def records(source: Iterable[str]) -> Iterator[Any]:
    """Each non-blank line parsed; a line that is not JSON yields the error in its place."""
    for raw in source:
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_CHARS:
            yield ValueError(f"line too long ({len(raw):,} characters; at most {MAX_LINE_CHARS:,})")
            continue
        try:
            yield json.loads(raw)
        except json.JSONDecodeError as error:
            yield ValueError(f"not JSON: {error.msg} at column {error.colno}")
        except RecursionError:
            yield ValueError("not JSON this program can read: nested too deeply")


def stream(source: Iterable[str], sink: TextIO, weights: Weights | None = None, detail: bool = False,
           semantic: bool | None = False, tick: Callable[[], None] = lambda: None) -> int:
    """Score every dialogue of `source` into `sink`; returns how many lines were written."""
    recogniser = partial(recognise, semantic=semantic)
    written = 0
    for record in records(source):
        if isinstance(record, ValueError):
            out = {"dialogue_id": None, "score": None, "error": str(record)}
        else:
            out = score_record(record, weights, detail, recogniser)
        sink.write(json_line(out))
        sink.flush()
        written += 1
        tick()
    return written


def json_line(out: dict[str, Any]) -> str:
    """One output line, readable Chinese kept as is; escaped instead if it cannot be UTF-8."""
    text = json.dumps(out, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(out)
    return text + "\n"


def count_lines(path: Path) -> int | None:
    """How many lines a regular file holds (for the progress bar), read in chunks, never whole."""
    if not path.is_file():
        return None
    lines = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return lines


@contextmanager
def progress(total: int | None, enabled: bool) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr yielding a tick function; a no-op when not enabled."""
    if not enabled:
        yield lambda: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("score", total=total)
        yield lambda: bar.advance(task)


def find(source: Iterable[str], dialogue_id: str | None, weights: Weights | None = None,
         semantic: bool | None = False) -> Iterator[Scored | str]:
    """Dialogues to debrief: the one asked for by id, or every one; bad lines as error strings."""
    for record in records(source):
        if isinstance(record, ValueError):
            yield str(record)
            continue
        if dialogue_id is not None and str(record.get("dialogue_id") if isinstance(record, dict) else None) != dialogue_id:
            continue
        try:
            yield analyse(parse(record), weights, recogniser=partial(recognise, semantic=semantic))
        except Exception as error:  # noqa: BLE001 - skip the odd dialogue, show the rest
            yield f"{record.get('dialogue_id') if isinstance(record, dict) else None}: {error}"


def debriefs(source: Iterable[str], console: Console, dialogue_id: str | None, export: str | None,
             weights: Weights | None = None, semantic: bool | None = False) -> int:
    """Show (or export) the debrief of real dialogues, as a trainee would see a practice call."""
    from simulator.ui.debrief_view import DebriefView

    shown = 0
    scored = (found for found in find(source, dialogue_id, weights, semantic) if not _skipped(found))
    if export:
        shown = export_each(scored, export)
    for found in () if export else scored:
        shown += 1
        console.print(DebriefView(found.debrief(), cover_of_dialogue(found)))
    if not shown:
        Console(stderr=True).print("no dialogue to show" + (f" with id {dialogue_id}" if dialogue_id else ""))
        return 1
    return 0


def _skipped(found: Scored | str) -> bool:
    """A line that could not be scored is named on stderr and left out."""
    if isinstance(found, str):
        Console(stderr=True).print(f"[yellow]skipped:[/] {escape(found)}", highlight=False, markup=True)
    return isinstance(found, str)


def cover_of_dialogue(found: Scored):
    """A real dialogue's cover: the agent is not named in the input, the customer is a real one."""
    import time

    from simulator.ui import labels
    from simulator.ui.debrief_view import Cover

    lang = found.dialogue.lang
    return Cover("—", time.strftime("%Y-%m-%d"), labels.word("real_customer", lang), str(found.dialogue.id),
                 kind="transcript")


def export_each(scored: Iterator[Scored], target: str) -> int:
    """One dialogue goes to the file named; several go one file each, the dialogue id added to the
    name (`report.html` → `report-<id>.html`). Returns how many were written."""
    from itertools import chain

    from simulator.ui.export import export as write

    first, second = next(scored, None), next(scored, None)
    if first is None:
        return 0
    several = second is not None
    written = 0
    for found in chain([first], [second] if several else [], scored):
        path = numbered(target, found.dialogue.id) if several else Path(target)
        write(found.debrief(), path, found.result(detail=True), cover_of_dialogue(found))
        Console(stderr=True).print(f"exported {found.debrief().title} to {path}", highlight=False, markup=False)
        written += 1
    return written


def numbered(target: str, dialogue_id: Any) -> Path:
    """`report.html` for dialogue `t-7` → `report-t-7.html`, the id made safe for a file name."""
    path = Path(target)
    safe = re.sub(r"[^\w.-]+", "_", str(dialogue_id))[:80] or "dialogue"
    return path.with_name(f"{path.stem}-{safe}{path.suffix}")


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    scoring = sub.add_parser("score", help="score real transcripts (JSON lines)",
                             description="Score real dialogues: each input line is {\"dialogue_id\", \"lang\"?, "
                                         "\"turns\": [{\"role\": \"customer\"|\"agent\", \"text\"}]}; each output "
                                         "line is {\"dialogue_id\", \"score\", \"breakdown\", \"steps\", ...} "
                                         "in input order. The customer's mood is estimated from their own words.")
    scoring.add_argument("file", nargs="?", help="JSON lines file ('-' or omitted: stdin)")
    scoring.add_argument("--jsonl", action="store_true", help="JSON lines in (stdin unless FILE), JSON lines out")
    scoring.add_argument("-o", "--output", metavar="FILE", help="write the results to FILE instead of stdout")
    scoring.add_argument("--detail", action="store_true", help="add each line's moves, mood cues and anger")
    scoring.add_argument("--weights", metavar="YAML", help="a coach's own scoring weights")
    scoring.add_argument("--semantic", action="store_true", help="wait for the recogniser's semantic layer (slower)")
    scoring.add_argument("--debrief", action="store_true", help="show the debrief of each dialogue instead")
    scoring.add_argument("--dialogue", metavar="ID", help="only the dialogue with this id (with --debrief/--export)")
    scoring.add_argument("--export", metavar="FILE", help="save the debriefs (.html, .svg, .md, .json, .jsonl): one "
                                                          "dialogue to FILE, several to one file each, FILE-<id>.ext")
    scoring.set_defaults(func=run)
    return scoring


def run(args: argparse.Namespace) -> int:
    """The whole command: pick input and output, then stream, debrief or export."""
    if args.export and export_problem(args.export):
        return 2
    path = None if args.jsonl and args.file is None else args.file
    return score(path, args.output, args.weights, args.detail, True if args.semantic else False,
                 args.debrief, args.dialogue, args.export)


def score(path: str | None, out: str | None, weights_file: str | None, detail: bool, semantic: bool | None,
          debrief: bool, dialogue_id: str | None, export: str | None) -> int:
    """Pick input and output, then stream, debrief or export."""
    weights = Weights.load(weights_file) if weights_file else None
    with open_text(path or "-") as source:
        if debrief or export:
            return debriefs(source, Console(), dialogue_id, export, weights, semantic)
        total = count_lines(Path(path)) if path and path != "-" else None
        sink_context = open(out, "w", encoding="utf-8") if out else nullcontext(sys.stdout)
        with sink_context as sink, progress(total, sys.stderr.isatty()) as tick:
            stream(source, sink, weights, detail, semantic, tick)
    return 0
