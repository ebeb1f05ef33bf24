"""Chinese replies in everyday wording: the four steps are heard, kind words are not accused.

Each family below is how real trainees say it, not how a textbook does (issue 12). The rules
alone must hear them (`--no-semantic` still works), so these run without the model.
"""

from functools import partial

import pytest

import hearing

from simulator.moves import BAD_MOVES
from simulator.recognition.recogniser import lexicon, scan


heard = partial(hearing.heard, lang="zh")


@pytest.mark.parametrize("text", [
    "换我也得急。",
    "这搁谁身上都受不了。",
    "真是难为您了。",
    "您这一上午全耽误了。",
    "排了两个钟头的队,谁都受不了。",
    "谁买的时候也想不到会这样。",
    "让您夹在中间,太憋屈了。",
    "您有意见完全合理,您的不满也合情合理。",
    "天哪 这也太坑人了",
    "手机屏幕花成这样,我懂。",
    "我知道您很急。",
    "您该做的都做了,剩下的交给我们。",
    "断网一礼拜?换我也得疯。",
    "您别自责,您一点都没做错。",
    "不怪您,那个说明写得太绕了。",
    "我完全理解,谁订的房都想看海。",
    "这阵子您真够辛苦的了。",
    "店里停了三天电,这损失可不小。",
    "这队排得也太久了。",
    "孩子现在还好吗?",
    "节哀顺变。",
    "抱抱",
    "大中午的排队辛苦了。",
    "提这个要求再合理不过了。",
    "看您已经等了半天了。",
])
def test_everyday_empathy_is_heard(text):
    assert "empathise" in heard(text)


def test_a_complaint_about_the_customer_is_no_empathy():
    assert "empathise" not in heard("您这要求也太离谱了。")
    assert "empathise" not in heard("我懂了,订单号是多少?")


@pytest.mark.parametrize("text", [
    "这几笔里没有一件是您的错。",
    "这不能怪您。",
    "您一点错都没有。",
    "是我们安排的问题。",
    "说好的回访我们没做到。",
    "这笔钱本来就不该由您来出。",
    "不是您看漏了,是我们的通知写得不清楚。",
])
def test_clearing_the_customer_and_owning_the_fault_is_heard(text):
    assert "own" in heard(text)


@pytest.mark.parametrize("text", [
    "不好意思,马上换。",
    "快递员会提前给您打电话。",
    "好的,罚款退回去了。",
    "换货还是退款,您来选。",
    "您长按电源键五秒就能重启。",
    "您在小程序里点“订单”-“售后”。",
    "以后每期账单都给您发邮件。",
    "您说的这一点我会亲自反馈给经理。",
    "搞定了,新卡明天寄到。",
    "会员已取消,下个月起不扣费。",
    "您挑,哪个都能办。",
    "明天下午三点师傅上门。",
    "表格我替您填。",
    "为表歉意,已向您的账户充了五十元。",
    "需要的话我帮您改签。",
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
    "谢谢您耐心等着,午饭都没顾上吃吧。",
])
def test_kind_words_that_share_a_cue_with_a_fault_are_not_accused(text):
    assert not heard(text) & set(BAD_MOVES)


def test_a_policy_that_limits_the_customer_is_still_a_wall():
    assert "policy_wall" in heard("按规定,超过七天就不能退了。")


def test_a_fault_the_customer_is_cleared_of_keeps_the_model_from_adding_it():
    hits, withheld = scan(lexicon("zh"), "您没有算错,是账单出了问题。")
    assert "blame_customer" in withheld and [rule.move for rule, _, _ in hits] == ["empathise"]  # told they were right
    assert "blame_customer" in heard("肯定是您自己算错了。")
    hits, withheld = scan(lexicon("zh"), "您不用自己去找厂家,我们来对接。")
    assert "deflect" in withheld and all(rule.move != "deflect" for rule, _, _ in hits)
    assert "deflect" in heard("您得去找厂家。")


@pytest.mark.parametrize("text, move", [
    ("您说的一点没错,这种收费本来就不合理。", "argue"),
    ("您这么说我完全赞同。", "argue"),
    ("您是不是已经等了很久了?真是辛苦。", "doubt"),
    ("这个我现在不清楚,不过我马上去问,十分钟给您答复。", "dont_know"),
    ("宽带今天恢复,移机费不收。", "refuse"),
    ("线路修好了,您试试看。", "hedge"),
])
def test_kind_wording_that_looks_like_a_fault_keeps_the_model_from_hearing_it(text, move):
    hits, withheld = scan(lexicon("zh"), text)
    assert move in withheld and all(rule.move != move for rule, _, _ in hits)


def test_owning_the_fault_in_the_same_breath_is_no_blaming_a_colleague():
    assert "blame_colleague" not in heard("师傅上次没装好,是我们安排的问题。")
    assert "blame_colleague" in heard("师傅上次没装好,跟我没关系。")


