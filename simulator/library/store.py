"""Keeping every call: one SQLite database per user, each turn committed before the reply is shown.

A trainee's practice must survive Ctrl-C, a closed terminal or a killed process, and a coach
wants the history of every trainee: so each call is a row of `calls` and each turn a row of
`turns`, committed (WAL mode, synchronous) before the customer answers. The file lives in
the user data folder (`DCSIM_HOME` overrides it; `--db PATH` picks another file), readable
by its owner only. A database that is locked, damaged or read-only is said plainly, naming
the file; `Keeper` then keeps the call in memory, writes it when it can, and says what was
not saved. Several calls may write to one database at once.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import platformdirs

from simulator.score.report import score_session
from simulator.score.scoring import score_turns

if TYPE_CHECKING:
    from simulator.engine.session import Session, Turn

#: How long a write waits for another writer before the database counts as locked.
LOCK_TIMEOUT = 5.0

#: Each migration brings the schema one version up; `PRAGMA user_version` says where a file is.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        trainee TEXT NOT NULL,
        persona TEXT NOT NULL,           -- the persona's id
        persona_source TEXT NOT NULL,    -- what `--persona` named: an id or a file, to load it again
        persona_name TEXT NOT NULL,      -- in the call's language, for lists and reports
        scenario TEXT NOT NULL,
        scenario_source TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        lang TEXT NOT NULL,
        seed INTEGER NOT NULL,
        hearing TEXT NOT NULL,           -- 'semantic' or 'rules': how moves were heard, to resume alike
        opening TEXT NOT NULL,
        started TEXT NOT NULL,           -- ISO 8601, UTC
        ended TEXT,                      -- NULL while the call is going on, or when it was cut off
        outcome TEXT,
        score INTEGER,                   -- the score so far, updated with every turn
        reason TEXT                      -- why it stopped: ended, quit, eof, interrupted, hangup, restart, reload
    );
    CREATE INDEX calls_by_trainee ON calls (trainee, started);
    CREATE TABLE turns (
        call INTEGER NOT NULL REFERENCES calls (id),
        idx INTEGER NOT NULL,
        record TEXT NOT NULL,            -- the turn as `play --json` gives it
        moves TEXT NOT NULL,             -- the moves heard, with confidence and spans, to replay the call
        PRIMARY KEY (call, idx)
    );
    CREATE TABLE inputs (                -- what each trainee typed, for the prompt's ↑ history
        id INTEGER PRIMARY KEY,
        trainee TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX inputs_by_trainee ON inputs (trainee, id);
    """,
    """
    ALTER TABLE calls ADD COLUMN workshop TEXT;  -- a workshop trainee's call: the room ("Ana, Bo, Chen"); else NULL
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database cannot be used: which file, what is wrong (`problem`), and the system's own words.

    `problem` is one of `PROBLEMS`; the screen says it, with what to do about it, in the call's
    language (`simulator.ui.labels.store_problem`): the words live in the one label table.
    """

    def __init__(self, path: Path, problem: str, detail: str = "", code: str = ""):
        self.path, self.problem, self.detail = path, problem, detail
        self.code = code  # the system error's name (ENOSPC…), so the screen can say it in the call's language
        super().__init__(f"{path}: {problem}" + (f" ({detail})" if detail else ""))


#: What can be wrong with a file the store uses: `locked` (another program writes to it), `damaged`
#: (or not a dcsim database), `read_only`, `newer` (written by a newer dcsim), `system` (the
#: system's error, e.g. a full disk or a folder that is a file), `transcript` (a workshop's record).
PROBLEMS = ("locked", "damaged", "read_only", "newer", "system", "transcript")


def _plain(path: Path, error: Exception) -> StoreError:
    """An sqlite or OS error as a problem a trainee can act on."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StoreError(path, "locked")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(path, "damaged")
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return StoreError(path, "read_only")
    if "newer" in text:
        return StoreError(path, "newer", str(error).split(": ", 1)[-1])
    return StoreError(path, "system", getattr(error, "strerror", None) or str(error), _code(error))


def _code(error: Exception) -> str:
    """`ENOSPC` for a full disk: the system error's name, or "" when it has none."""
    number = getattr(error, "errno", None)
    return errno.errorcode.get(number, "") if isinstance(number, int) else ""


def data_dir() -> Path:
    """The user data folder (`DCSIM_HOME` overrides it), created readable by its owner only."""
    folder = Path(os.environ.get("DCSIM_HOME") or platformdirs.user_data_dir("dcsim"))
    _private_folder(folder)
    return folder


