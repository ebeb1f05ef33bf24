"""A remedy is offered only when the trainee commits to it: asking about it or still checking it is no offer.

docs/remedies.md: a persona ends satisfied only once a resolving remedy was really offered.
The words that void an offer are data (`simulator/data/commitments.yaml`), per language.
"""

import pytest

from simulator.engine.phrases import offers_a_choice
from simulator.engine.session import Session
from simulator.library import catalog
from simulator.ui.scripted import play_lines


def offers(scenario: str, lang: str, text: str) -> tuple[str, ...]:
    return catalog.scenario(scenario).hear(text, lang).offers


@pytest.mark.parametrize("scenario, lang, text", [
    ("ex_display_defect", "zh", "您是想退货refund,还是换一台?"),            # a choice asked, none made
    ("ex_display_defect", "en", "Do you want a refund or an exchange?"),
    ("lost_policy", "zh", "您手上还有电子版吗?"),                           # a question about the remedy's words
    ("lost_policy", "zh", "您之前提交理赔了吗?"),
    ("lost_policy", "en", "Did you already register the claim?"),
    ("missed_connection", "zh", "我现在就在帮您查合作航空的航班,您稍等一下"),   # still checking
    ("missed_connection", "zh", "我帮您看看今晚7点45有没有位子"),
    ("missed_connection", "en", "I'm checking the partner airline's 19:45 flight for you, one moment."),
    ("missed_connection", "en", "Let me see if there's a seat on the partner flight."),
    ("missed_connection", "en", "Would you like the partner flight at 19:45?"),
])
def test_a_question_or_a_check_is_no_offer(scenario, lang, text):
    assert offers(scenario, lang, text) == ()


@pytest.mark.parametrize("scenario, lang, text, remedy", [
    ("ex_display_defect", "zh", "我给您全额退款,您看可以吗?", "refund"),      # an offer, then a question of its own
    ("ex_display_defect", "en", "I'll refund you in full today. Is there anything else?", "refund"),
    ("lost_policy", "zh", "我先核实一下您的身份,然后给您发电子保单。", "e_policy"),
    ("lost_policy", "en", "I'll verify your identity now and email you the electronic policy within the hour.",
     "e_policy"),
    ("missed_connection", "zh", "我正在给您改签合作航空今晚7点45的航班。", "partner_flight"),
    ("missed_connection", "en", "Let me check you in on the partner flight at 19:45.", "partner_flight"),
    ("floppy_clean", "en", "Could you try the cleaning disk once more?", "clean_again"),  # a poor offer, asked
])
def test_an_offer_made_is_heard_beside_a_question(scenario, lang, text, remedy):
    assert remedy in offers(scenario, lang, text)


#: The tester's zh calls (issue): each ended `satisfied` with nothing done.
UNDONE = [
    ("emotional", "lost_policy", ["真的非常抱歉,让您这么着急,我特别理解您的心情。",
                                  "这是我们的责任,我来负责。请问您之前有没有收到过电子保单的邮件?",
                                  "麻烦报一下身份证后四位?"]),
    ("media_connected", "missed_connection", ["非常抱歉,航班延误让您误了转机,我完全理解您有多着急。",
                                              "这件事我来负责到底,请问合作航空今晚7点45那班您能接受吗?",
                                              "我现在就在帮您查…您稍等一下"]),
    ("prepared", "ex_display_defect", ["真对不起,样机有问题是我们的失误,我理解您的心情。", "这件事我来负责。",
                                       "您是想退货refund,还是换一台?"]),
]


@pytest.mark.parametrize("persona, scenario, lines", UNDONE, ids=[u[0] for u in UNDONE])
@pytest.mark.parametrize("seed", [1, 2])
def test_asking_or_checking_never_satisfies_the_customer(persona, scenario, lines, seed):
    session = play_lines(Session(catalog.persona(persona), catalog.scenario(scenario), "zh", seed), lines)
    assert session.outcome != "satisfied" and not session.resolved
    assert all(turn.offers == [] for turn in session.turns)


