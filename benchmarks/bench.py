"""`make bench`: how fast dcsim is on this machine, printed beside the speed it should have.

The figures answer the questions a trainee and a coach would ask: does a reply come back
at once (per-turn latency), does the call open at once (first prompt), can a day of real
chats be scored in a coffee break (recogniser and `dcsim score` throughput), and what does
the semantic layer cost (load time, latency, memory)?

Nothing here asserts: speed depends on the machine and its neighbours, so the tests never
check it. Each figure is measured through the real code path a user takes — the session
engine, the installed `dcsim` script under a pseudo-terminal, `dcsim score --jsonl` in a
subprocess — and the whole run takes a minute or two on two shared cores.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import resource
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Sequence

from rich.console import Console
from rich.table import Table

#: Turns per per-turn latency run: enough for a stable p99, short enough for a shared machine.
TURNS = 200
#: Launches of `dcsim play` whose median is the first-prompt time.
LAUNCHES = 5
#: The rules-only throughput loop runs the corpus again and again for at least this long.
MIN_SECONDS = 2.0
#: Single utterances timed for the semantic layer's p99.
SINGLES = 200
#: Dialogues fed to `dcsim score --jsonl`.
DIALOGUES = 400
#: Utterances fed to `dcsim moves --jsonl`: the dev split of the public corpus when it is beside
#: this machine (it is not shipped), else the project's own corpus.
PUBLIC_DEV = Path(os.environ.get("DCSIM_PUBLIC_DEV", "/work/shared/public_dev")) / "en.jsonl"
#: Lines typed one at a time into `dcsim moves --jsonl`, each answer awaited before the next.
TYPED = 100

#: What the trainee types in the per-turn runs: neutral lines and mixed ones (good and bad
#: moves together), so the persona neither settles nor hangs up at once, and lines of
#: every length reach the recogniser. A call that ends anyway is restarted, untimed.
SCRIPT: dict[str, tuple[str, ...]] = {
    "en": (
        "Okay, let me pull up your account.",
        "Can you confirm the address on the bill for me?",
        "I'm sorry, but that's just how the system works.",
        "I see. The payment shows on our side from the eighth.",
        "Right, one moment please.",
        "I understand it's annoying, but you should have called us earlier.",
        "The engineer's report says the line was suspended on the third.",
        "Thanks for waiting. I've checked with billing and they're looking into it.",
        "Hmm.",
        "So you paid on the eighth and the line was still cut off on the tenth, is that right?",
    ),
    "zh": (
        "好的,我帮您查一下账户。",
        "麻烦您核对一下账单上的地址。",
        "不好意思,系统就是这么设置的。",
        "我看到了,我们这边显示八号已经收到付款。",
        "好,请稍等。",
        "我理解您着急,但是您应该早点打电话过来。",
        "工程师的记录说线路是三号暂停的。",
        "让您久等了,我问过账务部门,他们正在核查。",
        "嗯。",
        "也就是说您八号付了钱,十号线路还是被切断了,对吗?",
    ),
}

@dataclass(frozen=True)
class Target:
    """A speed the project promises; `at_most` says whether smaller is better."""

    limit: float
    at_most: bool
    unit: str

    def met(self, value: float) -> bool:
        return value < self.limit if self.at_most else value >= self.limit

    def __str__(self) -> str:
        return f"{'<' if self.at_most else '≥'} {self.limit:g} {self.unit}"


TURN_P99 = Target(20, True, "ms")
FIRST_PROMPT = Target(0.5, True, "s")
RULES_RATE = Target(5000, False, "utt/s")
SEMANTIC_RATE = Target(300, False, "utt/s")
SINGLE_P99 = Target(15, True, "ms")


@dataclass
class Figure:
    """One row of the table: what was measured, its value (already formatted) and the target."""

    section: str
    name: str
    shown: str
    target: Target | None = None
    value: float | None = None

    @property
    def verdict(self) -> str:
        if self.target is None or self.value is None:
            return ""
        return "[green]✓[/]" if self.target.met(self.value) else "[red]✗[/]"


# ── small helpers ──────────────────────────────────────────────────────────────────────────

def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: with 200 samples, p99 is the second slowest, not an interpolation."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without floats going astray
    return ordered[int(rank) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def dcsim_script() -> list[str]:
    """The installed `dcsim` beside this interpreter, as a user runs it; `python -m simulator` if absent."""
    script = Path(sys.executable).parent / "dcsim"
    return [str(script)] if script.exists() else [sys.executable, "-m", "simulator"]


def corpus_texts(lang: str) -> list[str]:
    """Every utterance of the evaluation corpus in one language (every split): realistic lengths."""
    from simulator.recognition.evaluation import load

    return [example.text for example in load("all", (lang,))]


# ── a) per-turn latency through the engine ─────────────────────────────────────────────────

def turn_latencies(lang: str, semantic: bool, turns: int = TURNS) -> tuple[list[float], int]:
    """Seconds per `Session.respond` (recognise → transition → reply), and how many calls it took.

    The script is cycled; when the persona reaches a final state the call is restarted
    outside the clock, so exactly `turns` turns are timed.
    """
    from simulator.engine.session import Session
    from simulator.library import catalog
    from simulator.recognition import semantic as semantic_layer
    from simulator.recognition.recogniser import recognise

    hearing = partial(recognise, semantic=semantic)
    hearing(SCRIPT[lang][0], lang=lang)  # the model loads here, not in the first timed turn
    session = Session(catalog.persona(), catalog.scenario(), lang, seed=0, recogniser=hearing)
    calls, latencies = 1, []
    for i in range(turns):
        if session.over:
            session, calls = session.restart(), calls + 1
        text = SCRIPT[lang][i % len(SCRIPT[lang])]
        semantic_layer.forget()  # the script repeats; a trainee's lines are new
        start = time.perf_counter()
        session.respond(text)
        latencies.append(time.perf_counter() - start)
    return latencies, calls


# ── b) first prompt of `dcsim play` ────────────────────────────────────────────────────────

def time_to_prompt(command: list[str], env: dict[str, str], prompt: bytes = b"You>", timeout: float = 30) -> float:
    """Seconds from launching `command` on a fresh pseudo-terminal until `prompt` is on screen.

    The process is killed (by its own pid) as soon as the prompt shows: only the wait matters.
    A cursor-position request from prompt-toolkit is answered as a terminal would.
    """
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=child, stdout=child, stderr=child, env=env, start_new_session=True)
    os.close(child)
    screen = b""
    try:
        while prompt not in screen:
            remaining = start + timeout - time.perf_counter()
            ready, _, _ = select.select([main], [], [], max(remaining, 0))
            if not ready:
                raise TimeoutError(f"no {prompt!r} within {timeout:g} s; screen so far: {screen[-300:]!r}")
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed: dcsim exited before prompting
                chunk = b""
            if not chunk:
                raise RuntimeError(f"dcsim exited before prompting: {screen[-300:]!r}")
            screen += chunk
            if b"\x1b[6n" in chunk:
                os.write(main, b"\x1b[1;1R")
        return time.perf_counter() - start
    finally:
        process.kill()
        process.wait()
        os.close(main)


def first_prompt_times(launches: int = LAUNCHES) -> list[float]:
    """`dcsim play --lang en` launched `launches` times, each with an empty DCSIM_HOME."""
    times = []
    for _ in range(launches):
        with tempfile.TemporaryDirectory(prefix="dcsim-bench-") as home:
            env = {**os.environ, "DCSIM_HOME": home, "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
            env.pop("NO_COLOR", None)  # time the screen a trainee sees, colours and all
            times.append(time_to_prompt([*dcsim_script(), "play", "--lang", "en"], env))
    return times


# ── c) the recogniser on its own ───────────────────────────────────────────────────────────

def rules_rate(texts: dict[str, list[str]], min_seconds: float = MIN_SECONDS) -> float:
    """Utterances per second, rules alone, one process (one core), the corpus repeated ≥ `min_seconds`."""
    from simulator.recognition.recogniser import recognise_many

    for lang, batch in texts.items():
        recognise_many(batch[:10], lang, semantic=False)  # compile the lexicons off the clock
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        for lang, batch in texts.items():
            recognise_many(batch, lang, semantic=False)
            done += len(batch)
    return done / (time.perf_counter() - start)


def semantic_rate(texts: dict[str, list[str]]) -> float:
    """Utterances per second with the semantic layer, each language's corpus in one batch."""
    from simulator.recognition.recogniser import recognise_many

    done, start = 0, time.perf_counter()
    for lang, batch in texts.items():
        recognise_many(batch, lang, semantic=True)
        done += len(batch)
    return done / (time.perf_counter() - start)


