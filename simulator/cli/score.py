"""`dcsim score`: a day of real chats scored in one streaming pass.

One JSON line in, one JSON line out, in input order (the rules in `simulator.cli.jsonlines`),
written a batch of what has already arrived at a time: memory stays flat however many
dialogues come through, a consumer downstream can start at once, and the agent lines of a
batch are heard together. A progress bar goes to stderr, and only when stderr is a terminal, so pipes and
files carry nothing but the results.
"""

from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager, nullcontext
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator

from rich.console import Console
from rich.markup import escape

from simulator.cli import jsonlines
from simulator.cli.common import error, export_problem, open_bytes, stdout_bytes
from simulator.recognition.recogniser import recognise
from simulator.score.scoring import Weights
from simulator.score.transcripts import Scored, analyse, parse, score_records
from simulator.text import clean


def stream(source: Any, sink: Any, weights: Weights | None = None, detail: bool = False,
           semantic: bool | None = False, tick: Callable[[], None] = lambda: None) -> int:
    """Score every dialogue of `source` into `sink`, a batch of what has arrived at a time (see
    `simulator.cli.jsonlines`); returns how many lines were written."""
    return jsonlines.answer(source, sink, partial(score_records, weights=weights, detail=detail, semantic=semantic),
                            failed, tick=tick)


def failed(error: str) -> dict[str, Any]:
    """The output line for an input line that is not a dialogue at all."""
    return {"dialogue_id": None, "score": None, "error": error}


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


def find(source: Any, dialogue_id: str | None, weights: Weights | None = None,
         semantic: bool | None = False) -> Iterator[Scored | str]:
    """Dialogues to debrief: the one asked for by id, or every one; bad lines as error strings
    (blank lines are passed over)."""
    for record in jsonlines.values(source):
        if isinstance(record, jsonlines.Blank):
            continue
        if isinstance(record, jsonlines.Unreadable):
            yield str(record)
            continue
        if dialogue_id is not None and str(record.get("dialogue_id") if isinstance(record, dict) else None) != dialogue_id:
            continue
        try:
            yield analyse(parse(record), weights, recogniser=partial(recognise, semantic=semantic))
        except Exception as error:  # noqa: BLE001 - skip the odd dialogue, show the rest
            yield f"{record.get('dialogue_id') if isinstance(record, dict) else None}: {error}"


def debriefs(source: Any, console: Console, dialogue_id: str | None, export: str | None,
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
        Console(stderr=True).print(f"[yellow]skipped:[/] {escape(clean(found))}", highlight=False, markup=True)
    return isinstance(found, str)


def cover_of_dialogue(found: Scored):
    """A real dialogue's cover: the agent is not named in the input, the customer is a real one."""
    import time

    from simulator.ui import labels
    from simulator.ui.debrief_view import Cover

    lang = found.dialogue.lang
    return Cover("—", time.strftime("%Y-%m-%d"), labels.word("real_customer", lang), clean(str(found.dialogue.id)),
                 kind="transcript")


def export_each(scored: Iterator[Scored], target: str) -> int:
    """One dialogue goes to the file named; several go one file each, the dialogue id added to the
    name (`report.html` → `report-<id>.html`; an id met again gets `-2`, `-3`…, never overwriting
    the first). Returns how many were written."""
    from itertools import chain

    from simulator.ui.export import export as write

    first, second = next(scored, None), next(scored, None)
    if first is None:
        return 0
    several = second is not None
    written: set[Path] = set()
    for found in chain([first], [second] if several else [], scored):
        path = numbered(target, found.dialogue.id, written) if several else Path(target)
        write(found.debrief(), path, found.result(detail=True), cover_of_dialogue(found))
        Console(stderr=True).print(f"exported {found.debrief().title} to {path}", highlight=False, markup=False)
        written.add(path)
    return len(written)


def numbered(target: str, dialogue_id: Any, taken: set[Path]) -> Path:
    """`report.html` for dialogue `t-7` → `report-t-7.html`, the id made safe for a file name;
    `report-t-7-2.html` if that name is `taken` already (the same id twice, or `t/7` after `t_7`)."""
    path = Path(target)
    safe = re.sub(r"[^\w.-]+", "_", str(dialogue_id))[:80] or "dialogue"
    name, n = path.with_name(f"{path.stem}-{safe}{path.suffix}"), 1
    while name in taken:
        n += 1
        name = path.with_name(f"{path.stem}-{safe}-{n}{path.suffix}")
    return name


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
                                                          "dialogue to FILE, several to one file each, FILE-<id>.ext "
                                                          "(FILE-<id>-2.ext for an id met again)")
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
    try:
        source = open_bytes(path or "-")
    except OSError as problem:
        error(f"cannot read {problem.filename}: {problem.strerror}")
        return 2
    with source:
        if debrief or export:
            return debriefs(source, Console(), dialogue_id, export, weights, semantic)
        total = count_lines(Path(path)) if path and path != "-" else None
        try:
            sink_context = open(out, "wb") if out else nullcontext(stdout_bytes())
        except OSError as problem:
            error(f"cannot write {problem.filename}: {problem.strerror}")
            return 2
        with sink_context as sink, progress(total, sys.stderr.isatty()) as tick:
            stream(source, sink, weights, detail, semantic, tick)
    return 0

