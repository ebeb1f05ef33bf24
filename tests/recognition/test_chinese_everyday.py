"""Chinese replies in everyday wording: the four steps are heard, kind words are not accused.

Each family below is how real trainees say it, not how a textbook does (issue 12). The rules
alone must hear them (`--no-semantic` still works), so these run without the model.
"""

import pytest

from simulator.moves import BAD_MOVES
from simulator.recognition.recogniser import lexicon, recognise, scan


def heard(text: str) -> set[str]:
    return {m.name for m in recognise(text, lang="zh", semantic=False)}


@pytest.mark.parametrize("text", [
    "换我也得急。",
    "这搁谁身上都受不了。",
    "真是难为您了。",
    "您这一上午全耽误了。",
    "排了两个钟头的队,谁都受不了。",
    "谁买的时候也想不到会这样。",
    "让您夹在中间,太憋屈了。",
    "您的不满完全合情合理。",
    "哎呀这也太坑了",
    "天天看着多别扭,我懂。",
    "我知道您等不起。",
    "您该做的全都做了。",
    "在家办公三个星期没网?换我得疯。",
    "您千万别道歉,您什么都没做错。",
    "不怪您,那个说明写得太绕了。",
])
def test_everyday_empathy_is_heard(text):
    assert "empathise" in heard(text)


def test_a_complaint_about_the_customer_is_no_empathy():
    assert "empathise" not in heard("您这要求也太离谱了。")
    assert "empathise" not in heard("我懂了,订单号是多少?")


@pytest.mark.parametrize("text", [
    "这里面没有一样是您的错。",
    "这不能怪您。",
    "您一点错都没有。",
    "是我们安排的问题。",
    "这一点我们没做到。",
    "这笔费用当初没说清楚,就不该由您来付。",
])
def test_clearing_the_customer_and_owning_the_fault_is_heard(text):
    assert "own" in heard(text)


@pytest.mark.parametrize("text", [
    "抱歉,马上改。",
    "会提前半小时给您打电话。",
    "明白,滞纳金撤了。",
    "退款还是换货?您选。",
    "您长按电源键五秒就能重启。",
    "您在App首页点“我的”-“已订业务”。",
    "以后每个月的清单都给您发短信。",
    "这个情况我会亲自反馈给主管。",
])
def test_help_as_quick_fixes_choices_and_instructions_is_heard(text):
    assert "help" in heard(text)


@pytest.mark.parametrize("text", [
    "没办法接受的话,我们再想别的方案。",
    "根据规定您可以拿到双倍赔偿。",
    "按规定本来要七天,我给您加急到三天。",
    "您没看错,确实是多扣了。",
    "我替您问问银行,十分钟后回您。",
    "我帮您联系厂家,让他们直接上门。",
])
def test_kind_words_that_share_a_cue_with_a_fault_are_not_accused(text):
    assert not heard(text) & set(BAD_MOVES)


def test_a_policy_that_limits_the_customer_is_still_a_wall():
    assert "policy_wall" in heard("按规定,超过七天就不能退了。")


def test_a_fault_the_customer_is_cleared_of_keeps_the_model_from_adding_it():
    hits, withheld = scan(lexicon("zh"), "您没有算错,是账单出了问题。")
    assert "blame_customer" in withheld and not hits
    assert "blame_customer" in heard("肯定是您自己算错了。")
    hits, withheld = scan(lexicon("zh"), "您不用自己去找厂家,我们来对接。")
    assert "deflect" in withheld and all(rule.move != "deflect" for rule, _, _ in hits)
    assert "deflect" in heard("您得去找厂家。")
