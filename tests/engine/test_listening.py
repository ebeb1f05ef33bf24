"""A customer who listens: answers what was asked, weighs the actual offer, remembers the call.

Every scenario names its remedies (what a trainee says to offer each), which of them resolve
the case, and which fall short and why; every persona is satisfied only once the case is
resolved. These tests play real calls through the real engine with the rules alone, so they
never wait for (or depend on) the semantic model.
"""

from __future__ import annotations

import copy
import re
from functools import cache, partial

import pytest

from simulator.engine.phrases import offers_a_choice
from simulator.engine.scenario import Scenario
from simulator.engine.session import Session
from simulator.library import catalog
from simulator.recognition.recogniser import recognise
from simulator.text import LANGS, fill

PERSONAS = catalog.ids("personas")
SCENARIOS = catalog.ids("scenarios")
persona, scenario = cache(catalog.persona), cache(catalog.scenario)

#: The first three steps, worded the way a trainee would, with the case's facts in the agent's voice.
STEPS = {
    "en": ["I'm so sorry about {problem}.",
           "I completely understand how frustrating this must be; anyone would be upset after {loss}.",
           "This was our mistake, and I will take care of it personally."],
    "zh": ["关于{problem},真的非常抱歉。", "我非常理解您的心情,{loss},换了谁都会着急。", "这是我们的错,我来负责处理到底。"],
}
CLOSE = {"en": "I'll text you a written confirmation of all this right after the call. Is there anything else I can help you with?",
         "zh": "挂了电话我就把这些用短信书面确认发给您。请问还有什么可以帮您的吗?"}
EMPATHY = {"en": ["I'm so sorry.", "I completely understand how upsetting this is.", "I hear you, and I'd feel the same.",
                  "That must have been really stressful for you."],
           "zh": ["真的非常抱歉。", "我非常理解您的心情。", "换作是我也会很着急。", "这件事让您受累了。"]}


def call(persona_id: str, scenario_id: str, lang: str, lines, seed: int = 1) -> Session:
    session = Session(persona(persona_id), scenario(scenario_id), lang, seed, recogniser=partial(recognise, semantic=False))
    for line in lines:
        if session.over:
            break
        session.respond(line)
    return session


def textbook(scenario_id: str, lang: str) -> list[str]:
    """The four steps, the scenario's own resolution in the agent's words, and a polite close."""
    sc = scenario(scenario_id)
    return [fill(step, sc.agent_values(lang)) for step in STEPS[lang]] + [sc.textbook(lang), CLOSE[lang]]


def short_offer(scenario_id: str, lang: str) -> str:
    sc = scenario(scenario_id)
    return next(sc.say(r.id, lang) for r in sc.remedies.values() if r.short)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("persona_id", PERSONAS)
def test_a_textbook_call_ends_satisfied_for_every_persona_scenario_and_language(persona_id, scenario_id, lang):
    session = call(persona_id, scenario_id, lang, textbook(scenario_id, lang))
    assert session.outcome == "satisfied", [(t.text, t.move_names, t.offers, t.mood_after, t.state) for t in session.turns]
    assert any(set(session.turns[3].offers) >= option for option in scenario(scenario_id).resolutions)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("persona_id", PERSONAS)
def test_only_empathy_or_only_an_offer_that_falls_short_never_satisfies(persona_id, scenario_id, lang):
    sc = scenario(scenario_id)
    steps = [fill(step, sc.agent_values(lang)) for step in STEPS[lang]]
    kind_words = (EMPATHY[lang] * 3)[:10]
    falls_short = (steps + [short_offer(scenario_id, lang), CLOSE[lang]] * 4)[:10]
    for lines in (kind_words, falls_short):
        assert call(persona_id, scenario_id, lang, lines).outcome != "satisfied"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_remedy_is_heard_in_its_own_words(scenario_id, lang):
    sc = scenario(scenario_id)
    for remedy in sc.remedies:
        assert remedy in sc.hear(sc.say(remedy, lang), lang).offers, (remedy, sc.say(remedy, lang))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_an_offer_that_falls_short_is_answered_with_the_reason_from_the_scenario(scenario_id, lang):
    sc = scenario(scenario_id)
    objection = next(fill(r.short[lang], sc.values(lang)) for r in sc.remedies.values() if r.short)
    turn = call("stubborn", scenario_id, lang, [short_offer(scenario_id, lang)]).turns[0]
    assert turn.offers and objection in turn.reply
    assert turn.mood_after > turn.mood_before  # a wrong offer angers, it does not calm


#: A question about a key detail of each scenario, and what the answer must contain.
QUESTIONS = {
    "missed_connection": ({"en": "Could I have your booking reference, please?", "zh": "请问您的订座号是多少?"}, "booking", "K7QX2M"),
    "bill_mismatch": ({"en": "Can you give me your account number?", "zh": "能告诉我您的账号吗?"}, "account", "560986"),
    "line_cut_off": ({"en": "What's the phone number of the line?", "zh": "请问您的电话号码是多少?"}, "number", "0571-8823-4410"),
    "cheque_stop": ({"en": "What was the cheque number?", "zh": "请问支票号是多少?"}, "cheque", "00179342"),
    "ac_installer_late": ({"en": "Could you give me the order number?", "zh": "请问您的订单号是多少?"}, "order", "CB-240716-5521"),
    "ex_display_defect": ({"en": "Do you have the receipt number?", "zh": "请问小票号是多少?"}, "receipt", "GC-0301-1186"),
    "floppy_clean": ({"en": "What's your ticket number?", "zh": "请问您的工单号是多少?"}, "ticket", "BP-1008-2215"),
    "lost_policy": ({"en": "What is your policy number?", "zh": "请问您的保单号是多少?"}, "policy_no", "EL-2019-4417083"),
    "motherboard_swap": ({"en": "What's the repair order number?", "zh": "请问维修单号是多少?"}, "order", "RS-0605-0387"),
    "return_after_window": ({"en": "Could you read me the invoice number?", "zh": "请问发票号是多少?"}, "invoice", "04412876"),
}