def single_latencies(texts: dict[str, list[str]], count: int = SINGLES) -> list[float]:
    """Seconds per `recognise(text, semantic=True)`, one utterance at a time, models already loaded,
    each utterance scored as if new (the models remember the sentences of the batched run)."""
    from simulator.recognition import semantic
    from simulator.recognition.recogniser import recognise

    picks = random.Random(0)
    latencies = []
    for i in range(count):
        lang = ("zh", "en")[i % 2]
        text = picks.choice(texts[lang])
        semantic.forget()
        start = time.perf_counter()
        recognise(text, lang=lang, semantic=True)
        latencies.append(time.perf_counter() - start)
    return latencies


#: Run in a fresh interpreter so the load is cold: nothing imported, nothing in memory,
#: only the model shipped in the package. Prints the figures as one JSON object.
COLD_LOAD = """
import json, resource, time
start = time.perf_counter()
from simulator.recognition import semantic
from simulator.recognition.recogniser import recognise
semantic.encoder().encode(["warm"])          # the encoder builds its graph on the first sentence
encoder = time.perf_counter()
semantic.model("{lang}")
loaded = time.perf_counter()
recognise("{probe}", lang="{lang}", semantic=True)
print(json.dumps({{"encoder": encoder - start, "model": loaded - encoder, "total": loaded - start,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def cold_load(lang: str = "en") -> dict[str, float]:
    """Seconds to load the encoder and one language's model (shipped in the package), in a new process."""
    code = COLD_LOAD.format(lang=lang, probe="Sorry about that." if lang == "en" else "抱歉。")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=os.environ.copy())
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ── d) `dcsim score --jsonl` ───────────────────────────────────────────────────────────────