def test_in_chat_a_space_ends_the_clause_a_negator_reaches_into():
    assert "apologise" in heard("今天真是太不顺了 给您添麻烦了")
    assert "blame_customer" not in heard("这绝对不是您的责任")


def test_gratitude_in_other_words_is_thanks():
    assert "thank" in heard("您愿意花时间告诉我们,我特别感激。")


def test_the_bie_of_tebie_negates_nothing():
    assert "empathise" in heard("我特别理解您的心情。")
    assert "blame_customer" not in heard("别担心,这不是您的责任。")


@pytest.mark.parametrize("text, move", [
    # 客户付出的代价、关心的问话、一句人话的反应
    ("带着孩子在急诊排了一夜,您那会儿肯定特别煎熬。", "empathise"),
    ("您这一路肯定冻坏了吧。", "empathise"),
    ("听着都替您心疼。", "empathise"),
    ("您别急,慢慢说。", "empathise"),
    ("老爷子现在身体怎么样?", "empathise"),
    ("这么热的天还让您跑一趟,辛苦了。", "empathise"),
    ("机票钱等于白花了,真可惜。", "empathise"),
    ("换成是我家老人,我也着急。", "empathise"),
    # 办了、在办、什么时候到
    ("我已经联系了楼下的维修师傅。", "help"),
    ("明天上午给您补发一台。", "help"),
    ("款项已于昨日原路退回。", "help"),
    ("不用您跑了,我直接线上给您办好。", "help"),
    ("今天下班前给您答复。", "help"),
    ("这次的运费我们全部承担。", "help"),
    ("我而家即刻帮你安排。", "help"),
    # 公司的失误用日常话说出来
    ("是我们把地址写错了。", "own"),
    ("是我们前台没解释清楚。", "own"),
    ("不用您自己再打电话,我来联系航空公司。", "own"),
])
def test_what_it_cost_done_and_owned_in_everyday_chinese(text, move):
    assert move in heard(text)


@pytest.mark.parametrize("text, move", [
    ("没有发票是您的事,我们没法上门。", "help"),        # 一口回绝里的"上门"不是帮忙
    ("补发保单必须本人到柜台办。", "help"),              # 讲规定,不是补发
    ("当时给您办暂停的是小张,跟我没关系。", "help"),     # 说的是当时谁办的
])
def test_remedy_words_in_a_brush_off_are_no_help(text, move):
    assert move not in heard(text)


def test_an_order_the_system_shows_is_no_help_from_the_agent():
    assert "help" not in heard("系统上显示已经派单了,我这边看不到师傅在哪儿。")
    assert "help" in heard("我直接给技术部门下工单,今天下班前给您结果。")


def test_a_trip_spared_is_help_but_not_to_worry():
    assert "help" in heard("不用您再跑一趟了,我线上给您办。")
    assert "help" not in heard("您不用着急。")


@pytest.mark.parametrize("text, move", [
    ("您说的没错,自己记的账对不上当然要问清楚,这是您的权利。", "blame_customer"),
    ("跟您说实话,现在退的话按规定要扣折旧,大概80块,修的话免费。", "hedge"),
    ("以后再出问题,您直接找我换新的。", "delay"),
    ("其实是主板坏了,根本不是重装系统能解决的,这是我们的错。", "argue"),
])
def test_kind_replies_from_the_second_play_test_are_not_accused(text, move):
    assert move not in heard(text)


@pytest.mark.parametrize("text, move", [
    ("我就是个接电话的,这个我做不了主。", "deflect"),
    ("您急也没用啊,等着吧。", "dismiss"),
])
def test_faults_from_the_second_play_test_are_heard(text, move):
    assert move in heard(text)


def test_a_refusal_told_back_in_a_restatement_is_the_stores_not_the_trainees():
    moves = heard("您的意思是门店说过了十五天就不给退,让您来找我们,对吗?")
    assert "restate" in moves and not moves & {"refuse", "argue", "policy_wall"}
    assert "argue" in heard("你说的是旧版本,新版本早就改了。")   # a correction, not a restatement


@pytest.mark.parametrize("text, move", [
    ("您看这样行吗?", "help"),
    ("您放心,多扣的钱一分都不会少您的。", "help"),
    ("那个同事说得也没错,您可能真记错了。", "blame_customer"),
])
def test_more_from_the_second_play_test(text, move):
    assert move in heard(text)


def test_you_did_not_get_it_wrong_is_no_blame():
    assert "blame_customer" not in heard("不是您算错了,是我们系统的问题。")


