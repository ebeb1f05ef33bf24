"""The store: every call in SQLite, turn by turn, private to its owner, and never a lost call.

A database that is locked, damaged or read-only is named plainly and the call goes on in
memory; what could not be written is written as soon as the file allows, or said unsaved.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import sqlite3
import stat
import threading

import pytest

from calls import FOUR_STEPS, good_script
from simulator.engine.session import Session
from simulator.library import store as store_module
from simulator.library.replay import ReplayMismatch, restore, stored_session
from simulator.library.store import MIGRATIONS, SCHEMA_VERSION, Keeper, Store, StoreError, _plain, save_file
from simulator.score.report import debrief_session
from simulator.ui.labels import store_warning, where_kept
from simulator.ui.scripted import play_lines


def keep(store: Store, session: Session, lines: list[str], trainee: str = "ana", warnings: list | None = None) -> Keeper:
    """Play `lines` into `session`, kept by a Keeper on `store`, and end the call."""
    keeper = Keeper(store, session, trainee, (session.persona.id, session.scenario.id), "rules",
                    warn=(warnings.append if warnings is not None else lambda problem: None))
    keeper.begin()
    play_lines(session, lines, keeper.turn)
    keeper.end("eof")
    return keeper


@pytest.fixture
def call(emotional, line_cut_off):
    return Session(emotional, line_cut_off, "en", seed=3)


def test_a_call_is_kept_with_every_turn_its_score_and_how_it_ended(tmp_path, call):
    store = Store(tmp_path / "calls.db")
    keeper = keep(store, call, good_script("en", "emotional"))
    assert keeper.unsaved() is None and where_kept(keeper, "en") == f"saved as call 1 in {store.path}"
    assert where_kept(keeper, "zh") == f"已保存为第 1 次通话,文件:{store.path}"
    [stored] = store.calls()
    assert (stored["trainee"], stored["persona"], stored["scenario"], stored["lang"], stored["seed"]) == \
        ("ana", "emotional", "line_cut_off", "en", 3)
    assert stored["turns"] == [turn.to_dict() for turn in call.turns]
    assert stored["outcome"] == "satisfied" and stored["reason"] == "ended" and stored["ended"] >= stored["started"]
    assert stored["persona_name"] == "The emotional customer"


def test_each_turn_is_committed_before_the_next_one_is_played(tmp_path, call):
    store = Store(tmp_path / "calls.db")
    keeper = Keeper(store, call, "ana", ("emotional", "line_cut_off"))
    keeper.begin()
    seen_by_another_reader = []
    for line in good_script("en", "emotional")[:3]:
        keeper.turn(call.respond(line))
        seen_by_another_reader.append(len(Store(store.path).call(keeper.call)["turns"]))
    assert seen_by_another_reader == [1, 2, 3]


def test_the_database_and_its_folder_are_private(tmp_path, monkeypatch, call):
    monkeypatch.setenv("DCSIM_HOME", str(tmp_path / "new" / "home"))
    store = Store()
    keep(store, call, [FOUR_STEPS["en"]["apologise"]])
    assert store.path == tmp_path / "new" / "home" / "dcsim.db"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in store.path.parent.glob("dcsim.db*"))


def test_calls_are_listed_newest_first_and_by_trainee(tmp_path, emotional, line_cut_off):
    store = Store(tmp_path / "calls.db")
    for trainee in ("ana", "bo", "ana"):
        keep(store, Session(emotional, line_cut_off, "en"), [FOUR_STEPS["en"]["apologise"]], trainee)
    assert [c["id"] for c in store.calls()] == [3, 2, 1]
    assert [c["id"] for c in store.calls("ana")] == [3, 1]
    assert store.trainees() == ["ana", "bo"]
    with pytest.raises(LookupError, match="no call 9"):
        store.call(9)


def test_the_schema_has_a_version_and_an_older_file_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # an empty database: version 0
    store = Store(path)
    assert store.calls() == []
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_from_a_newer_dcsim_is_refused_by_name(tmp_path):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError) as error:
        Store(path).calls()
    assert error.value.problem == "newer" and error.value.path == path
    assert f"it was written by a newer dcsim (schema {SCHEMA_VERSION + 1}" in store_warning(error.value, "en")


def test_two_writers_at_once_on_one_database(tmp_path, emotional, line_cut_off):
    path = tmp_path / "shared.db"
    lines = good_script("en", "emotional")
    errors: list[BaseException] = []

    def trainee(name: str) -> None:
        try:
            for _ in range(5):
                keep(Store(path), Session(emotional, line_cut_off, "en"), lines, name)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    writers = [threading.Thread(target=trainee, args=(name,)) for name in ("ana", "bo")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert not errors
    calls = Store(path).calls()
    assert sorted(c["trainee"] for c in calls) == ["ana"] * 5 + ["bo"] * 5
    assert all(len(c["turns"]) == len(lines) and c["outcome"] == "satisfied" for c in calls)


def _open_and_write(path: str) -> str:
    """One process's first use of a database: open it (perhaps creating it) and write a line."""
    try:
        Store(path).add_input("ana", "Hello.")
        return "saved"
    except StoreError as error:
        return str(error)


