"""The JSON-lines rule every streaming command keeps (`dcsim moves --jsonl`, `dcsim score`).

Exactly one valid JSON line out for each line in, in the same order; a line that cannot be
answered gets `{"error": ...}` in its place, and the stream never stops. In detail:

- Input is read as bytes, split on `\\n` only (a raw CR inside a line stays inside it), and
  decoded as UTF-8 whatever the locale: invalid bytes become U+FFFD. A byte-order mark at the
  start of a line is dropped; a raw control character inside a JSON string is accepted.
- A blank line is answered with an error ("empty line"), so line N out is always line N in.
- A number JSON cannot carry is read as its text, a string: `NaN`, `Infinity`, `1e400`, or an
  integer with more digits than Python converts (4,300 by default).
- A line nested too deeply, or longer than MAX_LINE_BYTES, is answered with an error.
- Output is UTF-8, readable text unescaped; a lone surrogate (`"\\udfff"` in the input)
  becomes U+FFFD, so the output is always valid UTF-8. U+0085, U+2028 and U+2029, which some
  readers take for line ends, are escaped.
- Lines are answered in batches of what has already arrived (at most BATCH): a file or a busy
  pipe reaches the recogniser many lines at a time, while a single line typed at a terminal
  is answered at once, never held back waiting for company.
"""

from __future__ import annotations

import io
import json
import math
import os
import select
from collections import deque
from itertools import islice
from typing import Any, Callable, Iterator, Union

from simulator.text import writable

#: Most lines answered together: enough for the semantic layer to embed in bulk, few enough
#: that a slow consumer downstream sees results early.
BATCH = 64

#: A line longer than this is answered with an error without being kept: a real dialogue is a
#: few kilobytes, and holding a runaway line would only waste memory and time.
MAX_LINE_BYTES = 2_000_000

_TOO_LONG = f"line too long (at most {MAX_LINE_BYTES:,} bytes)"
_CHUNK = 1 << 16
_LINE_ENDS_TO_ESCAPE = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


class Unreadable(ValueError):
    """A line that is not a JSON value this program can read; the message says why."""


class Blank(Unreadable):
    """A line with nothing on it: a stream answers it with an error, to stay aligned."""


Line = Union[bytes, str, Unreadable]
Answers = Callable[[list[Any]], list[dict[str, Any]]]
Failed = Callable[[str], dict[str, Any]]


def answer(source: Any, sink: Any, answers: Answers, failed: Failed, size: int = BATCH,
           tick: Callable[[], None] = lambda: None, plain: bool = False) -> int:
    """Answer every line of `source` into `sink`, batch by batch; returns how many lines were written.

    `answers` turns the readable values of a batch into one output object each; `failed`
    makes the output object for a line that could not be answered, from the reason why.
    `source` is a binary stream (stdin, a file) or any iterable of lines (bytes or str).
    With `plain`, a line that is not a JSON object is the text itself (see `parse`).
    """
    written = 0
    for batch in batches(source, size):
        for out in answered([parse(line, plain) for line in batch], answers, failed):
            _write(sink, json_line(out, failed))
            written += 1
            tick()
        sink.flush()
    return written


def answered(values: list[Any], answers: Answers, failed: Failed) -> list[dict[str, Any]]:
    """One output object per value, in order; if the batch fails, each line is tried alone so
    that only the line at fault gets the error."""
    readable = [value for value in values if not isinstance(value, Unreadable)]
    try:
        found = answers(readable)
        if len(found) != len(readable):
            raise RuntimeError(f"{len(found)} answers for {len(readable)} lines")
    except Exception:  # noqa: BLE001 - find the culprit below, answer the rest
        found = [_alone(answers, value, failed) for value in readable]
    results = iter(found)
    return [failed(str(value)) if isinstance(value, Unreadable) else next(results) for value in values]


def _alone(answers: Answers, value: Any, failed: Failed) -> dict[str, Any]:
    try:
        (out,) = answers([value])
        return out
    except Exception as error:  # noqa: BLE001 - one odd line must never stop the stream
        return failed(f"could not answer this line ({type(error).__name__}: {error})")