@pytest.mark.parametrize("text", [
    "门店的人说展示机一律不退不换,这话是错的,我代表公司向您道歉。",
    "之前有人跟您说过了七天就不能换,其实不对,质量问题我们照样负责。",
    "我不会跟您说这种事常有,这本来就不该发生在您身上。",
    "我不会跟您说'这不归我们管',这就是我们的事。",
])
def test_someone_elses_wrong_words_told_back_to_reject_them_are_no_fault(text):
    assert not heard(text) & set(BAD_MOVES)


@pytest.mark.parametrize("text, move", [("您生气完全应该。", "empathise"), ("复装的费用我们这边免掉。", "help"),
                                        ("质量问题我们照样负责。", "own")])
def test_more_from_the_third_play_test(text, move):
    assert move in heard(text)


@pytest.mark.parametrize("text, move", [
    ("可系统就是不让我操作退款,我能怎么办呢", "policy_wall"),
    ("我能做的都做了,别的我真帮不了。", "refuse"),
    ("反正我们也不是第一次遇到这种情况了。", "dismiss"),
    ("您那么大声我听不清,好好说。", "dismiss"),
    ("您那个本子上可能漏记了几笔吧。", "blame_customer"),
])
def test_faults_from_the_third_play_test_are_heard(text, move):
    assert move in heard(text)


@pytest.mark.parametrize("text", ["害您赶不上明天的面试,真对不起。", "您还请了假,这一上午全耽误了。"])
def test_what_the_problem_cost_the_customer_is_empathy(text):
    assert "empathise" in heard(text)


@pytest.mark.parametrize("text", [
    "孩子还难受吗?", "您和家里人现在都安全吧?", "别着急,我不挂电话,您慢慢翻。", "您慢慢说。",
    "又让您白等了一下午,真过意不去。", "折腾您一整天了。", "您说,我听着。", "让您操心了好久吧。"])
def test_care_and_patience_in_the_frames_of_the_fresh_batches_are_empathy(text):
    """关心客户此刻的处境、耐心等客户、客户为这事受的累(2026-12-06,第七、八批 fresh 半的说法,用自己的话写)。"""
    assert "empathise" in hearing.heard(text, "zh")


@pytest.mark.parametrize("text, owned", [
    ("因为改地址没生效是我们的问题,我马上给您改。", True), ("没有及时通知您是我们的疏忽。", True),
    ("这不是我们的问题。", False), ("这不能算是我们的问题。", False), ("也不全是我们的错。", False)])
def test_a_negation_counts_against_ownership_only_when_it_is_about_it(text, owned):
    """第五次试玩:没生效的"没"把后面的"是我们的问题"也否定掉了。"""
    assert ("own" in hearing.heard(text, "zh")) == owned


@pytest.mark.parametrize("text, move", [
    ("您讲的没错,这根本不是您订的那款。", "empathise"), ("排了一上午队,真是添堵。", "empathise"),
    ("网课进不去,还赶着交作业,急坏了吧?", "empathise"), ("热水器坏了一周,这太影响生活了。", "empathise"),
    ("押金全退。", "help"), ("已办。", "help"), ("钱已经原路退到您卡上了。", "help"), ("这笔滞纳金我撤了。", "help"),
    ("我们赔您一半的运费。", "help"), ("师傅已经在赶过来的路上了。", "help"), ("我现在就找仓库给您补发。", "help"),
    ("这个错我们公司认。", "own")])
def test_agreement_reactions_and_done_actions_of_a_ninth_writer_are_heard(text, move):
    """第九批 fresh 半的说法(2026-12-06),用自己的话写:赞同客户、一句人话的反应、办完了的事、认下。"""
    assert move in hearing.heard(text, "zh")


@pytest.mark.parametrize("text, move", [
    ("您说得对,但是规定就是规定。", "empathise"), ("这不会影响您的使用。", "empathise"), ("运费能全退吗?", "help")])
def test_their_lookalikes_are_not(text, move):
    assert move not in hearing.heard(text, "zh")


@pytest.mark.parametrize("text, move", [
    ("狗狗现在还吐吗?", "empathise"), ("白白耽误您一下午。", "empathise"), ("您都跑了四趟了。", "empathise"),
    ("您已经干等了一周。", "empathise"), ("这份心意不是钱能弥补的。", "empathise"), ("您为这个都请了一天假了。", "empathise"),
    ("半夜停水太折磨人了。", "empathise"), ("您午饭都还没顾上吃吧。", "empathise"), ("让您在机场等到凌晨。", "empathise"),
    ("是我们前台没讲清楚。", "own"), ("这事我们没有什么借口可找。", "own"), ("这笔运费算我们的。", "own"),
    ("我陪您一起把它办完。", "own"), ("经查确系我司漏发。", "own"),
    ("损失我们照单全赔。", "help"), ("维修费由店里承担。", "help"), ("已经私信您了。", "help")])