def generated_dialogues(count: int = DIALOGUES, seed: int = 0) -> list[dict]:
    """Dialogues as a real export would hold them: the engine's customer, trainee lines from the corpus.

    Each one is a rules-only practice call of up to eight agent turns, alternating languages.
    """
    from simulator.engine.session import Session
    from simulator.library import catalog
    from simulator.recognition.recogniser import recognise

    rng = random.Random(seed)
    personas, scenarios = catalog.ids("personas"), catalog.ids("scenarios")
    lines = {lang: corpus_texts(lang) for lang in ("zh", "en")}
    dialogues = []
    for n in range(count):
        lang = ("zh", "en")[n % 2]
        session = Session(catalog.persona(rng.choice(personas)), catalog.scenario(rng.choice(scenarios)), lang,
                          seed=n, recogniser=partial(recognise, semantic=False))
        turns = [{"role": "customer", "text": session.opening}]
        for _ in range(8):
            if session.over:
                break
            turn = session.respond(rng.choice(lines[lang]))
            turns += [{"role": "agent", "text": turn.text}, {"role": "customer", "text": turn.reply}]
        dialogues.append({"dialogue_id": f"bench-{n}", "lang": lang, "turns": turns})
    return dialogues


def score_rate(dialogues: list[dict]) -> tuple[float, float]:
    """Dialogues per second through `dcsim score --jsonl` (rules only, the default), and the wall time.

    The wall time includes starting the interpreter, as a coach running the command would see it.
    """
    data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dialogues).encode()
    with tempfile.TemporaryDirectory(prefix="dcsim-bench-") as home:
        start = time.perf_counter()
        done = subprocess.run([*dcsim_script(), "score", "--jsonl"], input=data, capture_output=True, check=True,
                              env={**os.environ, "DCSIM_HOME": home})
        wall = time.perf_counter() - start
    scored = len(done.stdout.splitlines())
    if scored != len(dialogues):
        raise RuntimeError(f"dcsim score wrote {scored} lines for {len(dialogues)} dialogues")
    return len(dialogues) / wall, wall