def test_processes_opening_a_new_database_together_all_get_in(tmp_path):
    """The switch to WAL mode is refused at once while another process opens the file: it is retried.

    Before that, about one start in four of four processes on a new file failed with "locked".
    """
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        for attempt in range(12):
            path = str(tmp_path / f"new{attempt}.db")
            assert pool.map(_open_and_write, [path] * 4) == ["saved"] * 4
            assert len(Store(path).inputs("ana")) == 4


def test_a_damaged_database_is_named_and_the_call_goes_on_in_memory(tmp_path, call):
    path = tmp_path / "dcsim.db"
    path.write_bytes(b"this is not a database at all, just some bytes " * 100)
    warnings: list[StoreError] = []
    keeper = keep(Store(path), call, good_script("en", "emotional"), warnings=warnings)
    assert call.outcome == "satisfied" and len(call.turns) == 4
    [problem] = warnings  # said once, not at every turn
    assert problem.problem == "damaged" and problem.path == path
    warning = store_warning(problem, "en")
    assert f"cannot save to {path}: the file is damaged" in warning and "--db" in warning
    assert "the call goes on" in warning
    assert where_kept(keeper, "en") == \
        f"NOT saved to {path}: the call itself, turns 1–4, how it ended (only on this screen)"


def test_a_locked_database_catches_up_once_it_is_free(tmp_path, call, monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    path = tmp_path / "dcsim.db"
    Store(path).calls()  # the file exists, with its tables
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    warnings: list[StoreError] = []
    store = Store(path)
    keeper = Keeper(store, call, "ana", ("emotional", "line_cut_off"), warn=warnings.append)
    keeper.begin()
    keeper.turn(call.respond(FOUR_STEPS["en"]["apologise"]))
    assert "database is locked" in store_warning(warnings[0], "en") and str(path) in store_warning(warnings[0], "en")
    assert where_kept(keeper, "en") == f"NOT saved to {path}: the call itself, turn 1 (only on this screen)"
    other.execute("ROLLBACK")
    keeper.turn(call.respond(FOUR_STEPS["en"]["empathise"]))
    assert keeper.unsaved() is None
    assert [t["index"] for t in store.call(keeper.call)["turns"]] == [1, 2]


def test_a_read_only_database_is_named_and_the_call_goes_on(tmp_path, call, monkeypatch):
    path = tmp_path / "dcsim.db"
    Store(path).calls()
    # A read-only file, as a user without write permission sees it (root ignores file modes).
    monkeypatch.setattr(Store, "_connect", lambda self: sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                                                        isolation_level=None))
    warnings: list[StoreError] = []
    keeper = keep(Store(path), call, [FOUR_STEPS["en"]["apologise"]], warnings=warnings)
    assert len(call.turns) == 1
    assert f"cannot save to {path}: the file cannot be written (read-only)" in store_warning(warnings[0], "en")
    assert "turn 1" in where_kept(keeper, "en")


def test_the_prompt_history_is_kept_per_trainee(tmp_path):
    store = Store(tmp_path / "dcsim.db")
    store.add_input("ana", "I'm so sorry.")
    store.add_input("bo", "That's our policy.")
    store.add_input("ana", "I understand.")
    assert store.inputs("ana") == ["I'm so sorry.", "I understand."]
    assert store.inputs("bo") == ["That's our policy."]