def _private_folder(folder: Path) -> None:
    """Create `folder` (and missing parents) with mode 0700; an existing folder is left as it is."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise _plain(folder, error) from None


def default_path() -> Path:
    return Path(os.environ.get("DCSIM_HOME") or platformdirs.user_data_dir("dcsim")) / "dcsim.db"


def save_file(path: Path | str, text: str) -> Path:
    """Write `text` to `path` whole or not at all: a temporary file beside it, synced, then renamed.

    A full disk leaves the old file (or none) and raises, so no reader ever sees half a report
    and nothing is claimed saved that is not. The file is readable by its owner only.
    """
    path = Path(path)
    _private_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class Store:
    """The calls of every trainee in one SQLite file, opened on first use."""

    path: Path = field(default_factory=default_path)
    _db: sqlite3.Connection | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        _private_folder(self.path.parent)
        try:
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # WAL and SHM files copy this mode
            db = self._connect()
        except (OSError, sqlite3.Error) as error:
            raise _plain(self.path, error) from None
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout = %d" % int(LOCK_TIMEOUT * 1000))
            _write_ahead(db)
            db.execute("PRAGMA synchronous = FULL")
            created = _migrate(db)
            if created:
                _import_transcripts(db, self.path.parent / "transcripts")
        except (OSError, sqlite3.Error) as error:
            db.close()
            raise _plain(self.path, error) from None
        return db

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None, check_same_thread=False)

    def write(self, statements: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `statements` in one transaction, committed (on disk) before this returns."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                result = statements(self.db)
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            return result
        except (OSError, sqlite3.Error) as error:
            raise _plain(self.path, error) from None

    def read(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        try:
            return self.db.execute(sql, params).fetchall()
        except (OSError, sqlite3.Error) as error:
            raise _plain(self.path, error) from None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- a call as it happens -----------------------------------------------------------------

    def start_call(self, session: "Session", trainee: str, sources: tuple[str, str], hearing: str,
                   started: str | None = None, workshop: str | None = None) -> int:
        row = (trainee, session.persona.id, sources[0], session.persona.name(session.lang), session.scenario.id,
               sources[1], session.scenario.title(session.lang), session.lang, session.seed, hearing,
               session.opening, started or now(), score_session(session).total, workshop)
        return self.write(lambda db: db.execute(
            "INSERT INTO calls (trainee, persona, persona_source, persona_name, scenario, scenario_source, "
            "scenario_title, lang, seed, hearing, opening, started, score, workshop) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row).lastrowid)

    def add_turn(self, call: int, turn: "Turn", score: int) -> None:
        """The turn and the score so far, in one commit (again: the same turn, not a second one)."""
        record = json.dumps(turn.to_dict(), ensure_ascii=False)
        moves = json.dumps([m.to_dict() for m in turn.moves], ensure_ascii=False)
        sql = "INSERT OR REPLACE INTO turns (call, idx, record, moves) VALUES (?,?,?,?)"
        self.write(lambda db: (db.execute(sql, (call, turn.index, record, moves)),
                               db.execute("UPDATE calls SET score = ? WHERE id = ?", (score, call))))

    def end_call(self, call: int, outcome: str | None, score: int, reason: str) -> None:
        self.write(lambda db: db.execute("UPDATE calls SET ended = ?, outcome = ?, score = ?, reason = ? WHERE id = ?",
                                         (now(), outcome, score, reason, call)))

    def reopen_call(self, call: int) -> None:
        """A resumed call is going on again: its end is written when it ends this time."""
        self.write(lambda db: db.execute("UPDATE calls SET ended = NULL, reason = NULL WHERE id = ?", (call,)))

    # --- looking back ---------------------------------------------------------------------------

    def calls(self, trainee: str | None = None, with_turns: bool = True) -> list[dict[str, Any]]:
        """Every call (of one trainee, if named), newest first."""
        where, params = ("WHERE trainee = ?", (trainee,)) if trainee is not None else ("", ())
        rows = self.read(f"SELECT * FROM calls {where} ORDER BY started DESC, id DESC", *params)
        return [self._call(row, with_turns) for row in rows]

    def call(self, ident: int) -> dict[str, Any]:
        rows = self.read("SELECT * FROM calls WHERE id = ?", ident)
        if not rows:
            raise LookupError(f"no call {ident} in {self.path}; `dcsim history` lists the calls")
        return self._call(rows[0], True)

    def trainees(self) -> list[str]:
        return [row[0] for row in self.read("SELECT DISTINCT trainee FROM calls ORDER BY trainee")]

    def _call(self, row: sqlite3.Row, with_turns: bool) -> dict[str, Any]:
        call = dict(row)
        if with_turns:
            turns = self.read("SELECT record, moves FROM turns WHERE call = ? ORDER BY idx", row["id"])
            call["turns"] = [json.loads(t["record"]) for t in turns]
            call["moves_heard"] = [json.loads(t["moves"]) for t in turns]
        return call

    # --- the prompt's history, per trainee --------------------------------------------------------

    def inputs(self, trainee: str, limit: int = 1000) -> list[str]:
        """What `trainee` typed, oldest first (the last `limit` lines)."""
        rows = self.read("SELECT text FROM inputs WHERE trainee = ? ORDER BY id DESC LIMIT ?", trainee, limit)
        return [row[0] for row in reversed(rows)]

    def add_input(self, trainee: str, text: str) -> None:
        self.write(lambda db: db.execute("INSERT INTO inputs (trainee, text) VALUES (?, ?)", (trainee, text)))


def _write_ahead(db: sqlite3.Connection) -> None:
    """Put the file in WAL mode, waiting up to `LOCK_TIMEOUT` for another opener.

    The switch needs the file to itself and SQLite answers "locked" at once, without its busy
    handler: two calls starting together on a new file would otherwise fail on open. Once a
    file is in WAL mode it stays so, and this returns on the first try.
    """
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(db: sqlite3.Connection) -> bool:
    """Bring the file to `SCHEMA_VERSION` in one transaction; refuse a file from a newer dcsim.

    The version is read again once the write lock is held: two calls starting on a new file
    at the same moment must not both create the tables. True when this made a new database.
    """
    if _version(db) == SCHEMA_VERSION:
        return False
    db.execute("BEGIN IMMEDIATE")
    try:
        start = _version(db)
        for number in range(start, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return start == 0


def _version(db: sqlite3.Connection) -> int:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"newer dcsim: schema {version}, this one knows {SCHEMA_VERSION}")
    return version


def _import_transcripts(db: sqlite3.Connection, folder: Path) -> None:
    """Calls saved as JSON lines by earlier versions join the history of a new database, once.

    The files stay where they are. A line cut short by a full disk (the old writer's failure)
    is left out; who held those calls was not recorded, so they go to the login name.
    """
    from simulator.library import catalog

    trainee = login_name()
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else ():
        records = _records(path)
        header = next((r for r in records if r.get("type") == "header"), None)
        if not header or not {"persona", "scenario", "lang", "seed", "opening"} <= set(header):
            continue
        if header.get("kind") == "workshop":  # a workshop's own record: its trainees' calls are stored already
            continue
        turns = [r for r in records if r.get("type") == "turn"]
        end = next((r for r in records if r.get("type") == "end"), {})
        names = _names(catalog, header["persona"], header["scenario"], header["lang"])
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(path.stat().st_mtime))
        with db:
            db.execute("BEGIN")
            call = db.execute(
                "INSERT INTO calls (trainee, persona, persona_source, persona_name, scenario, scenario_source, "
                "scenario_title, lang, seed, hearing, opening, started, ended, outcome, score, reason) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (trainee, header["persona"], header["persona"], names[0], header["scenario"], header["scenario"],
                 names[1], header["lang"], header["seed"], "semantic", header["opening"], started,
                 started if end else None, end.get("outcome"), end.get("score"), end.get("reason"))).lastrowid
            for turn in turns:
                record = {k: v for k, v in turn.items() if k != "type"}
                heard = [{"name": n, "confidence": 1.0, "spans": record.get("spans", {}).get(n, [])}
                         for n in record.get("moves", [])]
                db.execute("INSERT OR REPLACE INTO turns (call, idx, record, moves) VALUES (?,?,?,?)",
                           (call, record.get("index"), json.dumps(record, ensure_ascii=False),
                            json.dumps(heard, ensure_ascii=False)))


def _records(path: Path) -> list[dict[str, Any]]:
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short
        if isinstance(record, dict):
            records.append(record)
    return records


def _names(catalog: Any, persona: str, scenario: str, lang: str) -> tuple[str, str]:
    """The persona's name and the scenario's title in `lang`, or their ids if they are gone."""
    try:
        return catalog.persona(persona).name(lang), catalog.scenario(scenario).title(lang)
    except Exception:  # noqa: BLE001 - a persona removed since: the id still says who it was
        return persona, scenario


def login_name() -> str:
    """Who is at the keyboard, as the system knows them: the default trainee."""
    import getpass

    try:
        return getpass.getuser() or "trainee"
    except (KeyError, OSError, ImportError):
        return "trainee"


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration, one by one, so that they share its transaction."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line.split("--", 1)[0] + ("\n" if "--" in line else "")
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


class TranscriptError(StoreError):
    """A workshop's JSON-lines record cannot be written (see `Transcript`)."""

    def __init__(self, where: Path, error: OSError):
        super().__init__(where, "transcript", error.strerror or str(error), _code(error))


def transcripts_dir() -> Path:
    folder = data_dir() / "transcripts"
    _private_folder(folder)
    return folder


class Transcript:
    """A workshop's record as JSON lines (a workshop has several trainees; the call store has one per call).

    Each record is written whole and synced; after a failed write nothing more is written,
    so no record ever follows half a line. The file is readable by its owner only.
    """

    def __init__(self, path: Path):
        self.path = path
        try:
            self._file = os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a", encoding="utf-8")
        except OSError as error:
            raise TranscriptError(path.parent, error) from None
        self._broken = False

    @classmethod
    def start(cls, header: dict[str, Any], folder: Path | None = None) -> "Transcript":
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{header.get('kind', 'call')}-{header.get('persona', '')}-{os.getpid()}"
        folder = folder or transcripts_dir()
        path, n = folder / f"{name}.jsonl", 1
        while path.exists():
            n += 1
            path = folder / f"{name}-{n}.jsonl"
        transcript = cls(path)
        transcript.write({"type": "header", **header})
        return transcript

    def write(self, record: dict[str, Any]) -> None:
        if self._broken:
            raise TranscriptError(self.path.parent, OSError("an earlier record could not be written"))
        try:
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as error:
            self._broken = True
            raise TranscriptError(self.path.parent, error) from None

    def close(self) -> None:
        try:
            self._file.close()
        except OSError:
            pass  # every record was already synced, or its failure already reported


@dataclass
class Keeper:
    """Keeps one call in the store; if the store refuses, the call goes on in memory.

    Every write goes through `pending`: what could not be written is retried at the next
    turn, so a database that was locked for a moment catches up, and `unsaved()` says
    plainly what is still only in memory when the call ends.
    """

    store: Store
    session: "Session"
    trainee: str
    sources: tuple[str, str]
    hearing: str = "semantic"
    warn: Callable[[StoreError], None] = lambda problem: None  # told once of each problem; the UI words it
    workshop: str | None = None  # the room, when this is one trainee's part of a workshop
    call: int | None = None
    began: str | None = None     # when the call began on screen; it is stored with its first turn
    mine: dict[int, "Turn"] = field(default_factory=dict)  # in a workshop, the turns this trainee said
    pending: list[tuple[str, Any]] = field(default_factory=list)
    _warned: set[str] = field(default_factory=set)

    def begin(self) -> None:
        """Note when the call began. It is stored with its first turn, so a start that fails (a
        broken file, a terminal that goes at once) leaves no empty call behind to be resumed."""
        if self.call is None:
            self.began = now()
            self._try(lambda: self.store.write(lambda db: None))  # a store that cannot be written is said now

    def _try(self, action: Callable[[], Any]) -> bool:
        """Do `action`; a store problem is told (once) and `action` is reported undone."""
        try:
            action()
        except StoreError as error:
            if str(error) not in self._warned:
                self._warned.add(str(error))
                self.warn(error)
            return False
        return True

    def resumed(self, call: int) -> None:
        """Go on with a stored call (its earlier turns are stored already)."""
        self.call = call
        self._do(("reopen", None))

    def turn(self, turn: "Turn") -> None:
        self.mine[turn.index] = turn
        if not self.started:
            self.pending.append(("start", self.began or now()))
        self._do(("turn", (turn, self._score())))

    def end(self, reason: str) -> None:
        if not self.started:
            return  # nothing was said: there is no call to keep
        why = "ended" if self.session.outcome else reason  # satisfied, the last word left unsaid: it ended all the same
        self._do(("end", (self.session.outcome, self._score(), why)))

    @property
    def started(self) -> bool:
        """Is the call in the store, or on its way there?"""
        return self.call is not None or any(kind == "start" for kind, _ in self.pending)

    def _score(self) -> int:
        """The call's score; in a workshop, that of this trainee's own replies, as `dcsim show` scores them."""
        if self.workshop is None:
            return score_session(self.session).total
        turns = [self.mine[index] for index in sorted(self.mine)]
        return score_turns(turns, self.session.outcome, start_mood=self.session.persona.start_mood).total

    def _do(self, action: tuple[str, Any]) -> None:
        self.pending.append(action)
        while self.pending and self._try(lambda: self._write(*self.pending[0])):
            self.pending.pop(0)

    def _write(self, kind: str, value: Any) -> None:
        if kind == "start":
            self.call = self.store.start_call(self.session, self.trainee, self.sources, self.hearing, value,
                                              self.workshop)
        elif kind == "reopen":
            self.store.reopen_call(self.call)
        elif kind == "turn":
            self.store.add_turn(self.call, *value)
        else:
            self.store.end_call(self.call, *value)

    def unsaved(self) -> "Unsaved | None":
        """What is only in memory, or None when everything is on disk (`ui.labels.where_kept` says it)."""
        if not self.pending:
            return None
        kinds = [kind for kind, _ in self.pending]
        return Unsaved("start" in kinds, [value[0].index for kind, value in self.pending if kind == "turn"],
                       "end" in kinds)


@dataclass(frozen=True)
class Unsaved:
    """What of a call is only in memory: the call itself, these turns, how it ended."""

    call: bool
    turns: list[int]
    end: bool