# ── e) `dcsim moves --jsonl` ───────────────────────────────────────────────────────────────

def moves_texts() -> tuple[str, list[str]]:
    """Where the utterances come from, and the utterances: English, realistic lengths."""
    if PUBLIC_DEV.is_file():
        rows = [json.loads(line) for line in PUBLIC_DEV.read_text("utf-8").splitlines() if line.strip()]
        return "public_dev en dev split", [row["text"] for row in rows if row.get("split") == "dev"]
    return "the corpus, en", corpus_texts("en")


def moves_rate(texts: list[str], semantic: bool) -> tuple[float, float, float]:
    """Utterances per second through `dcsim moves --jsonl` fed all at once (wall time including
    start-up and, with the semantic layer, loading it), the child's CPU seconds (from `wait4`) and
    its peak memory in MB."""
    data = "".join(json.dumps({"text": text}, ensure_ascii=False) + "\n" for text in texts).encode()
    command = [*dcsim_script(), "moves", "--jsonl", *([] if semantic else ["--no-semantic"])]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        feeder = threading.Thread(target=lambda: (process.stdin.write(data), process.stdin.close()))
        feeder.start()
        peak = [0]
        watcher = threading.Thread(target=watch_peak, args=(process.pid, peak), daemon=True)
        watcher.start()
        written = process.stdout.read().count(b"\n")
        feeder.join()
        _, status, usage = os.wait4(process.pid, 0)  # reaped here, so its own CPU time can be read
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"dcsim moves failed: {errors.read().decode(errors='replace')[-500:]}")
    if written != len(texts):
        raise RuntimeError(f"dcsim moves wrote {written} lines for {len(texts)} utterances")
    return len(texts) / wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024


def watch_peak(pid: int, peak: list[int]) -> None:
    """Keep `peak[0]` at the child's peak resident memory (kB), read from /proc while it lives:
    `wait4`'s maxrss would count the pages of this bench, of which the child was forked."""
    status = Path(f"/proc/{pid}/status")
    while True:
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            peak[0] = max(peak[0], int(fields.get("VmHWM", "0 kB").split()[0]))
        except (OSError, ValueError):
            return  # exited (or reaped)
        time.sleep(0.02)