def parse(line: Line, plain: bool = False) -> Any:
    """One input line as a JSON value, or an `Unreadable` saying why it is not one.

    With `plain`, a line that is not a JSON object is read as `{"text": line}`: someone who
    pipes a file of sentences means the sentences, and a JSON object still reads as before."""
    if isinstance(line, Unreadable):
        return line
    if len(line) > MAX_LINE_BYTES:
        return Unreadable(_TOO_LONG)
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else writable(line)
    text = text.strip().removeprefix("\ufeff")
    if not text.strip():
        return Blank("empty line: each line needs one JSON object")
    try:
        value = json.loads(text, strict=False, parse_int=_integer, parse_float=_number, parse_constant=str)
    except json.JSONDecodeError as error:
        value = Unreadable(f"not JSON: {error.msg} at column {error.colno}")
    except RecursionError:
        value = Unreadable("not JSON this program can read: nested too deeply")
    return {"text": text} if plain and not isinstance(value, dict) else value


def _integer(digits: str) -> int | str:
    """An integer, or its digits when Python refuses to convert that many (a 5,000-digit id)."""
    try:
        return int(digits)
    except ValueError:
        return digits


def _number(text: str) -> float | str:
    """A float, or its text when it overflows (`1e400`), since JSON has no infinity."""
    value = float(text)
    return value if math.isfinite(value) else text


def json_line(value: Any, failed: Failed) -> str:
    """One output line, always valid JSON and valid UTF-8; an error line if `value` cannot be written."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError, RecursionError) as error:
        text = json.dumps(failed(f"the result could not be written as JSON ({type(error).__name__})"),
                          ensure_ascii=False)
    return writable(text).translate(_LINE_ENDS_TO_ESCAPE) + "\n"


def _write(sink: Any, line: str) -> None:
    sink.write(line if isinstance(sink, io.TextIOBase) else line.encode("utf-8"))


def values(source: Any) -> Iterator[Any]:
    """Each line of `source` parsed, one at a time: a JSON value or an `Unreadable`."""
    for batch in batches(source, 1):
        yield parse(batch[0])


def batches(source: Any, size: int = BATCH) -> Iterator[list[Line]]:
    """Lines in groups of at most `size`, each group only what is there without waiting.

    A file descriptor (stdin, a file) is read directly and asked whether more has arrived;
    any other iterable (a list, an in-memory stream) is there already.
    """
    reader = _Descriptor.of(source)
    if reader is None:
        lines = iter(source)
        while batch := list(islice(lines, size)):
            yield batch
        return
    while (line := reader.line()) is not None:
        batch = [line]
        while len(batch) < size and reader.ready() and (line := reader.line()) is not None:
            batch.append(line)
        yield batch


class _Descriptor:
    """Lines of a file descriptor split on b"\\n" only, with `ready()`: can one be had now?"""

    def __init__(self, fd: int):
        self.fd = fd
        self.lines: deque[Line] = deque()
        self.partial = bytearray()
        self.overlong = False   # inside a line too long to keep: its bytes are dropped
        self.eof = False

    @classmethod
    def of(cls, source: Any) -> _Descriptor | None:
        try:
            return cls(source.fileno())
        except (AttributeError, OSError, ValueError):   # io.UnsupportedOperation is both
            return None

    def line(self) -> Line | None:
        """The next line (without its b"\\n"), waiting for it if need be; None at the end."""
        while not self.lines and not self.eof:
            self._read()
        return self.lines.popleft() if self.lines else None

    def ready(self) -> bool:
        """Whether `line()` would answer without waiting for more input."""
        while not self.lines and not self.eof:
            try:
                if not select.select([self.fd], [], [], 0)[0]:
                    return False
            except (OSError, ValueError):   # cannot tell: do not wait on a guess
                return False
            self._read()
        return True

    def _read(self) -> None:
        chunk = os.read(self.fd, _CHUNK)
        if not chunk:
            self.eof = True
            if self.partial or self.overlong:
                self.lines.append(self._finished(self.partial))
            return
        *complete, rest = chunk.split(b"\n")
        for piece in complete:
            self.lines.append(self._finished(self.partial + piece))
            self.partial = bytearray()
        self.partial += rest
        if len(self.partial) > MAX_LINE_BYTES:
            self.partial, self.overlong = bytearray(), True

    def _finished(self, data: bytearray) -> Line:
        if self.overlong:
            self.overlong = False
            return Unreadable(_TOO_LONG)
        return bytes(data)