def test_a_file_is_saved_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "out" / "report.jsonl"
    save_file(target, '{"a": 1}\n')
    assert target.read_text() == '{"a": 1}\n' and stat.S_IMODE(target.stat().st_mode) == 0o600

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        save_file(target, '{"a": 2}\n' * 1000)
    assert target.read_text() == '{"a": 1}\n'           # the old file, untouched
    assert [p.name for p in target.parent.iterdir()] == ["report.jsonl"]  # no half-written leftover


def test_transcripts_of_earlier_versions_join_a_new_database_once(tmp_path, call):
    """JSON-lines calls from before the store: header, turns, end; a line cut short by a full disk is left out."""
    play_lines(call, good_script("en", "emotional")[:2])
    folder = tmp_path / "transcripts"
    folder.mkdir()
    header = {"type": "header", "persona": "emotional", "scenario": "line_cut_off", "lang": "en", "seed": 3,
              "opening": call.opening}
    lines = [header, *({"type": "turn", **t.to_dict()} for t in call.turns)]
    text = "".join(json.dumps(line) + "\n" for line in lines) + '{"type": "end", "outc'
    (folder / "20261101-101500-emotional-line_cut_off-42.jsonl").write_text(text, encoding="utf-8")
    store = Store(tmp_path / "dcsim.db")
    [old] = store.calls()
    assert old["turns"] == [t.to_dict() for t in call.turns] and old["ended"] is None
    assert old["persona_name"] == "The emotional customer"
    resumed = restore(old, lambda *a, **k: [])
    assert resumed.mood == call.mood and resumed.state == call.state
    store.close()
    assert len(Store(tmp_path / "dcsim.db").calls()) == 1  # not imported twice


def test_a_call_shows_as_recorded_when_its_persona_has_changed_since(tmp_path, call):
    store = Store(tmp_path / "dcsim.db")
    keep(store, call, good_script("en", "emotional"))
    stored = store.call(1)
    # replayed: the same turns, as recorded (a confidence is kept to 3 places, so whether the semantic
    # layer was loaded when the call was played must not matter)
    assert [t.to_dict() for t in stored_session(stored).turns] == [t.to_dict() for t in call.turns]
    stored["turns"][1]["reply"] = "A line the persona no longer says."  # as if a coach had edited it
    with pytest.raises(ReplayMismatch):
        restore(stored, lambda *a, **k: [])
    shown = stored_session(stored)
    assert shown.turns[1].reply == "A line the persona no longer says." and shown.outcome == "satisfied"
    assert debrief_session(shown).score.total == debrief_session(call).score.total


def test_a_file_of_the_first_schema_is_migrated_and_keeps_its_calls(tmp_path, emotional, line_cut_off):
    """Version 1 had no `workshop` column: an older file gains it (NULL: a call of one's own) and loses nothing."""
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
        db.execute("INSERT INTO calls (trainee, persona, persona_source, persona_name, scenario, scenario_source, "
                   "scenario_title, lang, seed, hearing, opening, started) "
                   "VALUES ('ana', 'emotional', 'emotional', 'E', 'line_cut_off', 'line_cut_off', 'L', 'en', 7, "
                   "'rules', 'Hello?', '2026-01-02T03:04:05Z')")
    store = Store(path)
    [call] = store.calls()
    assert (call["trainee"], call["seed"], call["workshop"]) == ("ana", 7, None)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    session = Session(emotional, line_cut_off, "en", seed=1)
    room = Keeper(store, session, "bo", ("emotional", "line_cut_off"), workshop="Ana, Bo")
    room.begin()
    room.turn(session.respond("I'm so sorry."))
    assert store.call(room.call)["workshop"] == "Ana, Bo"


def test_the_systems_own_error_is_said_in_the_calls_language(tmp_path):
    """A full disk is 磁盘空间已满 in a Chinese call, not the system's English words."""
    full = _plain(tmp_path / "dcsim.db", OSError(errno.ENOSPC, "No space left on device"))
    assert full.problem == "system" and full.code == "ENOSPC"
    assert "磁盘空间已满" in store_warning(full, "zh") and "No space" not in store_warning(full, "zh")
    assert "No space left on device" in store_warning(full, "en")
    odd = _plain(tmp_path / "dcsim.db", OSError(errno.ELOOP, "Too many levels of symbolic links"))
    assert "Too many levels of symbolic links" in store_warning(odd, "zh")  # an error without words of ours keeps its own