def typed_round_trips(texts: list[str], count: int = TYPED) -> list[float]:
    """Seconds from writing one line to reading its answer, the next line written only then:
    what a program (or a person) feeding `dcsim moves --jsonl` interactively waits."""
    process = subprocess.Popen([*dcsim_script(), "moves", "--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    waits = []
    for i, text in enumerate(texts[:count + 1]):
        start = time.perf_counter()
        process.stdin.write(json.dumps({"text": text}, ensure_ascii=False).encode() + b"\n")
        process.stdin.flush()
        process.stdout.readline()
        if i:  # the first answer waits for the semantic layer to load
            waits.append(time.perf_counter() - start)
    process.stdin.close()
    process.wait()
    return waits


# ── the table ──────────────────────────────────────────────────────────────────────────────

def measure(console: Console) -> list[Figure]:
    """Every figure, in the order of the table; progress goes to the console as it runs."""
    figures: list[Figure] = []
    status = partial(console.print, style="dim")

    for semantic in (False, True):
        layer = "rules + semantic" if semantic else "rules only"
        for lang in ("zh", "en"):
            status(f"a) {TURNS} turns, {lang}, {layer} …")
            latencies, calls = turn_latencies(lang, semantic)
            p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
            figures.append(Figure("a) per turn", f"{lang} · {layer} · p50", ms(p50)))
            figures.append(Figure("a) per turn", f"{lang} · {layer} · p99 ({calls} calls)", ms(p99),
                                  TURN_P99, p99 * 1000))

    status(f"b) dcsim play --lang en, first prompt × {LAUNCHES} …")
    launches = first_prompt_times()
    median = statistics.median(launches)
    figures.append(Figure("b) first prompt", f"median of {LAUNCHES} (min {min(launches):.2f}, "
                                             f"max {max(launches):.2f})", f"{median:.2f} s", FIRST_PROMPT, median))

    texts = {lang: corpus_texts(lang) for lang in ("zh", "en")}
    size = sum(len(batch) for batch in texts.values())
    status("c) recogniser: rules alone …")
    rate = rules_rate(texts)
    figures.append(Figure("c) recogniser", f"rules alone, {size} corpus utterances repeated ≥ {MIN_SECONDS:g} s",
                          f"{rate:,.0f} utt/s", RULES_RATE, rate))
    status("c) recogniser: semantic layer, cold load …")
    load = cold_load("en")
    figures.append(Figure("c) recogniser", "semantic load, cold from cache (encoder + en model)",
                          f"{load['total']:.2f} s (encoder {load['encoder']:.2f} + model {load['model']:.2f})"))
    status("c) recogniser: semantic layer, batched and single …")
    rate = semantic_rate(texts)
    figures.append(Figure("c) recogniser", f"rules + semantic, batched ({size} utterances, in process, loaded; "
                                           f"the target is for `dcsim moves`, e)", f"{rate:,.0f} utt/s"))
    singles = single_latencies(texts)
    p99 = percentile(singles, 99)
    figures.append(Figure("c) recogniser", f"rules + semantic, single utterance p99 (p50 "
                                           f"{ms(percentile(singles, 50))})", ms(p99), SINGLE_P99, p99 * 1000))
    figures.append(Figure("c) recogniser", "peak memory, fresh process with encoder + en model",
                          f"{load['maxrss_kb'] / 1024:.0f} MB"))
    figures.append(Figure("c) recogniser", "peak memory, this bench (both languages loaded)",
                          f"{peak_memory_mb():.0f} MB"))

    status(f"d) dcsim score --jsonl, {DIALOGUES} generated dialogues …")
    rate, wall = score_rate(generated_dialogues())
    figures.append(Figure("d) dcsim score", f"{DIALOGUES} dialogues, rules only, wall {wall:.2f} s incl. start-up",
                          f"{rate:,.0f} dialogues/s"))

    source, utterances = moves_texts()
    for semantic in (False, True):
        layer = "rules + semantic" if semantic else "rules only (--no-semantic)"
        status(f"e) dcsim moves --jsonl, {len(utterances)} utterances, {layer} …")
        rate, cpu, memory = moves_rate(utterances, semantic)
        figures.append(Figure("e) dcsim moves", f"{len(utterances)} utterances piped ({source}), {layer}, wall incl. "
                                                f"start-up (CPU {len(utterances) / cpu:,.0f} utt/s, peak memory "
                                                f"{memory:.0f} MB)", f"{rate:,.0f} utt/s", SEMANTIC_RATE if semantic else None,
                              rate if semantic else None))
    status(f"e) dcsim moves --jsonl, {TYPED} lines typed one at a time …")
    waits = typed_round_trips(utterances)
    figures.append(Figure("e) dcsim moves", f"one line at a time, rules + semantic, answer p50 (p99 "
                                            f"{ms(percentile(waits, 99))})", ms(percentile(waits, 50))))
    return figures


def table(figures: list[Figure], load_before: float) -> Table:
    """The figures beside their targets; the title says what the machine was doing meanwhile."""
    grid = Table(title=f"dcsim bench · DCSIM_THREADS={os.environ.get('DCSIM_THREADS')} · {os.cpu_count()} cores · "
                       f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after · "
                       f"python {sys.version.split()[0]}")
    for column in ("section", "figure", "measured", "target", ""):
        grid.add_column(column)
    for figure in figures:
        grid.add_row(figure.section, figure.name, figure.shown, str(figure.target or ""), figure.verdict)
    return grid


def main() -> int:
    os.environ.setdefault("DCSIM_THREADS", "1")  # before the encoder is built, here and in every child
    # `make` output is usually not a terminal; rich would then wrap the table at 80 columns.
    console = Console() if sys.stdout.isatty() else Console(width=130)
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    figures = measure(console)
    console.print(table(figures, load_before))
    console.print(f"measured in {time.perf_counter() - started:.0f} s", style="dim")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