def test_care_cost_and_owning_of_a_tenth_and_eleventh_writer_are_heard(text, move):
    """第十、十一批 fresh 半的说法(2026-12-06),用自己的话写。"""
    assert move in hearing.heard(text, "zh")


@pytest.mark.parametrize("text, move", [
    ("不是这样的,您完全没有错,是我们多扣了钱,真对不起。", "argue"),
    ("上周我们同事是不是跟您说是您算错了?", "blame_customer"), ("上周我们同事是不是跟您说是您算错了?", "doubt")])
def test_kind_replies_from_the_seventh_play_test_are_not_accused(text, move):
    assert move not in hearing.heard(text, "zh", semantic=True)


@pytest.mark.parametrize("text, move", [
    ("您其实也没吃什么亏。", "dismiss"), ("师傅迟到也很正常,您多理解一下。", "dismiss"),
    ("其实师傅迟到也很正常,夏天单子特别多,大家都得排队,您多理解一下。", "dismiss"),
    ("两次修不好就免费换同型号新机。", "help"), ("不是这样的,您记错了。", "argue")])
def test_the_seventh_play_test_heard_right(text, move):
    """第七次试玩:轻描淡写和说教是轻视;"修不好就换"的"不"是条件,不否定后面的换机。"""
    assert move in hearing.heard(text, "zh")


def test_a_question_after_lets_confirm_asks_and_tells_nothing_back():
    assert hearing.heard("先跟您确认一下,洗衣机是哪天买的?", "zh") == {"ask"}


@pytest.mark.parametrize("text, move", [
    ("您讲的我都听进去了。", "empathise"), ("不着急,我一直在线。", "empathise"), ("您这话有道理。", "empathise"),
    ("让您担心了一晚上。", "empathise"), ("祝您母亲早日康复。", "empathise"), ("摔着哪里没有?", "empathise"),
    ("不想再让您重复说一遍了。", "empathise"), ("您不用道歉,一点也不麻烦。", "empathise"),
    ("这么多年一直支持我们。", "empathise"), ("您做了六年会员了。", "empathise"),
    ("是因为我们没有提前讲清楚。", "own"), ("我们确实做得不好。", "own"), ("从头到尾我自己跟。", "own"),
    ("这单是我们漏发了。", "own"), ("取消了。", "help"), ("退款周五前到账。", "help"), ("明早第一件事就办这个。", "help")])
def test_frames_of_a_twelfth_and_thirteenth_writer_are_heard(text, move):
    """第十二、十三批 fresh 半的说法(2026-12-06),用自己的话写。"""
    assert move in hearing.heard(text, "zh")


def test_clearing_the_customers_account_is_no_argument():
    assert "argue" not in hearing.heard("您的账户没有任何问题,是我们系统误判。", "zh")
    assert "argue" in hearing.heard("这台手机没有任何问题。", "zh")


def test_minimising_beside_a_recap_of_what_was_done_stays_a_fault_with_the_model():
    """第七次试玩:模型把"您其实也没吃什么亏"的轻视清掉了,客户反倒消了气。"""
    text = "说实话,维修站最后也把您电脑修好了,电源还是免费换的,您其实也没吃什么亏。"
    assert "dismiss" in hearing.heard(text, "zh", semantic=True)
    assert "dismiss" in hearing.heard("The repair was free in the end, so you haven't really lost out.", "en", semantic=True)


@pytest.mark.parametrize("text, move, heard", [
    ("您确定约的是9点到10点吗?", "help", False), ("师傅9点到您家。", "help", True),
    ("您说得对,这种事不只是您一个人的事。", "empathise", True), ("您站出来说是对的。", "empathise", True)])
def test_a_time_range_is_no_arrival_and_agreeing_is_heard(text, move, heard):
    assert (move in hearing.heard(text, "zh")) == heard


@pytest.mark.parametrize("text, move", [
    ("您当时应该保留好发票。", "blame_customer"), ("现在说也晚了。", "dismiss"), ("唉 您都说了三遍了 我知道", "dismiss"),
    ("为了确保我准确理解了您的情况,请允许我简单复述一下:支票没收到,您又转了账,请问我的理解是否准确?", "restate"),
    ("亲 这个我来搞定", "own")])
def test_the_eighth_play_test_heard_right(text, move):
    assert move in hearing.heard(text, "zh")


@pytest.mark.parametrize("text, move", [("唉 您都说了三遍了 我知道", "empathise"), ("您当时一定很着急吧。", "blame_customer")])
def test_the_eighth_play_test_no_longer_heard_wrong(text, move):
    assert move not in hearing.heard(text, "zh")


@pytest.mark.parametrize("text, move", [("您也应该早点打电话来确认嘛。", "blame_customer"), ("别听风就是雨。", "dismiss")])
def test_lecturing_from_the_ninth_play_test_is_heard(text, move):
    assert move in hearing.heard(text, "zh")