@pytest.mark.parametrize("scenario, lang, text, remedies", [
    ("ex_display_defect", "zh", "您是想退货refund,还是换一台?", {"refund"}),
    ("ex_display_defect", "en", "Do you want a refund or an exchange?", {"refund"}),
    ("missed_connection", "en", "Would you like the partner flight at 19:45?", {"partner_flight"}),
    ("bill_mismatch", "zh", "您看是把多收的钱退回给您,还是抵下个月的话费?", {"refund"}),
])
def test_remedies_put_as_a_question_are_proposed_not_offered(scenario, lang, text, remedies):
    heard = catalog.scenario(scenario).hear(text, lang, asking=text)
    assert heard.offers == () and remedies <= set(heard.proposed)


@pytest.mark.parametrize("persona", catalog.ids("personas"))
@pytest.mark.parametrize("lang, choice, done", [
    ("en", "Would you like a refund to your card or a credit on your account?",
     "Done: the ¥140 overcharge is refunded to your card today."),
    ("zh", "您看是把多收的钱退回给您,还是抵下个月的话费?", "好的,多扣的140元今天原路退回给您。")])
def test_a_customer_offered_a_choice_picks_what_the_case_needs_and_waits_for_it(persona, lang, choice, done):
    """The customer hears the choice: it names the remedy it wants (the whole reply, unless its
    state changed), and the case stays open until the trainee commits to it."""
    scenario = catalog.scenario("bill_mismatch")
    session = Session(catalog.persona(persona), scenario, lang, seed=1)
    picked = session.respond(choice)
    assert "help" in {m.name for m in picked.moves}
    assert scenario.wanted(set(), lang) in picked.reply
    assert picked.line == "" or picked.state != picked.state_before  # a line only for a new state
    assert not session.resolved
    session.respond(done)
    assert session.resolved


@pytest.mark.parametrize("persona", catalog.ids("personas"))
@pytest.mark.parametrize("lang, question", [
    ("en", "I'll ring you tomorrow to check it's working. Would you prefer I call the landline or your mobile?"),
    ("zh", "明天我再打电话跟您确认一下。您是希望我打座机还是打手机?")])
def test_a_choice_of_times_or_channels_is_answered_with_a_pick(persona, lang, question):
    session = Session(catalog.persona(persona), catalog.scenario("line_cut_off"), lang, seed=1)
    turn = session.respond(question)
    picks = [line.text for line in catalog.persona(persona).reaction("pick", lang)]
    assert turn.reaction in picks


@pytest.mark.parametrize("lang, text", [
    ("en", "Is it working now or not?"), ("en", "Do you need anything else?"),
    ("zh", "您的包裹还是没到吗?"), ("zh", "您还是先回去比较好。")])
def test_a_question_that_offers_no_alternatives_is_no_choice(lang, text):
    assert not offers_a_choice(text, lang)


@pytest.mark.parametrize("lang, text", [
    ("en", "Is there anything else I can help with, or are we all set?"),   # a close
    ("en", "Are you at home or at work right now?"),                        # a fact asked
    ("zh", "是今天还是昨天发现的?"), ("zh", "您是在门店买的还是网上买的?")])
def test_an_either_or_question_about_facts_is_no_choice_to_pick_from(lang, text):
    assert not offers_a_choice(text, lang)


@pytest.mark.parametrize("lang, text, offered", [
    ("zh", "全额退款这个做不了,过了15天了。", ()), ("en", "A full refund isn't possible, sorry.", ()),
    ("zh", "我给您全额退款。", ("refund",)), ("en", "I can't swap it, so I'll refund you in full today.", ("refund",))])
def test_a_remedy_named_to_turn_it_down_is_no_offer(lang, text, offered):
    """The sixth play-test: 全额退款这个做不了 counted as the refund offered, so the refusal went unpunished."""
    assert catalog.scenario("ex_display_defect").hear(text, lang).offers == offered



@pytest.mark.parametrize("lang, text", [
    ("en", "Would 8 to 10 or 10 to 12 suit you better?"),
    ("zh", "两个方案:今晚7点45合作航空那班;或者今晚给您安排酒店,坐明早的航班。您选哪个?"),
    ("zh", "这36块您是现在刷卡交,还是在App里交?")])
def test_alternatives_inside_the_question_or_before_it_are_a_choice(lang, text):
    """The sixth play-test: neither was picked from, and one call settled with the choice still open."""
    assert offers_a_choice(text, lang)
