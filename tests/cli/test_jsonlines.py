"""The JSON-lines rule of `dcsim moves --jsonl` and `dcsim score --jsonl`: exactly one valid
UTF-8 JSON line out per line in, same order, whatever the bytes; bad lines answered in place."""

from __future__ import annotations

import io
import json
import os
import random
import select
import subprocess
import tempfile
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PATIENCE, dcsim_command
from simulator.cli import jsonlines, moves, score


def fed(data: bytes):
    """`data` as a real file, read through its descriptor as stdin is."""
    handle = tempfile.TemporaryFile()
    handle.write(data)
    handle.seek(0)
    return handle


def heard(data: bytes, **options) -> list[bytes]:
    """The output lines of `dcsim moves --jsonl --no-semantic` for `data`, in process."""
    sink = io.BytesIO()
    with fed(data) as source:
        assert moves.jsonl(source, sink, semantic=False, **options) == 0
    return sink.getvalue().split(b"\n")[:-1]


def scored(data: bytes) -> list[bytes]:
    """The output lines of `dcsim score --jsonl` for `data`, in process."""
    sink = io.BytesIO()
    with fed(data) as source:
        score.stream(source, sink)
    return sink.getvalue().split(b"\n")[:-1]


def strict(line: bytes) -> dict:
    """Parse an output line as a strict consumer would: UTF-8, standard JSON, no NaN, no lone surrogate."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    value = json.loads(line.decode("utf-8"), parse_constant=refuse)
    assert isinstance(value, dict)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in line.decode("utf-8")), "a lone surrogate escape"
    return value


AGENT_SORRY = [{"role": "customer", "text": "It broke!"}, {"role": "agent", "text": "I'm so sorry, I'll fix it today."}]


# --- the reproducers of issue 14 ---------------------------------------------------------------

def test_a_lone_surrogate_neither_stops_the_stream_nor_shifts_it():
    out = [strict(line) for line in heard(b'{"text":"sorry"}\n{"text":"\\udfff no"}\n{"text":"thank you"}\n')]
    assert len(out) == 3
    assert out[0]["moves"] == ["apologise"] and out[2]["moves"] == ["thank"]
    assert "error" not in out[1]


@pytest.mark.parametrize("char", ["\udc80", "\udcff", "\ud800", "\udfff"])
def test_lone_surrogates_come_out_as_replacement_characters_never_as_invalid_utf8(char):
    escaped = json.dumps({"text": f"{char} I'm so sorry"}).encode()           # "\udc80" as JSON writes it
    raw = json.dumps({"text": f"{char} sorry"}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    for line in heard(escaped + b"\n" + raw + b"\n"):
        assert strict(line)["moves"] == ["apologise"]


def test_text_lines_decoded_with_surrogateescape_are_answered_too():
    """A caller handing str lines decoded with surrogateescape (undecodable bytes as \\udc80–\\udcff)."""
    lines = [b'{"text": "sorry \xff\xfe"}\n'.decode("utf-8", "surrogateescape"), '{"text": "thanks"}\n']
    sink = io.BytesIO()
    moves.jsonl(lines, sink, semantic=False)
    out = [strict(line) for line in sink.getvalue().splitlines()]
    assert [o["moves"] for o in out] == [["apologise"], ["thank"]]


def test_invalid_utf8_bytes_are_read_as_replacement_characters():
    (line,) = heard(b'{"text": "sorry \xff\xfe\xc0 about that"}\n')
    assert strict(line)["moves"] == ["apologise"]


def test_a_five_thousand_digit_id_is_echoed_as_a_string_of_its_digits():
    digits = "1" * 5000
    line = f'{{"dialogue_id": {digits}, "turns": []}}\n'.encode() + json.dumps({"dialogue_id": 2, "turns": AGENT_SORRY}).encode() + b"\n"
    first, second = (strict(line) for line in scored(line))
    assert first["dialogue_id"] == digits and first["score"] is None and "'turns' is empty" in first["error"]
    assert second["dialogue_id"] == 2 and isinstance(second["score"], int)


@pytest.mark.parametrize("number, text", [("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"),
                                          ("1e400", "1e400"), ("-1e400", "-1e400")])
def test_numbers_json_cannot_carry_are_echoed_as_their_text(number, text):
    record = f'{{"dialogue_id": {number}, "turns": {json.dumps(AGENT_SORRY)}}}\n'.encode()
    (line,) = scored(record)
    result = strict(line)
    assert result["dialogue_id"] == text and isinstance(result["score"], int)


def test_ordinary_numbers_stay_numbers():
    (line,) = scored(json.dumps({"dialogue_id": 12.5, "turns": AGENT_SORRY}).encode() + b"\n")
    assert strict(line)["dialogue_id"] == 12.5


def test_a_raw_carriage_return_inside_a_line_does_not_split_it():
    one = json.dumps({"dialogue_id": "cr", "turns": AGENT_SORRY}).replace("I'm so", "I'm\rso").encode()
    two = json.dumps({"dialogue_id": "next", "turns": AGENT_SORRY}).encode()
    out = [strict(line) for line in scored(one + b"\n" + two + b"\r\n")]
    assert [o["dialogue_id"] for o in out] == ["cr", "next"]
    assert all(isinstance(o["score"], int) for o in out)
    text = [strict(line) for line in heard(b'{"text": "I am\rso sorry"}\n{"text": "thanks"}\n')]
    assert [o["moves"] for o in text] == [["apologise"], ["thank"]]


@pytest.mark.parametrize("blank", [b"", b"   ", b"\t\r", b"\xef\xbb\xbf"])
def test_a_blank_line_is_answered_with_an_error_in_its_place(blank):
    data = b'{"text": "sorry"}\n' + blank + b'\n{"text": "thanks"}\n'
    out = [strict(line) for line in heard(data)]
    assert [o["moves"] for o in out] == [["apologise"], [], ["thank"]]
    assert out[1]["spans"] == {} and "empty line" in out[1]["error"]
    record = json.dumps({"dialogue_id": "d", "turns": AGENT_SORRY}).encode()
    out = [strict(line) for line in scored(record + b"\n" + blank + b"\n" + record + b"\n")]
    assert [o["dialogue_id"] for o in out] == ["d", None, "d"]
    assert out[1]["score"] is None and "empty line" in out[1]["error"]


def test_a_byte_order_mark_at_the_start_is_tolerated():
    assert strict(heard(b'\xef\xbb\xbf{"text": "sorry"}\n')[0])["moves"] == ["apologise"]
    record = b'\xef\xbb\xbf' + json.dumps({"dialogue_id": "bom", "turns": AGENT_SORRY}).encode() + b"\n"
    assert strict(scored(record)[0])["dialogue_id"] == "bom"


@pytest.mark.parametrize("nested", [b"[" * 100_000 + b"]" * 100_000, b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
                                    b'{"a":' * 50_000 + b"1" + b"}" * 50_000])
def test_deep_nesting_is_answered_with_an_error(nested):
    out = [strict(line) for line in heard(nested + b'\n{"text": "sorry"}\n')]
    assert "nested too deeply" in out[0]["error"] and out[1]["moves"] == ["apologise"]
    out = [strict(line) for line in scored(nested + b"\n")]
    assert "nested too deeply" in out[0]["error"] and out[0]["score"] is None


def test_a_line_too_long_to_keep_is_answered_with_an_error_and_the_next_one_is_heard():
    huge = b'{"text": "' + b"sorry " * (jsonlines.MAX_LINE_BYTES // 6 + 100) + b'"}'
    out = [strict(line) for line in heard(huge + b'\n{"text": "thanks"}\n' + huge)]
    assert "too long" in out[0]["error"] and out[1]["moves"] == ["thank"] and "too long" in out[2]["error"]


def test_a_last_line_without_a_line_end_is_answered():
    assert [strict(line)["moves"] for line in heard(b'{"text": "sorry"}\n{"text": "thanks"}')] == [["apologise"], ["thank"]]


def test_what_is_not_an_object_with_text_gets_the_contract_and_an_error():
    data = b'[1]\n"sorry"\n{"text": 5}\n{"txt": "sorry"}\nnull\n{"text": "sorry", "lang": ["x"]}\n'
    out = [strict(line) for line in heard(data)]
    assert all(o["moves"] == [] and o["spans"] == {} and "'text'" in o["error"] for o in out[:5])
    assert out[5]["moves"] == ["apologise"]


def test_without_jsonl_a_line_of_plain_text_is_the_utterance_and_an_object_still_reads_as_json():
    data = b'I am so sorry.\n{"text": "thanks a lot"}\n\n'
    out = [strict(line) for line in heard(data, plain=True)]
    assert [o["moves"] for o in out[:2]] == [["apologise"], ["thank"]]
    assert "error" in out[2] and out[2]["moves"] == []


def test_plain_text_piped_to_the_real_command_is_heard_line_by_line():
    run = subprocess.run([*dcsim_command(), "moves", "--no-semantic", "--lang", "en"], input=b"so sorry\nthanks\n",
                         capture_output=True, timeout=PATIENCE, check=True)
    assert [json.loads(line)["moves"] for line in run.stdout.splitlines()] == [["apologise"], ["thank"]]


def test_characters_some_readers_take_for_line_ends_are_escaped():
    data = json.dumps({"text": "sorry\u2028\u2029\x85 really"}, ensure_ascii=False).encode() + b"\n"
    (line,) = heard(data + b'{"text": "x"}\n')[:1]
    assert len(line.decode("utf-8").splitlines()) == 1
    assert strict(line)["spans"]["apologise"][0][2] == "sorry"


def test_the_language_of_a_line_overrides_the_commands():
    data = json.dumps({"text": "对不起", "lang": "zh"}, ensure_ascii=False).encode() + b"\n"
    assert strict(heard(data, lang="en")[0])["moves"] == ["apologise"]


# --- batching while streaming ------------------------------------------------------------------

def test_lines_already_there_are_heard_in_batches(monkeypatch):
    sizes: list[int] = []
    real = moves.recognise_many

    def counting(texts, lang=None, semantic=None):
        sizes.append(len(texts))
        return real(texts, lang, semantic)

    monkeypatch.setattr(moves, "recognise_many", counting)
    out = heard(b'{"text": "sorry"}\n' * 150)
    assert len(out) == 150 and all(strict(line)["moves"] == ["apologise"] for line in out)
    assert sizes == [jsonlines.BATCH, jsonlines.BATCH, 150 - 2 * jsonlines.BATCH]


def test_the_dialogues_of_a_batch_are_heard_together(monkeypatch):
    from simulator.score import transcripts

    calls: list[list[str]] = []
    real = transcripts.recognise_many
    monkeypatch.setattr(transcripts, "recognise_many", lambda texts, lang, semantic: calls.append(texts) or real(texts, lang, semantic))
    record = json.dumps({"dialogue_id": 1, "turns": AGENT_SORRY}).encode() + b"\n"
    out = [strict(line) for line in scored(record * 10)]
    assert len(out) == 10 and len({o["score"] for o in out}) == 1
    assert calls == [["I'm so sorry, I'll fix it today."]]      # ten dialogues, one batch, each line once


def test_one_line_typed_is_answered_at_once_not_held_for_a_batch():
    """Through a pipe, as from a terminal: the answer to line 1 arrives while line 2 is unwritten."""
    read_in, write_in = os.pipe()
    read_out, write_out = os.pipe()
    source, sink = os.fdopen(read_in, "rb"), os.fdopen(write_out, "wb")
    worker = threading.Thread(target=lambda: (moves.jsonl(source, sink, semantic=False), sink.close()))
    worker.start()
    try:
        for text, move in [("sorry", "apologise"), ("thank you", "thank")]:
            os.write(write_in, json.dumps({"text": text}).encode() + b"\n")
            ready, _, _ = select.select([read_out], [], [], 60)
            assert ready, "no answer while the input stayed open"
            assert strict(os.read(read_out, 65536).rstrip(b"\n"))["moves"] == [move]
    finally:
        os.close(write_in)
        worker.join(60)
        os.close(read_out)
        source.close()


def test_a_batch_that_fails_gives_the_error_to_the_line_at_fault_only():
    def answers(items):
        if any(item == "boom" for item in items):
            raise RuntimeError("boom")
        return [{"ok": item} for item in items]

    sink = io.StringIO()
    jsonlines.answer(['"a"\n', '"boom"\n', '"b"\n'], sink, answers, lambda error: {"error": error})
    out = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert out[0] == {"ok": "a"} and out[2] == {"ok": "b"} and "RuntimeError: boom" in out[1]["error"]


def test_a_result_that_cannot_be_written_as_json_becomes_an_error_line():
    sink = io.StringIO()
    jsonlines.answer(['"a"\n'], sink, lambda items: [{"value": float("nan")}], lambda error: {"error": error})
    assert "could not be written" in json.loads(sink.getvalue())["error"]


# --- any bytes at all --------------------------------------------------------------------------

SPECIAL_LINES = [
    b'{"text": "sorry"}', b'{"text": "\\udfff no"}', b'{"text": "\\ud83d\\ude00 \\udc80"}', b"\xef\xbb\xbf{}",
    b'{"dialogue_id": NaN, "turns": []}', b'{"dialogue_id": 1e400}', b"\r", b"[" * 3000, b"\xff\xfe\x00",
    b'{"text": "a\rb"}', b'{"text": "\x1b[2J\x9b sorry"}', b"", b"  ",
    json.dumps({"dialogue_id": "ok", "turns": AGENT_SORRY}).encode(),
    json.dumps({"dialogue_id": "zh", "turns": [{"role": "客户", "text": "坏了"}, {"role": "客服", "text": "对不起\udcff"}]},
               ensure_ascii=False).encode("utf-8", "surrogatepass"),
]
TEXTS = st.text().map(lambda t: json.dumps({"text": t, "turns": [{"role": "agent", "text": t}]}, ensure_ascii=False)
                      .encode("utf-8", "surrogatepass"))
LINES = st.lists(st.one_of(st.binary(max_size=300).map(lambda b: b.replace(b"\n", b"")), st.sampled_from(SPECIAL_LINES),
                           TEXTS), max_size=12)


def check_aligned(lines: list[bytes], out: list[bytes], contract: tuple[str, ...]) -> None:
    assert len(out) == len(lines), "one output line per input line"
    for line in out:
        assert set(contract) <= set(strict(line))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES)
def test_any_bytes_give_one_valid_utf8_json_line_per_line_from_moves(lines):
    check_aligned(lines, heard(b"".join(line + b"\n" for line in lines)), ("moves", "spans"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES)
def test_any_bytes_give_one_valid_utf8_json_line_per_line_from_score(lines):
    check_aligned(lines, scored(b"".join(line + b"\n" for line in lines)), ("dialogue_id", "score"))


def random_lines(count: int, seed: int = 14) -> list[bytes]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.4:
            made.append(bytes(rng.randrange(256) for _ in range(rng.randrange(80))).replace(b"\n", b""))
        elif kind < 0.7:
            made.append(rng.choice(SPECIAL_LINES))
        else:
            text = "".join(chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0xd800, 0xe000),
                                           rng.randrange(0x4e00, 0x9fff), rng.randrange(0x80, 0xa0)]))
                           for _ in range(rng.randrange(30)))
            made.append(json.dumps({"text": text, "dialogue_id": text, "turns": [{"role": "agent", "text": text}]},
                                   ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass"))
    return made


@pytest.mark.slow
@pytest.mark.parametrize("command, contract", [(["moves", "--jsonl", "--no-semantic"], ("moves", "spans")),
                                               (["score", "--jsonl"], ("dialogue_id", "score"))])
def test_the_real_command_keeps_the_rule_under_a_strict_ascii_locale(home, command, contract):
    lines = random_lines(400)
    ascii_only = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii:strict"}
    done = subprocess.run([*dcsim_command(), *command], input=b"".join(line + b"\n" for line in lines),
                          capture_output=True, env={**os.environ, **ascii_only}, timeout=PATIENCE)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    check_aligned(lines, done.stdout.split(b"\n")[:-1], contract)


@pytest.mark.slow
def test_the_real_command_answers_a_typed_line_at_once(home):
    process = subprocess.Popen([*dcsim_command(), "moves", "--jsonl", "--no-semantic"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE)
    try:
        for text, move in [("sorry", "apologise"), ("对不起", "apologise"), ("thank you", "thank")]:
            process.stdin.write(json.dumps({"text": text}).encode() + b"\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], PATIENCE)
            assert ready, "no answer while stdin stayed open"
            assert strict(process.stdout.readline())["moves"] == [move]
    finally:
        process.stdin.close()
        assert process.wait(PATIENCE) == 0