def test_every_scenario_has_a_key_question_here():
    assert set(QUESTIONS) == set(SCENARIOS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("persona_id", PERSONAS)
def test_a_question_about_a_key_detail_is_answered_with_it(persona_id, scenario_id, lang):
    asked, key, detail = QUESTIONS[scenario_id]
    turn = call(persona_id, scenario_id, lang, [asked[lang]]).turns[0]
    assert turn.asked == [key]
    assert detail in turn.reply
    assert turn.to_dict()["asked"] == [key] and turn.to_dict()["offers"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_question_the_customer_cannot_answer_gets_a_reply_in_character(lang):
    question = {"en": "Which of our servers processed your last top-up?", "zh": "您试过重启一下吗?"}[lang]
    turn = call("prepared", "bill_mismatch", lang, [question]).turns[0]
    assert turn.asked == [] and turn.reaction in [l.text for l in persona("prepared").reaction("cannot_answer", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_a_policy_wall_gets_a_retort_and_blame_a_denial_with_the_customers_evidence(lang):
    wall, blame = {"en": ("That's our policy.", "You must have got it wrong."),
                   "zh": ("这是规定。", "肯定是您自己搞错了。")}[lang]
    session = call("stubborn", "bill_mismatch", lang, [wall, blame])
    assert session.turns[0].reaction in [l.text for l in persona("stubborn").reaction("policy_wall", lang)]
    assert scenario("bill_mismatch").values(lang)["evidence"] in session.turns[1].reply


@pytest.mark.parametrize("lang", LANGS)
def test_a_restatement_is_confirmed_or_corrected_against_the_facts(lang):
    right, wrong = {"en": ("So your bill is ¥140 short of your own sums, is that right?",
                           "So you'd like to upgrade your phone, is that right?"),
                    "zh": ("您的意思是账单比您自己算的少了140元,对吗?", "您的意思是想换一部新手机,对吗?")}[lang]
    confirmed = call("stubborn", "bill_mismatch", lang, [right]).turns[0]
    corrected = call("stubborn", "bill_mismatch", lang, [wrong]).turns[0]
    assert "restate" in confirmed.move_names and "restate" in corrected.move_names
    assert confirmed.reaction in [l.text for l in persona("stubborn").reaction("restate", lang)]
    assert scenario("bill_mismatch").values(lang)["problem"] in corrected.reaction
    assert corrected.reply == corrected.reaction  # no state line after it saying "Right, you've understood"


@pytest.mark.parametrize("lang", LANGS)
def test_restating_the_cause_the_agent_found_counts_as_understanding(lang):
    """Naming the bundle that caused the gap restates the customer's problem as much as the ¥140 does."""
    found = {"en": "So a Video Plus bundle got switched on in January without you ever confirming it, is that right?",
             "zh": "我看到了,一月份给您开通了视频畅享包,您从来没有确认过,对吧?"}[lang]
    turn = call("stubborn", "bill_mismatch", lang, [found]).turns[0]
    assert "restate" in turn.move_names
    assert turn.reaction in [l.text for l in persona("stubborn").reaction("restate", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_a_vague_promise_is_quoted_back_and_held_against_the_trainee_later(lang):
    vague, offer = {"en": ("We'll look into it and get back to you at some point.", "I'll refund the ¥140 to your balance."),
                    "zh": ("我们研究一下,回头再联系您。", "我把140元退回您的话费账户。")}[lang]
    session = call("prepared", "bill_mismatch", lang, [vague, offer])
    assert session.turns[0].reaction and session.turns[1].reaction
    said = session.vague or next(m.spans[0].text for m in session.turns[0].moves if m.name in ("hedge", "delay"))
    assert said in session.turns[1].reply


@pytest.mark.parametrize("lang", LANGS)
def test_the_prepared_customer_wants_it_in_writing_before_being_satisfied(lang):
    lines = textbook("bill_mismatch", lang)[:-1] + [{"en": "Is there anything else I can help you with?",
                                                      "zh": "请问还有什么可以帮您的吗?"}[lang]] * 2
    session = call("prepared", "bill_mismatch", lang, lines)
    assert session.outcome != "satisfied" and session.resolved and not session.needs_met
    asked_for = [l.text for l in persona("prepared").reaction("need_in_writing", lang)]
    assert any(t.reaction in asked_for for t in session.turns)


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_the_customer_says_contradicts_what_the_trainee_already_did(lang):
    # The stubborn customer, locked in by a policy wall after the refund, no longer says they
    # will not leave without it.
    refund, wall = {"en": ("I'll refund the full ¥140 to your balance.", "That's our policy."),
                    "zh": ("我把140元全额退回您的话费账户。", "这是规定。")}[lang]
    never = {"en": "I'm not leaving this call without it", "zh": "这事不解决我是不会挂电话的"}[lang]
    for seed in range(8):
        session = call("stubborn", "bill_mismatch", lang, [refund, wall], seed=seed)
        assert session.resolved
        assert all(never not in t.line for t in session.turns)


def test_a_call_can_be_rewound_to_exactly_where_it_was():
    lines = textbook("missed_connection", "en")[:3]
    session = call("emotional", "missed_connection", "en", lines)
    earlier = session.rewind(1)
    assert [t.to_dict() for t in earlier.turns] == [t.to_dict() for t in session.turns[:2]]
    assert earlier.respond(lines[2]).to_dict() == session.turns[2].to_dict()


@pytest.mark.parametrize("lang", LANGS)
def test_a_precise_promise_is_quoted_back_as_the_call_closes(lang):
    """The customer remembers a time given earlier, not only a vague "we'll get back to you"."""
    promise, rest = {"en": ("I'll call you back by 5 p.m. today with an update.",
                            "My name is Lin and I'm personally responsible: I'll refund the ¥140 to your balance."),
                     "zh": ("我今天下午5点前给您回电话说明进展。", "我姓林,这件事由我亲自负责:我把140元退回您的话费账户。")}[lang]
    session = call("media_connected", "bill_mismatch", lang, [promise, rest])
    assert session.outcome == "satisfied"
    quoted = promise.rstrip(".。")
    assert quoted not in session.turns[0].reply and quoted in session.turns[1].reaction


@pytest.mark.parametrize("lang", LANGS)
def test_a_question_is_no_promise_to_quote_back(lang):
    question = {"en": "Can I confirm the email address on your account?", "zh": "我跟您确认一下账户上的邮箱可以吗?"}[lang]
    session = call("prepared", "bill_mismatch", lang, [question])
    assert session.promises == {}


@pytest.mark.parametrize("lang", LANGS)
def test_a_reminder_displaced_by_an_answer_still_comes_later(lang):
    """An offer that also asks a question gets the answer first; the vague promise is not forgotten."""
    vague, offer_and_ask, close = {
        "en": ("We'll look into it and get back to you at some point.",
               "I'll refund the ¥140 to your balance. What's the phone number on the account?",
               "Is there anything else I can help you with?"),
        "zh": ("我们研究一下,回头再联系您。", "我把140元退回您的话费账户。您的手机号是多少?", "请问还有什么可以帮您的吗?")}[lang]
    session = call("prepared", "bill_mismatch", lang, [vague, offer_and_ask, close])
    said = next(m.spans[0].text for m in session.turns[0].moves if m.name in ("hedge", "delay"))
    assert session.turns[1].reaction and said not in session.turns[1].reply
    assert said in session.turns[2].reply


@pytest.mark.parametrize("lang, text", [
    ("en", "So the store said it's past fifteen days and sent you to us, is that right?"),
    ("zh", "您的意思是门店说过了十五天不给退,让您来找我们,对吗?")])
def test_restating_another_true_part_of_the_case_is_not_called_wrong(lang, text):
    """The second play-test: an accurate restatement of the store's refusal got "No! That's not it at all"."""
    turn = call("emotional", "return_after_window", lang, [text]).turns[0]
    assert "restate" in turn.move_names
    assert turn.reaction in [l.text for l in persona("emotional").reaction("restate", lang)]


@pytest.mark.parametrize("scenario_id, text", [
    ("missed_connection", "You've landed, the Singapore flight's gone, and your signing is first thing tomorrow."),
    ("return_after_window", "So a brand-new machine died after three weeks. Is that right?"),
    ("floppy_clean", "You were told to go and clean it yourself, you chased round for a cleaning disk, paid 25 for it."),
    ("floppy_clean", "门店让您自己去清洗,您跑了两天买清洁盘,花了25块。")])
def test_the_customers_own_story_told_back_offers_nothing(scenario_id, text):
    """What someone else told the customer to do, and what the customer paid, offer nothing (play-test 5)."""
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
    assert scenario(scenario_id).hear(text, lang).offers == ()


def test_an_unmet_need_is_asked_for_every_other_turn_at_most():
    """media_connected wants a name; the play-tester heard 谁负责?给我个名字 four turns running."""
    session = Session(persona("media_connected"), scenario("missed_connection"), "zh", seed=4)
    lines = ["真对不起,是我们的延误让您误了转机。", "我给您改签合作航空今晚7点45的航班,行李直挂。",
             "另外给您300元补偿。", "还有别的需要我做的吗?", "祝您一路顺利。", "谢谢您的耐心。"]
    asked = []
    for text in lines:
        if session.over:
            break
        asked.append("名字" in session.respond(text).reaction)
    assert not any(a and b for a, b in zip(asked, asked[1:]))


@pytest.mark.parametrize("lang, question", [("zh", "您现在腿还好吗?"), ("en", "Are you alright? Is your leg okay now?")])
def test_a_question_of_care_is_not_met_with_how_would_i_know(lang, question):
    turn = call("emotional", "return_after_window", lang, [question]).turns[0]
    assert "empathise" in turn.move_names
    assert turn.reaction not in [l.text for l in persona("emotional").reaction("cannot_answer", lang)]


@pytest.mark.parametrize("lang, text", [
    ("zh", "您的意思是,您4月15号就转账交了,账单还显示没交,昨天又收到要停机的短信,是这样吗?"),
    ("en", "So you paid by transfer on 15 April, the bill still shows it unpaid, and yesterday you got a text "
           "warning of disconnection, is that right?")])
def test_a_restatement_that_names_a_remedys_words_offers_nothing(lang, text):
    """The fifth play-test: 短信 in the customer's story counted as the written confirmation by SMS,
    and the emotional customer heard a solution pushed at it ("给个方案就想把我送走?")."""
    turn = call("emotional", "cheque_stop", lang, [text]).turns[0]
    assert turn.move_names == ["restate"] and turn.offers == []
    assert turn.reaction in [l.text for l in persona("emotional").reaction("restate", lang)]


@pytest.mark.parametrize("lang, text", [
    ("en", "I've put a note against your account number. Would you like the confirmation by text or by email?"),
    ("zh", "我已经在您的账号上做了备注。确认信息您看是发短信还是发邮件?")])
def test_a_detail_stated_beside_a_question_is_not_asked_for(lang, text):
    """The fifth play-test: "…with your account number on it… text, email, or both?" drew "Account
    BW-43216-08.", and the choice went unanswered. Only a sentence that asks can ask for a detail."""
    session = call("prepared", "cheque_stop", lang, [text])
    assert session.turns[0].asked == [] and session.last_reaction == "pick"


def test_the_choice_in_the_reply_that_settles_the_call_is_still_answered():
    """"…by 12:40. Or, if today's a write-off, any day you like: which would suit you better?" ended
    the call without the customer taking either. It takes the one its case needs, in its own words (play-test 11)."""
    offer = ("I'm ringing the installer now and he can be there by 12:40, and I'll call you back in ten minutes. "
             "Or if today's a write-off, I can rebook him as first job any day you like. Which would suit you better?")
    steps = [fill(step, scenario("ac_installer_late").agent_values("en")) for step in STEPS["en"]]
    session = call("media_connected", "ac_installer_late", "en", [*steps, offer])
    last = session.turns[-1]
    assert session.outcome == "satisfied" and session.last_reaction == "choose" and "installer here" in last.reaction
    assert last.reply.startswith(last.reaction)


@pytest.mark.parametrize("persona_id, scenario_id, lang, text", [
    ("emotional", "return_after_window", "en",
     "A brand-new washer dead after three weeks, your laundry locked inside, and the shop telling you it's not their problem."),
    ("self_righteous", "bill_mismatch", "zh", "账单上是625,您自己记的是765,差的那140块谁也没给您说清楚。")])
def test_the_customers_story_told_back_without_an_opener_is_a_restatement(persona_id, scenario_id, lang, text):
    """The fifth play-test: with no "So you're saying…" nothing was heard, and the anger rose."""
    session = call(persona_id, scenario_id, lang, [text])
    turn = session.turns[0]
    assert turn.move_names == ["restate"] and turn.mood_after < turn.mood_before
    assert turn.reaction in [l.text for l in persona(persona_id).reaction("restate", lang)]


@pytest.mark.parametrize("lang, text", [("en", "Your laundry."), ("en", "The shop and the door, three weeks."),
                                        ("zh", "您的衣服。")])
def test_one_word_of_the_case_or_none_said_to_the_customer_is_no_restatement(lang, text):
    assert not scenario("return_after_window").told_back(text, lang)



def test_a_fact_beside_a_choice_is_not_asked_and_the_choice_is_answered():
    """The sixth play-test: "…告诉您准点几点到。您是想今天…还是明天…?" was answered with the booking
    window (几点 in the statement), and the call to the installer was not heard as the offer."""
    text = "我现在就打给师傅,十分钟内回您电话告诉您准点几点到。您是想今天等他过来,还是改到明天一早第一单?"
    session = call("emotional", "ac_installer_late", "zh", [text])
    assert session.turns[0].asked == [] and "installer_now" in session.turns[0].offers


@pytest.mark.parametrize("lang, text", [
    ("en", "So what you want is the same number back today and no reconnection fee. Have I got that right?"),
    ("en", "The reminder went to your old address, which you told us you'd changed. That one's on us, not you.")])
def test_the_demand_or_the_cause_told_back_is_no_offer(lang, text):
    """The sixth play-test: both counted as offers, and the stubborn customer settled with nothing promised."""
    assert call("stubborn", "line_cut_off", lang, [text]).turns[0].offers == []


def test_the_story_told_back_beside_an_apology_is_a_restatement_too():
    """A sentence in which nothing was heard that tells the case back counts, whatever else the reply does."""
    text = "Your laundry's been locked in that machine for three weeks and the shop won't help. I'm so sorry."
    turn = call("emotional", "return_after_window", "en", [text]).turns[0]
    assert turn.move_names == ["apologise", "restate"] and turn.offers == []


def test_the_story_told_back_with_feeling_for_it_in_the_same_sentence_is_a_restatement():
    """The seventh play-test: "…, that's miserable, and I'm sorry" in the sentence hid the restatement."""
    text = ("Right, so a pump failure three weeks in with your clothes stuck in there for two days - "
            "that's miserable, and I'm sorry.")
    turn = call("stubborn", "return_after_window", "en", [text]).turns[0]
    assert turn.move_names == ["apologise", "empathise", "restate"] and turn.offers == []


@pytest.mark.parametrize("lang, text", [
    ("en", "I'm phoning the installer now and he'll be with you by 12:40."),
    ("zh", "我现在就给师傅打电话,他十二点四十之前能到。")])
def test_the_customer_does_not_ask_when_right_after_being_told(lang, text):
    """The sixth play-test: 具体什么时候能办好? right after 12点40."""
    feelings = [fill(step, scenario("ac_installer_late").agent_values(lang)) for step in STEPS[lang][:1 if lang == "zh" else 2]]
    turns = [call("emotional", "ac_installer_late", lang, [*feelings, text], seed=seed).turns[-1] for seed in range(1, 13)]
    assert {t.state for t in turns} == {"calming"}  # where "When exactly will it happen?" is one of the lines
    assert not any("When exactly" in t.reply or "具体什么时候" in t.reply for t in turns)


#: Questions a trainee of play-test 7 asked that drew "How should I know?" or the wrong detail: (scenario,
#: question per language, the detail asked, words of the answer).
ABOUT_THE_CASE = [
    ("return_after_window", {"en": "Is the door still locked with the washing inside?", "zh": "门现在还锁着吗?衣服还在里面吧?"}, "door",
     {"en": "still locked", "zh": "门还锁着"}),
    ("return_after_window", {"en": "Has it broken down before, or is this the first time?", "zh": "以前坏过吗,还是第一次?"}, "before",
     {"en": "first fault", "zh": "第一次"}),
    ("ex_display_defect", {"en": "What does the receipt say about the condition of the set?", "zh": "小票上对这台电视的瑕疵是怎么写的?"}, "noted",
     {"en": "scratch on stand", "zh": "底座轻微划痕"}),
    ("ex_display_defect", {"en": "Did anyone at the store mention the screen?", "zh": "买的时候店员有没有跟您说过屏幕的问题?"}, "told",
     {"en": "Nobody said a word", "zh": "谁也没跟我提过"}),
    ("lost_policy", {"en": "When were you discharged? Do you still have the bills?", "zh": "您是哪天出院的?住院的发票和出院小结都在手上吗?"},
     "discharge", {"en": "discharge summary", "zh": "出院小结"}),
    ("floppy_clean", {"en": "What would you like us to do?", "zh": "您最希望我们怎么解决?"}, "demand",
     {"en": "fix the drive properly", "zh": "把软驱彻底修好"}),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario_id, question, key, answer", ABOUT_THE_CASE)
@pytest.mark.parametrize("persona_id", ["stubborn", "emotional"])
def test_a_question_about_the_customers_own_situation_is_answered(persona_id, scenario_id, question, key, answer, lang):
    """The customer knows their own case: no "How should I know?", and not the receipt number when asked what it says."""
    turn = call(persona_id, scenario_id, lang, [question[lang]]).turns[0]
    assert turn.asked == [key]
    assert answer[lang] in turn.reply


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_customer_says_what_they_want_when_asked(scenario_id):
    turn = call("prepared", scenario_id, "en", ["What would you like us to do?"]).turns[0]
    assert turn.asked == ["demand"] and "I want you to" in turn.reply


@pytest.mark.parametrize("scenario_id, lang, question", [
    ("return_after_window", "en", "Can you tell me the date you bought the machine?"),
    ("return_after_window", "zh", "洗衣机是哪天买的?"), ("ex_display_defect", "zh", "这台电视是哪天买的?")])
def test_the_date_of_purchase_asked_in_other_words_is_answered(scenario_id, lang, question):
    assert call("prepared", scenario_id, lang, [question]).turns[0].asked == ["purchase"]


@pytest.mark.parametrize("persona_id, lang, line", [
    ("media_connected", "en", "I'm holding you to a real time"), ("media_connected", "zh", "这次我要一个确切的时间"),
    ("prepared", "en", "This time, be exact"), ("prepared", "zh", "这回请说准确点")])
def test_a_stall_recalled_never_asks_for_a_time_in_the_turn_that_gives_one(persona_id, lang, line):
    """The seventh play-test: "10分钟内回您一个准确的到门时间" drew "这次我要一个确切的时间"."""
    stall, timed = {"en": ("I'll get back to you at some point.", "I'm phoning the installer now and he'll be with you by 12:40."),
                    "zh": ("等有消息了再说吧。", "我现在就给师傅打电话,他十二点四十之前能到。")}[lang]
    for seed in range(12):
        session = call(persona_id, "ac_installer_late", lang, [stall, timed], seed=seed)
        assert line not in session.turns[-1].reply


def test_a_remedy_phrase_does_not_reach_across_sentences():
    """The seventh play-test: "今晚必须到新加坡。飞机技术故障是我们的原因" (the demand told back, then the
    cause owned) matched 今晚…飞 and counted as the partner flight offered."""
    text = "明白,明早10点签约,今晚必须到新加坡。飞机技术故障是我们的原因,真的很抱歉。"
    assert scenario("missed_connection").hear(text, "zh").offers == ()
    assert scenario("missed_connection").hear("我现在就给您改签今晚7点45分的合作航空公司航班。", "zh").offers == ("partner_flight",)


def test_the_payment_found_and_the_bank_fee_credited_are_heard_in_any_order():
    """The seventh play-test: 钱我已经找到了,现在就按4月15号入到您账上 was not heard, and the customer asked again."""
    heard = scenario("cheque_stop").hear("钱我已经找到了,现在就按4月15号入到您账上。您止付花的20元,我从下个月账单里给您抵扣。", "zh")
    assert {"apply_payment", "stop_fee"} <= set(heard.offers)
    assert scenario("cheque_stop").hear("钱没找到。", "zh").offers == ()


def test_the_eighth_play_test_offers_only_what_was_offered():
    """An old address named, a rule explained and a choice put last: no offer, no offer, a pick."""
    assert scenario("line_cut_off").hear("And the reminder went to your old address, the one you changed last year.", "en").offers == ()
    assert scenario("line_cut_off").hear("I've updated your address.", "en").offers == ("address",)
    assert scenario("return_after_window").hear("The rule is 15 days for a refund and 15 for an exchange.", "en").offers == ()
    assert offers_a_choice("Is the refund what you want, or would you rather swap it?", "en")


@pytest.mark.parametrize("persona_id, lines, never", [
    ("media_connected", ["这事我来负责到底,今天下午三点前给您答复。"], "谁负责"),
    ("prepared", ["Hi, I'm Dana from Skyward.", "I'll rebook you on the partner airline's 19:45 flight tonight."], "What's your name"),
    ("prepared", ["I'll call you back by 3pm today with the exact answer."], "what, and by when")])
def test_the_customer_does_not_ask_for_what_was_just_given(persona_id, lines, never):
    """The eighth play-test: "谁负责?" right after "这事我来负责", the name asked after "I'm Dana", "by when" after a time."""
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in lines[0]) else "en"
    for seed in range(12):
        session = call(persona_id, "missed_connection", lang, lines, seed=seed)
        assert all(never not in turn.reply for turn in session.turns)


def test_a_choice_of_flights_is_picked_not_answered_with_flight_numbers():
    """The eighth play-test: "…今晚7点45合作航司的…或者…明早9点50我们自己的航班 您要哪个" drew the customer's own
    flight numbers, and the call ended with nothing picked."""
    text = "我能给您两个选择:今晚7点45合作航司的,凌晨1点半到新加坡,或者今晚住酒店,明早9点50我们自己的航班,您要哪个?"
    session = call("stubborn", "missed_connection", "zh", [text])
    assert session.turns[0].asked == [] and session.last_reaction == "choose" and "合作航司" in session.turns[0].reaction


@pytest.mark.parametrize("seed", range(8))
def test_the_stubborn_pick_that_settles_the_call_does_not_refuse_to_agree(seed):
    text = "我能给您两个选择:今晚7点45合作航司的,凌晨1点半到新加坡,或者今晚住酒店,明早9点50我们自己的航班,您要哪个?"
    steps = ["误了转机还赶着明天签约 搁谁都急 真抱歉", "说实话我也不知道为啥延误了还没人跟您说怎么办 这是我们没做好 我马上帮您查"]
    session = call("stubborn", "missed_connection", "zh", steps + [text], seed=seed)
    assert session.last_reaction == "choose"
    if session.outcome != "satisfied":
        return  # not settled yet on this seed: "not agreeing yet" is fair
    assert "不代表我答应" not in session.turns[-1].reply and "还没说同意" not in session.turns[-1].reply


@pytest.mark.parametrize("lang, question, asked", [
    ("zh", "除了主板这件事,这次维修还有别的地方您觉得不对的吗?", ["more"]),
    ("en", "Was there anything else about the repair that went wrong?", ["more"]),
    ("en", "Is there anything else I can help you with today?", []), ("zh", "请问还有什么可以帮您的吗?", [])])
def test_asked_what_else_went_wrong_the_customer_says_the_heart_of_it(lang, question, asked):
    """The eighth play-test: it had drawn "别拿这个岔开话题"; a closing question is not one."""
    assert call("self_righteous", "motherboard_swap", lang, [question]).turns[0].asked == asked


@pytest.mark.parametrize("lang, never", [("en", "I'll say it again"), ("en", "round in circles"), ("zh", "我再说一遍")])
def test_the_stubborn_customer_has_nothing_to_repeat_on_its_first_reply(lang, never):
    """The eighth play-test: "I'll say it again: …" came before the demand had been said once."""
    for scenario_id in SCENARIOS:
        for seed in range(6):
            assert never not in call("stubborn", scenario_id, lang, ["Hello, how can I help?"], seed=seed).turns[0].reply


def test_a_persona_states_no_number_a_scenario_may_contradict():
    """The eighth play-test: "我再跟你们十五年" in a case whose customer had paid for twelve years."""
    text = catalog.path("personas", "self_absorbed").read_text(encoding="utf-8")
    assert "十五年" not in text and "fifteen years" not in text


@pytest.mark.parametrize("lang, question", [("en", "What paperwork do you have?"), ("zh", "您手上有什么凭证?")])
def test_asked_what_proof_they_have_the_customer_names_it_once(lang, question):
    """The ninth play-test: it drew an ID or dates just read out; the evidence has one full stop, not two."""
    turn = call("prepared", "cheque_stop", lang, [question]).turns[0]
    assert turn.asked == ["papers"] and scenario("cheque_stop").values(lang)["evidence"].rstrip("。.") in turn.reply
    assert ".." not in turn.reply and "。。" not in turn.reply


@pytest.mark.parametrize("persona_id, scenario_id, lang, wrong, right, named", [
    ("stubborn", "lost_policy", "zh", "我跟您确认一下:您是住院五天,现在想理赔,但保单原件丢了,对吗?",
     "我跟您确认一下:您是住院九天,现在想理赔,但保单原件丢了,对吗?", "五天"),
    ("emotional", "line_cut_off", "en", "Let me make sure I've got this right: your line was cut off over a ¥60 bill, yes?",
     "Let me make sure I've got this right: your line was cut off over a ¥36 bill, yes?", "¥60"),
    ("media_connected", "line_cut_off", "zh", "我核对一下:号码0571-8823-4410,因为欠了36块月租,3月13号停机,3月20号拆机,对吗?",
     "我核对一下:号码0571-8823-4410,因为欠了36块月租,3月3号停机,3月20号拆机,对吗?", "13号"),
    ("prepared", "return_after_window", "zh", "我跟您核对一下:机器是5月12号买的,3299元,5月25号洗到一半停了,屏幕显示E30,对吗?",
     "我跟您核对一下:机器是5月2号买的,3299元,5月25号洗到一半停了,屏幕显示E30,对吗?", "12号"),
    ("stubborn", "bill_mismatch", "en", "Just to check: you expected ¥765 and the statement shows ¥652, right?",
     "Just to check: you expected ¥765 and the statement shows ¥625, right?", "¥652")])
def test_a_restatement_that_gets_a_number_wrong_is_corrected_and_calms_no_one(persona_id, scenario_id, lang, wrong, right,
                                                                             named):
    """Play-tests 8 and 9: 五天 for 九天 and ¥60 for ¥36 were confirmed ("没错", "Yes."); 3月13号 for 3月3日 lowered
    anger more than the right date; 5月12号 and ¥652 drew no move. The customer names the wrong figure (play-test 10)."""
    misnumbered, told = call(persona_id, scenario_id, lang, [wrong]), call(persona_id, scenario_id, lang, [right])
    assert misnumbered.last_reaction == "restate_number" and "restate" not in misnumbered.turns[0].move_names
    assert named in misnumbered.turns[0].reply
    assert told.last_reaction == "restate" and "restate" in told.turns[0].move_names
    assert misnumbered.turns[0].mood_after > told.turns[0].mood_after
    assert told.turns[0].asked == []  # a number stated in a check-back asks for nothing


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("text", [
    "我能给您两个选择:今晚7点45合作航司的,凌晨1点半到新加坡,或者明早9点50我们自己的航班,不过那班赶不上您10点的签约,您要哪个?",
    "我能给您两个选择:明早9点50我们自己的航班,不过赶不上您10点签约,或者今晚7点45合作航司的,凌晨1点半到新加坡,您要哪个?"])
def test_of_two_flights_the_customer_picks_the_one_that_meets_its_need(seed, text):
    """The ninth play-test: the stubborn customer picked the 09:50, which lands after its signing, whichever came first.
    It now names the one it takes (play-test 11)."""
    steps = ["误了转机还赶着明天签约 搁谁都急 真抱歉", "说实话我也不知道为啥延误了还没人跟您说怎么办 这是我们没做好 我马上帮您查"]
    session = call("stubborn", "missed_connection", "zh", steps + [text], seed=seed)
    assert session.last_reaction == "choose" and "今晚合作航司" in session.turns[-1].reaction
    assert "9点50" not in session.turns[-1].reaction


@pytest.mark.parametrize("lang, question, words", [
    ("en", "when do u need the files by?", "my shop's quarterly accounts"), ("zh", "是什么文件,期限是哪天?", "我小店的季度账目")])
def test_the_customer_names_its_own_deadline_in_its_own_words(lang, question, words):
    """The ninth play-test: "when do u need the files by?" drew "My assistant does", and the answer said "the customer's shop"."""
    turn = call("self_absorbed", "floppy_clean", lang, [question]).turns[0]
    assert "files" in turn.asked and words in turn.reply


@pytest.mark.parametrize("lang, question", [
    ("en", "When did you change your address with us, and do you have anything showing it?"),
    ("zh", "您去年改地址的时候手上有没有回执或者短信?")])
def test_asked_about_the_address_change_the_customer_gives_its_proof_and_no_offer_is_heard(lang, question):
    """The ninth play-test: "change your address" in a question counted as the address fixed, and the dates came back."""
    turn = call("prepared", "line_cut_off", lang, [question]).turns[0]
    assert "address_changed" in turn.asked and turn.offers == []


def test_two_ways_offered_and_a_pick_asked_for_in_the_settling_reply_are_answered():
    """The ninth play-test: "两个办法…您选哪个?" settled the call with no pick."""
    text = "两个办法您看哪个合适:一是今天缴了36块,我给您加急恢复原号码,50块复装费免掉;二是我先帮您把号码保留住,您哪天方便再办,费用一样免。您选哪个?"
    assert offers_a_choice(text, "zh")


@pytest.mark.parametrize("lang, text", [
    ("en", "I can put you on our partner's flight at 19:45 tonight, or on our own 09:50 flight tomorrow. Which would you rather?"),
    ("zh", "现在有两个办法:今晚19:45合作航空公司的航班;或者明早9:50我们的航班。您倾向哪个?")])
def test_more_ways_of_asking_which_one_are_choices(lang, text):
    """The tenth play-test: "Which would you rather?" and 您倾向哪个? settled calls with no pick."""
    assert offers_a_choice(text, lang)


@pytest.mark.parametrize("lang, text", [
    ("zh", "我帮您申请直接换一台新的,本周六送到,旧的同时拉走。"), ("en", "I'll have a new machine delivered on Saturday and the old one taken away.")])
def test_a_new_machine_now_resolves_the_washer_case(lang, text):
    """The tenth play-test: an exchange ordered for Saturday left the customer asking for a repair it had refused."""
    assert scenario("return_after_window").resolved(scenario("return_after_window").hear(text, lang).offers)


@pytest.mark.parametrize("lang, question", [("en", "Are you travelling for something important tomorrow?"), ("zh", "您明天去新加坡是有什么重要的事吗?")])
def test_asked_why_the_trip_matters_the_customer_names_its_signing(lang, question):
    """The tenth play-test: it drew "Surely that's for you to find out, not me."."""
    assert call("self_absorbed", "missed_connection", lang, [question]).turns[0].asked == ["deadline"]


@pytest.mark.parametrize("text, offered", [
    ("我现在亲自给您协调,保证一个小时内师傅到您家。", True), ("我刚跟师傅通过电话了,他说下午两点半到。", True),
    ("师傅今天下午不一定能到。", False)])
def test_the_installer_within_the_hour_is_heard_in_more_words_and_not_under_a_negation(text, offered):
    """The tenth play-test: 一个小时内 and 下午两点半到 were not heard, and the call sat at anger 0 without ending."""
    assert ("installer_now" in scenario("ac_installer_late").hear(text, "zh").offers) == offered



@pytest.mark.parametrize("text, taken", [
    ("我能给您两个选择:今晚7点45合作航司的,凌晨1点半到新加坡,或者明早9点50我们自己的航班,不过那班赶不上您10点的签约,您要哪个?", "前一个"),
    ("我能给您两个选择:明早9点50我们自己的航班,不过赶不上您10点签约,或者今晚7点45合作航司的,凌晨1点半到新加坡,您要哪个?", "后一个")])
def test_a_remedy_with_no_words_of_its_own_is_taken_as_the_first_or_the_second(text, taken):
    """A coach's scenario may give a remedy no `want:`; the customer still takes the one its case needs."""
    data = copy.deepcopy(scenario("missed_connection").data)
    del data["remedies"]["partner_flight"]["want"]
    plain = Scenario("missed_connection", data, scenario("missed_connection").path)
    for seed in range(4):
        session = Session(persona("stubborn"), plain, "zh", seed, recogniser=partial(recognise, semantic=False))
        session.respond(text)
        assert session.last_reaction == "pick" and taken in session.turns[-1].reply


@pytest.mark.parametrize("persona_id", PERSONAS)
@pytest.mark.parametrize("lang, goodbye", [("zh", "好的,那先这样,感谢您的来电,再见。"), ("en", "OK, thanks for calling, have a nice day, bye.")])
def test_a_goodbye_with_nothing_sorted_draws_a_protest_not_thanks(persona_id, lang, goodbye):
    """The twelfth play-test: "再见。" to an unresolved customer drew "总算有人肯听我说了"."""
    session = call(persona_id, "lost_policy", lang, [goodbye])
    assert session.last_reaction == "hang_up" and session.turns[0].reply == session.turns[0].reaction
    turn = session.turns[0]  # nor does its "thanks, bye" calm the customer it leaves stranded (play-test 15)
    assert turn.early_goodbye and turn.mood_after > turn.mood_before


@pytest.mark.parametrize("lang, text", [("en", "That was our mistake, and I'll take care of it personally."),
                                        ("en", "I'll take care of that for you right now."),
                                        ("zh", "我们先这样处理:今天先把保单核实一下。")])
def test_taking_care_of_it_is_no_goodbye(lang, text):
    """The golden four-step call: "I'll take care of it personally" drew "We're not done…"."""
    session = call("emotional", "lost_policy", lang, [text])
    assert not session.turns[0].early_goodbye and session.last_reaction != "hang_up"


@pytest.mark.parametrize("persona_id", PERSONAS)
def test_a_goodbye_in_the_reply_that_puts_the_case_right_is_no_hang_up(persona_id):
    offer = scenario("lost_policy").textbook("en")
    session = call(persona_id, "lost_policy", "en", [f"{offer} Have a good day, bye."])
    assert session.turns[0].offers and session.last_reaction != "hang_up"


def test_the_parts_of_one_way_put_as_options_are_both_taken():
    """The twelfth play-test: "一是…上门修…二是书面承诺…您更倾向哪一个?" drew "后一个", though the case needs both."""
    text = ("我有两个办法:一是明天上午技术员带新排水泵上门免费修,先把衣服取出来;二是我给您出一份书面承诺,"
            "修两次还不好就免费换同型号新机。您更倾向哪一个?")
    session = call("stubborn", "return_after_window", "zh", [text])
    assert session.last_reaction == "choose"
    assert "把机器弄好" in session.turns[0].reaction and "换新机" in session.turns[0].reaction


@pytest.mark.parametrize("lang, text", [
    ("en", "I'm booking a new drive for tomorrow and a technician will copy your files today. "
           "Would you like the ¥25 back to your card or as a credit on your account?"),
    ("zh", "明天上午给您换新软驱,今天就派技术员把文件拷出来。那25元您想退到银行卡,还是抵下次的费用?")])
def test_a_choice_of_how_a_remedy_is_paid_is_picked_not_answered_with_the_demand(lang, text):
    """The twelfth play-test: "…back to your card or as a credit?" drew "I'd like you to fix the drive properly",
    which that very reply had booked."""
    session = call("self_absorbed", "floppy_clean", lang, [text])
    assert session.last_reaction == "pick"


@pytest.mark.parametrize("lang, text", [
    ("en", "I know the rules say ten working days for a paper reissue, but your case is different and I'll push for it."),
    ("zh", "按规定纸质保单补发要5个工作日,但您的情况不一样,我来帮您争取。")])
def test_a_rule_explained_offers_not_even_a_remedy_that_falls_short(lang, text):
    """The twelfth play-test: the reissue named in the rule drew "Five working days for a piece of paper?"."""
    session = call("emotional", "lost_policy", lang, [text])
    assert session.turns[0].offers == [] and session.last_reaction != "short"


@pytest.mark.parametrize("persona_id", PERSONAS)
@pytest.mark.parametrize("lang, fault", [
    ("en", "Well, the cheque would have been lost in the post, so really that's the post office's problem, not ours."),
    ("zh", "支票估计是邮局寄丢的,那是邮局的问题,跟我们没关系。")])
def test_passing_the_blame_draws_a_retort_not_thanks(persona_id, lang, fault):
    """The thirteenth play-test: blaming the post office drew "I appreciate that" from a customer in a good mood."""
    kind = {"en": ["I'm so sorry about this.", "Twelve years paying on time and then a late fee: that's maddening."],
            "zh": ["真的非常抱歉。", "十二年按时交费,突然被罚滞纳金,换谁都憋屈。"]}[lang]
    session = call(persona_id, "cheque_stop", lang, kind + [fault])
    last = session.turns[-1]
    assert "blame_colleague" in last.move_names and session.last_reaction == "blame_colleague"
    assert not any(word in last.reply for word in ("Thank", "appreciate", "谢谢", "爱听", "Good."))


@pytest.mark.parametrize("seed", range(3))
def test_of_a_repair_or_a_new_machine_the_customer_takes_the_one_that_settles_it(seed):
    """The thirteenth play-test: offered a free repair or a new machine on Friday, the customer who wanted its
    money back took the repair (the first way listed), which settles nothing without a written promise."""
    text = ("I can send an engineer tomorrow morning to repair it free of charge, "
            "or arrange a replacement machine delivered on Friday. Which would you prefer?")
    session = call("stubborn", "return_after_window", "en", [text], seed=seed)
    assert session.last_reaction == "choose" and "replace the machine" in session.turns[0].reaction


@pytest.mark.parametrize("lang, text, taken", [
    ("en", "Would 8am or 10am suit you better for the engineer?", "first"),
    ("en", "Would 10am or 8am suit you better for the engineer?", "second"),
    ("zh", "您看九点还是十一点方便?", "前一个"),
    ("zh", "您看十一点还是九点方便?", "后一个"),
    ("en", "A technician tomorrow with a new drain pump, free. Morning 9 to 11, or 11 to 1?", "first"),  # play-test 17
    ("en", "A technician tomorrow with a new drain pump, free. 11 to 1, or 9 to 11?", "second")])
def test_of_two_times_the_customer_takes_the_sooner_whichever_comes_first(lang, text, taken):
    """The fourteenth play-test: "eight or ten?" and "ten or eight?" both drew "The second. Faster, I assume."."""
    scenario_id = "return_after_window" if "drain pump" in text else "ac_installer_late"
    for seed in range(4):
        reply = call("stubborn", scenario_id, lang, [text], seed=seed).turns[0].reply
        assert taken in reply.casefold()


@pytest.mark.parametrize("scenario_id, lang, question, asked", [
    ("ac_installer_late", "en", "Is your mother okay in the heat right now?", ["mother"]),
    ("ac_installer_late", "zh", "老人家现在还好吗?有没有电扇先顶着?", ["mother"]),
    ("bill_mismatch", "zh", "您当时有没有收到过确认短信?", ["sms"]),
    ("bill_mismatch", "en", "When did you last check it against your notebook?", ["checked"]),
    ("floppy_clean", "en", "Are the files only on the floppies, or is there a backup?", ["copies"]),
    ("line_cut_off", "zh", "地址是什么时候改的?", ["address_changed"]),
    ("ac_installer_late", "en", "Can you tell me what time the installer was booked for?", ["window"]),
    # play-test 15
    ("missed_connection", "zh", "您明天上午在新加坡有什么安排吗?", ["deadline"]),
    ("ac_installer_late", "en", "Is 138 on the order still the best number?", ["this_number"]),
    # play-test 17: these drew "别拿这个岔开话题", "that's for you to find out" or another answer
    ("floppy_clean", "zh", "10月8日那次打热线,客服是怎么跟您说的?", ["hotline"]),
    ("floppy_clean", "zh", "技术员12号上门以后,有没有告诉您新软驱什么时候到?", ["drive_date"]),
    ("floppy_clean", "zh", "清洁盘是您自己去买的吗?花了多少钱?", ["disk_cost"]),
    ("motherboard_swap", "en", "When it came back on 24 June, did anyone from the station tell you what they'd changed?", ["told"]),
    ("ex_display_defect", "en", "When did you first notice the green line, and is it there on every channel?", ["noticed"]),
    ("ex_display_defect", "en", "And when you called the Xinhua Road store, what exactly did they tell you?", ["store_said"]),
    # play-test 18: "How would I know that?" or nothing; several questions are answered in the order asked
    ("ac_installer_late", "en", "Is anyone at home with you? And did anyone from us call you at all this morning?",
     ["mother", "contacted"]),
    ("motherboard_swap", "en", "What did the repair station charge you for the board, and do you have the date on the slip?",
     ["amount", "dates"]),
    ("floppy_clean", "en", "Can you remind me when you first called the hotline, and what the technician found in the end?",
     ["dates", "found"]),
    ("cheque_stop", "zh", "转账时备注栏填的是什么?", ["reference"])])
def test_questions_about_the_customers_own_case_are_answered(scenario_id, lang, question, asked):
    """Play-tests 11, 14, 15, 17 and 18: these drew no answer, another answer, or the case's dates instead of
    the address change. Which questions are heard is the scenario's, whoever the customer."""
    turn = call("prepared", scenario_id, lang, [question]).turns[0]
    assert turn.asked == asked and turn.reaction


@pytest.mark.parametrize("persona_id", PERSONAS)
@pytest.mark.parametrize("lang, doubt", [("en", "Are you sure you actually sent in the address change?"),
                                         ("zh", "您确定真的提交过改地址的申请吗?")])
def test_a_doubt_is_met_with_the_customers_evidence_not_answered_as_a_question(persona_id, lang, doubt):
    """The fourteenth play-test: "are you sure you sent the address change?" drew the customer's address, politely."""
    turn = call(persona_id, "line_cut_off", lang, [doubt]).turns[0]
    assert "doubt" in turn.move_names and turn.asked == []
    assert scenario("line_cut_off").values(lang)["evidence"].rstrip("。.") in turn.reply


def test_today_is_taken_over_another_day():
    """The fifteenth play-test: the customer who took a day's leave chose to move the visit. (In Chinese, 改天再约
    is the case's own remedy that falls short, and the customer objects to it instead.)"""
    text = "Would you like to keep today's visit, or move it to a day that suits you?"
    for seed in range(4):
        assert "first" in call("emotional", "ac_installer_late", "en", [text], seed=seed).turns[0].reply.casefold()


@pytest.mark.parametrize("text, asked, offers", [
    ("您出差是从什么时候到什么时候?这期间有收到过短信或者电话提醒吗?", ["trip", "reminder"], []),
    ("您去年改地址是通过什么渠道改的?", ["address_changed"], []),
    ("请问您二月份是不是改过账单地址?", ["address_changed"], []),  # play-test 23: a yes-no question went unanswered
    ("催缴信寄去了旧地址,您二月改的地址没生效,这是我们的疏忽。", [], []),  # the customer's change told back: no offer
    ("50元复装费因为地址是我们的问题,给您免掉。", [], ["waive_fee"])])
def test_the_trip_the_reminders_and_the_fee_waived_in_other_words_are_heard(text, asked, offers):
    """The seventeenth play-test: the trip and the address questions drew the suspension dates twice, and the
    fee waived in words of its own was not heard, so the customer asked for it again and protested the goodbye."""
    turn = call("self_absorbed", "line_cut_off", "zh", [text]).turns[0]
    assert (turn.asked, turn.offers) == (asked, offers)


def test_a_cheque_number_before_hao_is_no_wrong_day():
    """The seventeenth play-test: "00179342号支票" read as a day had the right restatement "corrected"."""
    session = call("prepared", "cheque_stop", "zh", ["我跟您核对一下:4月2日寄了00179342号支票付3月份486.50元,4月15日又转账486.50元,对吗?"])
    assert "restate" in session.turns[0].move_names and session.last_reaction != "restate_number"


@pytest.mark.parametrize("persona_id, scenario_id, lang, text", [
    ("emotional", "ac_installer_late", "zh", "已经给您申请了100元延误补偿。师傅如果能12点40到,您是今天装,还是改约到周末第一单?您选。"),
    ("self_righteous", "ac_installer_late", "en", "You'll also get ¥100 compensation. If 12:40 is too late, I can rebook you as "
                                                  "the first job on any day you like - which would you prefer?")])
def test_a_choice_put_in_more_words_is_answered_with_the_option_taken(persona_id, scenario_id, lang, text):
    """The seventeenth play-test: "…还是改约到周末第一单?您选。" and "If 12:40 is too late, I can rebook you… which
    would you prefer?" drew no pick, the customer thanking for a choice it never made."""
    assert call(persona_id, scenario_id, lang, [text]).last_reaction in ("choose", "pick")


@pytest.mark.parametrize("scenario_id, lang, text", [
    ("ac_installer_late", "zh", "为了等这一趟还专门请了假,白白扣了一天工资,换谁都窝火,真是对不住您。"),
    ("ac_installer_late", "en", "Sorry, that was a non-answer. You gave up a day's pay and you're stuck waiting in this heat, and that's really rotten."),
    ("motherboard_swap", "en", "You paid for a new motherboard and got your old one back without being told, that's on us, and I'm sorry."),
    ("line_cut_off", "zh", "真对不起,出差回来电话就停了,连个通知都没收到,换谁都着急。")])  # no 您, as Chinese often says it
def test_the_story_told_back_beside_feeling_or_ownership_is_a_restatement(scenario_id, lang, text):
    """The eighteenth play-test: these told the customer's story back and earned no restating points."""
    assert "restate" in call("emotional", scenario_id, lang, [text]).turns[0].move_names


@pytest.mark.parametrize("persona_id, scenario_id, lang, text, taken", [
    # the option that names what the case needs (play-test 18)
    ("self_absorbed", "line_cut_off", "zh", "欠的月租和恢复费,您看是直接免掉恢复费、月租从下个月账单里扣,还是今天一次交清?", "前"),
    ("self_absorbed", "line_cut_off", "zh", "欠的月租和恢复费,您看是今天一次交清,还是直接免掉恢复费、月租从下个月账单里扣?", "免掉"),
    # its money back rather than a credit
    ("stubborn", "ac_installer_late", "zh", "您请假这一天的损失,我给您申请补偿:是退到卡里,还是抵下个月的话费,您看哪个方便?", "前"),
    ("stubborn", "return_after_window", "en", "We can do a full refund — would you like it back on your card or as store credit?", "first"),
    # the sooner, with the day the hours are on
    ("stubborn", "return_after_window", "en", "I can get an engineer to you today at 3, or tomorrow at 9 — which suits you better?", "first"),
    ("self_absorbed", "floppy_clean", "en", "Tomorrow morning at 9 or in the afternoon at 2, which suits you?", "first"),
    ("emotional", "ac_installer_late", "en", "He can be at your door by 12:40, or first job on Saturday morning, which would you prefer?", "first"),
    ("self_absorbed", "line_cut_off", "zh", "您是要我现在马上开通,还是等您方便的时候师傅上门检查线路?", "前")])
def test_the_customer_picks_the_option_its_case_or_its_interest_decides(persona_id, scenario_id, lang, text, taken):
    """The eighteenth play-test: the customer took the credit over its money, Saturday over 12:40, "later" over
    now, and paying in full over the fee waived."""
    for seed in range(3):
        turn = call(persona_id, scenario_id, lang, [text], seed=seed).turns[0]
        assert taken in turn.reaction.casefold(), turn.reply


def test_a_paper_reissue_is_no_electronic_policy():
    """The eighteenth play-test: 补发保单…五个工作日内寄到 was heard as the e-policy, and the call ended on it."""
    assert scenario("lost_policy").hear("我先帮您把补发保单的申请加急了,五个工作日内寄到。", "zh").offers == ("paper_reissue",)


@pytest.mark.parametrize("lang", LANGS)
def test_a_calm_self_absorbed_customer_answers_without_the_haughty_tail(lang):
    """The nineteenth play-test: satisfied at anger 5, it answered about the receipts with "你知道你在跟谁说话吧?"."""
    from simulator.engine.conditions import Situation

    calm = [line.text for line in persona("self_absorbed").reaction("answer", lang) if line.fits(Situation(frozenset(), mood=5))]
    assert calm and not any("跟谁说话" in text or "who you're talking to" in text for text in calm)


def test_a_goodbye_after_a_partial_offer_draws_what_is_still_missing():
    """The nineteenth play-test: "the refund's already been raised… take care and goodbye", with the ¥940
    compensation still owed, drew "Go on, I'm listening"."""
    session = call("emotional", "motherboard_swap", "en", ["I'm so sorry. I'll refund the ¥940 for the board today. "
                                                           "Thanks for bearing with me, take care and goodbye."])
    turn = session.turns[0]
    assert turn.offers == ["refund_fee"] and turn.early_goodbye and session.last_reaction == "hang_up"


@pytest.mark.parametrize("lang, choice, booked, channels", [
    ("en", "Would you like the written confirmation by text or by email?",
     "Done, I've just sent the written confirmation to you by {}.", ("text", "email")),
    ("zh", "书面确认您是要短信还是邮件?", "好的,书面确认已经用{}发给您了。", ("短信", "邮件")),
    ("en", "Would you prefer I call you back at 3pm or at 5pm?", "Great, I've booked your call for {}.", ("3pm", "5pm"))])
def test_a_commitment_the_other_way_than_the_customer_picked_draws_its_objection(lang, choice, booked, channels):
    """Play-test 20: the customer took "The second" (email), heard "sent … by text", and said "Correct and
    complete"; five picks of five went the other way without a word."""
    session = call("prepared", "bill_mismatch", lang, [choice])
    assert session.last_reaction == "pick" and session.pick.said in channels
    taken, declined = session.pick.said, next(c for c in channels if c != session.pick.said)
    wrong = session.respond(booked.format(declined))
    assert session.last_reaction == "not_picked" and taken in wrong.reply and wrong.mood_after > wrong.mood_before
    assert wrong.not_picked and wrong.to_dict()["not_picked"]  # scored (penalty:not_picked) and in `play --json`
    session.respond(booked.format(taken))
    assert session.last_reaction != "not_picked" and session.pick is None


def test_a_remedy_booked_other_than_the_one_the_customer_chose_is_objected_to_and_the_call_goes_on():
    """Play-test 20: "退货退款,还是换新?" drew the refund, the trainee booked the exchange, and the customer was satisfied."""
    choice = "这样,我给您两个办法:一是上门把电视拉走,全额退款;二是给您换一台全新的同型号。您想要哪一个?"
    session = call("stubborn", "ex_display_defect", "zh", [choice], seed=8)
    assert session.last_reaction == "choose"
    wrong = session.respond("好的,我已经给您登记了换一台全新的同型号,周六上午送货上门。")
    assert session.last_reaction == "not_picked" and "全额退给我" in wrong.reply and session.outcome is None
    session.respond("对不起,是我听岔了:上门把电视拉走,全额退款,今天就给您登记。")
    assert session.last_reaction != "not_picked" and session.pick is None


@pytest.mark.parametrize("lang, text", [("zh", "我明白,您要的是退货退全款。"),
                                        ("en", "So what you want is the TV taken back and a full refund.")])
def test_the_customers_own_demand_told_back_is_a_restatement_not_an_offer(lang, text):
    """Play-test 20: 您要的是退货退全款 was heard as the refund offered, and the customer said 这还差不多."""
    turn = call("stubborn", "ex_display_defect", lang, [text], seed=8).turns[0]
    assert turn.offers == [] and "restate" in turn.move_names and "help" not in turn.move_names


@pytest.mark.parametrize("lang, text, offers", [
    ("en", "I'll book the drive repair under warranty so it costs you nothing.", ("new_drive",)),
    ("en", "The repair is booked for Thursday at no charge, and the drive fixed the same day.", ("new_drive",)),
    ("en", "Could you fix the drive yourself with the cleaning disk?", ("clean_again",)),
    ("zh", "软驱我们免费给您修好,周四就能弄完。", ("new_drive",)),
    ("zh", "换好后当场帮您把盘里的文件读出来。", ("copy_files",))])  # play-test 21
def test_a_repair_that_fixes_the_drive_is_heard_as_putting_it_right(lang, text, offers):
    """Play-test 20: three commitments to repair the drive went unheard, and the customer kept asking for it."""
    assert scenario("floppy_clean").hear(text, lang).offers == offers


@pytest.mark.parametrize("persona_id, scenario_id, lang, text, first", [
    ("stubborn", "ex_display_defect", "zh",
     "按规定,7天内可以退货。您是想全额退款、上门取货,还是换一台我们先和您一起检查过的?", True),
    ("self_absorbed", "missed_connection", "en",
     "There are two ways to get you there tonight: a partner airline flight with economy seats, "
     "or our own next flight, which gets in later. Which would you prefer?", True)])
def test_of_two_options_the_customer_takes_the_one_nearest_to_putting_its_case_right(persona_id, scenario_id, lang,
                                                                                    text, first):
    """Play-test 21: the customer who demanded a refund took the exchange (退货 named before the choice made both
    options look alike), and a choice heard from its "or" lost the partner flight, which alone makes the signing."""
    for seed in range(3):
        reply = call(persona_id, scenario_id, lang, [text], seed=seed).turns[0].reply
        assert bool(re.search(r"\bfirst\b|前一个|第一个|前者", reply, re.I)) == first, reply


@pytest.mark.parametrize("scenario_id, lang, text, asked", [
    ("cheque_stop", "en", "Can you tell me the cheque number and the date you did the bank transfer?", ("cheque", "dates")),
    ("floppy_clean", "zh", "请问您上次报修是哪一天?买清洗盘花了多少钱?", ("dates", "disk_cost"))])
def test_every_question_of_a_turn_is_heard(scenario_id, lang, text, asked):
    """Play-test 21: of two or three questions, only one was answered (哪一天 is 哪天; "the date you…")."""
    assert scenario(scenario_id).hear(text, lang, asking=text).asked == asked


@pytest.mark.parametrize("lang, story, kept", [
    ("zh", "五年的保费一期没落下,现在住院要理赔,保单却补不下来。", False),
    ("en", "You paid on time for five years, and now the claim is stuck without the paper policy.", False),
    ("en", "I can't promise the paper copy today, but I can get the claim moving this afternoon.", True)])
def test_help_the_model_guessed_in_the_customers_story_told_back_is_no_offer(lang, story, kept):
    """Play-test 20: "…保单却补不下来,换谁都着急" was heard as help (the model's guess), and the customer counted on
    "what you just said". The story told back is a restatement; a sentence that commits keeps its help."""
    from simulator.moves import Move, Span

    def guessing(text, lang=None):  # the semantic layer marks a whole sentence
        return [Move("help", 0.7, (Span(0, len(text), text),))]

    session = Session(persona("emotional"), scenario("lost_policy"), lang, 1, recogniser=guessing)
    turn = session.respond(story)
    assert ("help" in turn.move_names) == kept and ("restate" in turn.move_names) != kept


@pytest.mark.parametrize("scenario_id, text", [
    ("cheque_stop", "Our records show no payment received, so the late fee stands."),
    ("ex_display_defect", "Ex-display TVs are sold at a discount and as seen, so normally they can't come back.")])
def test_a_remedys_words_in_a_refusal_or_a_price_offer_nothing(scenario_id, text):
    """Play-test 22: "…no payment received, so the late fee stands" was heard as the payment found (the customer
    said "Good. That's fair."), and "sold at a discount" as a discount offered."""
    assert scenario(scenario_id).hear(text, "en").offers == ()


@pytest.mark.parametrize("text, offers", [
    ("I can email you an electronic certificate this afternoon that the claims team will accept.", ("e_policy",)),
    ("Sorry, was the reissue request made on the 3rd or the 13th?", ()),
    ("I'll order the paper reissue today as well.", ("paper_reissue",))])
def test_the_e_policy_in_other_words_is_heard_and_a_question_about_a_past_request_offers_nothing(text, offers):
    """Play-test 22: "an electronic certificate" went unheard, and a question about when the reissue was
    requested drew "Five working days for a piece of paper?"."""
    assert scenario("lost_policy").hear(text, "en").offers == offers


@pytest.mark.parametrize("text, offered", [
    ("To be honest the delay with the engineer is down to the courier company, they keep losing the parts.", False),
    ("That was the courier's fault, but I'll have an engineer out to you tomorrow morning.", True)])
def test_a_remedys_words_in_a_fault_offer_nothing_unless_the_sentence_commits(text, offered):
    """Play-test 22: blaming the courier for the engineer's delay was heard as the repair offered, and the anger fell."""
    turn = call("self_absorbed", "return_after_window", "en", [text]).turns[0]
    assert "blame_colleague" in turn.move_names and bool(turn.offers) == offered


def test_a_last_word_against_the_customers_pick_leaves_the_call_open_for_the_correction():
    """Play-test 23: the satisfied customer's objection to the wrong booking ended the call, with no room to
    put it right."""
    sc = scenario("line_cut_off")
    steps = [fill(step, sc.agent_values("en")) for step in STEPS["en"]]
    session = call("emotional", "line_cut_off", "en",
                   [*steps, sc.textbook("en") + " Would you like the written confirmation by text or by email?"])
    assert session.closing and session.last_reaction == "pick" and session.pick.said in ("text", "email")
    other = "email" if session.pick.said == "text" else "text"
    session.respond(f"Done, I've just sent the written confirmation to you by {other}.")
    assert session.last_reaction == "not_picked" and not session.over
    session.respond(f"Sorry, my mistake: the written confirmation has gone by {session.pick.said} now. Goodbye.")
    assert session.over


def test_a_choice_of_hours_asked_as_which_time_suits_is_picked_and_held_to():
    """Play-test 23: "技术员今天下午两点或者四点过去,您哪个时间方便?" went unanswered, and booking four drew no word."""
    session = call("self_righteous", "floppy_clean", "zh", ["技术员今天下午两点或者四点过去,您哪个时间方便?"])
    assert session.last_reaction == "pick" and session.pick.said in ("今天下午两点", "四点")
    other = "下午四点" if session.pick.said == "今天下午两点" else "下午两点"
    session.respond(f"好的,已经给您定了{other},技术员出发前会给您打电话。")
    assert session.last_reaction == "not_picked"


def test_a_choice_with_a_remedy_that_falls_short_beside_one_that_resolves_is_a_choice_not_a_short_offer():
    """The lead's tmux call: "让他12点40之前赶到,还是改到周六上午第一单?" drew "这根本帮不了我!改天?" (the rebooking
    falls short alone), and booking Saturday after the customer took 12:40 drew no objection."""
    session = call("emotional", "ac_installer_late", "zh", ["我刚问了师傅,他上一单拖了。您看是让他12点40之前赶到,还是改到周六上午第一单?"])
    assert session.last_reaction in ("choose", "pick") and not session.turns[-1].reply.startswith("这根本")
    session.respond("好的,那我给您改到周六上午第一单。")
    assert session.last_reaction == "not_picked"


def test_remedies_offered_before_a_choice_of_times_are_no_options_of_it():
    """Play-test 25: the e-policy and the claim, offered before "Would you rather a specialist call you at 3 or at
    4:30?", were taken as a choice of remedies, and saying the claim was registered drew "I picked the other one"."""
    text = ("I'll email you the electronic policy within the hour, and I'll register your claim today. "
            "Would you rather a claims specialist call you at 3 or at 4:30 this afternoon?")
    session = call("emotional", "lost_policy", "en", [text])
    assert session.last_reaction == "pick" and session.pick and {k.split(":")[0] for k in session.pick.taken} <= {"time", "via"}


def test_a_recap_of_what_was_agreed_offers_what_it_names():
    """Play-test 25: "So to sum up: new pump fitted free tomorrow…, the written exchange promise… bye for now" was
    heard as a restatement that offers nothing, and the goodbye was charged as early."""
    recap = ("So to sum up: new pump fitted free tomorrow 8 to 10 with your laundry out first, and the written "
             "same-model exchange promise if two repairs fail.")
    turn = call("stubborn", "return_after_window", "en", [recap]).turns[0]
    assert set(turn.offers) == {"repair", "exchange_promise"}


def test_with_nothing_offered_yet_the_tip_and_the_customer_point_to_the_way_the_policy_puts_first():
    """Play-test 25: the debrief's tip offered a new machine now, where the case's first way is a free repair."""
    assert scenario("return_after_window").missing(set()) == ["repair", "exchange_promise"]
    assert scenario("return_after_window").missing({"replace_now"}) == []
