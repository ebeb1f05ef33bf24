"""The move recogniser: what a trainee says becomes moves, with the words that carry them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.moves import BAD_MOVES, MOVES, Move, Span
from simulator.recognition.recogniser import _unsuppressed_moves, expand, lexicon, recognise, recognise_many, scan


def names(text, lang=None):
    return [m.name for m in recognise(text, lang=lang, semantic=False)]


@pytest.mark.parametrize("text, expected", [
    ("I'm so sorry about this.", ["apologise"]),
    ("I completely understand how frustrating this must be.", ["empathise"]),
    ("That was our mistake.", ["own"]),
    ("I'll reconnect your line today.", ["help"]),
    ("That's company policy.", ["policy_wall"]),
    ("You must have typed it wrong.", ["blame_customer"]),
    ("非常抱歉给您添麻烦了", ["apologise"]),
    ("换作是我也会着急", ["empathise"]),
    ("这是我们的失误", ["own"]),
    ("我马上为您办理退款", ["help"]),
    ("公司的规定就是这样的", ["policy_wall"]),
])
def test_single_moves_in_both_languages(text, expected):
    assert names(text) == expected


def test_one_reply_can_carry_the_four_steps():
    text = "I'm so sorry. I understand how upsetting this is. That was our mistake, and I'll refund you today."
    assert {"apologise", "empathise", "own", "help"} <= set(names(text, "en"))


def test_negation_cancels_a_bad_move():
    assert "blame_customer" not in names("This is not your fault at all.", "en")
    assert "blame_customer" not in names("这绝对不是您的责任", "zh")
    assert names("No one is blaming you for this.", "en") == ["empathise"]  # a reassurance, no blame


def test_the_not_of_a_chinese_a_not_a_question_negates_nothing():
    assert "insult" in names("你是不是傻?这都不会用", "zh")
    assert "insult" in names("你有没有脑子", "zh")
    assert "insult" not in names("我不是说您傻", "zh")


def test_telling_the_customer_not_to_make_a_fuss_is_a_brush_off_not_a_negation():
    assert "dismiss" in names("Let's not make a drama out of it.", "en")
    assert "dismiss" in names("No need to make a fuss, it'll arrive.", "en")
    assert "dismiss" in names("没必要这么生气吧。", "zh") and "dismiss" in names("别小题大做了。", "zh")


def test_quoted_words_perform_nothing():
    assert "policy_wall" not in names("My trainer says never to say 'that's our policy'.", "en")
    assert "policy_wall" not in names("培训时说过不能说“这是规定”", "zh")
    assert "deflect" not in names("His note read 'that's not my department', and we laughed.", "en")


def test_cues_found_only_negated_or_quoted_are_withheld_from_the_semantic_layer():
    _, withheld = scan(lexicon("en"), "I won't tell you it's company policy.")
    assert withheld == {"policy_wall"}
    hits, withheld = scan(lexicon("zh"), "我不会跟您说“这是规定”。")
    assert not hits and "policy_wall" in withheld   # and what "我不会跟您说" rules out, a lookalike of several


def test_chinese_questions_without_a_question_mark_are_heard():
    assert names("您是哪天交的费", "zh") == ["ask"]
    assert "ask" in names("能不能把账号发我一下", "zh")


def test_a_rhetorical_question_is_not_a_clarifying_one():
    heard = names("Are you sure you actually paid?", "en")
    assert "doubt" in heard and "ask" not in heard


def test_spans_point_at_the_triggering_words():
    text = "Well, that's our policy."
    move = recognise(text, semantic=False)[0]
    span = move.spans[0]
    assert move.name == "policy_wall" and text[span.start:span.end] == span.text and "policy" in span.text


@pytest.mark.parametrize("text", [
    "Could you try restarting your router and let us know?",
    "I'll walk you through a factory reset now.",
    "DM us your account number and we'll take a look ^JB",
    "亲,您可以先重启一下路由器试试哦",
    "试试先清除缓存再登录",
    "Have you tried clearing your cache and cookies?",
])
def test_a_fix_the_customer_can_try_is_help(text):
    """Helpdesk replies often solve by instruction; that is a solution offered."""
    assert "help" in names(text)


def test_a_fix_suggested_as_a_question_is_no_doubt():
    """"Have you tried…?" suggests a fix; the model once heard the customer being doubted."""
    heard = recognise("Hmm, that's odd. Have you tried clearing your cache and cookies? That usually does the trick.",
                      "en", semantic=True)
    assert not {m.name for m in heard} & set(BAD_MOVES)


def test_a_mixed_language_reply_is_heard_by_the_rules_of_both():
    """Chat mixes languages; English cues are heard even touching Chinese characters."""
    assert "policy_wall" in names("这个是company policy,没办法")  # the refusal beside the rule is the wall (docs/moves.md)
    assert {"deflect", "refuse"} <= set(names("这个我们没办法,你得call the manufacturer", "zh"))
    assert {"apologise", "own", "help"} <= set(names("I'm sorry 先生, 这是我们的失误, I'll fix it now"))


def test_language_is_detected_when_not_given():
    assert names("真的非常抱歉") == ["apologise"]
    assert names("so sorry, 我马上为您处理") == ["apologise", "help"]


def test_a_batch_gives_the_same_answers_as_one_by_one():
    texts = ["I'm sorry.", "", "这是规定", "thank you"]
    batch = recognise_many(texts, semantic=False)
    assert [[m.name for m in ms] for ms in batch] == [names(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_string_returns_a_list_of_known_moves(text):
    moves = recognise(text, semantic=False)
    assert isinstance(moves, list) and all(m.name in MOVES for m in moves)


@pytest.mark.parametrize("text", ["", " \n\t", "\x00\x01\x02", "😡" * 50, "sorry " * 20000, "a\udcff b"])
def test_awkward_input_never_raises(text):
    assert isinstance(recognise(text, semantic=False), list)


@pytest.mark.parametrize("text, lang", [
    ("上次说您算错了是我们不对", "zh"),
    ("We told you it was your fault, and that was our mistake.", "en"),
])
def test_a_blame_retracted_by_owning_the_fault_is_no_accusation(text, lang):
    heard = names(text, lang)
    assert "blame_customer" not in heard and "own" in heard


def test_a_word_list_widens_every_rule_that_names_it():
    words = {"feeling": ["fed up", "livid"]}
    assert expand(r"\byou must be {feeling}\b", words) == r"\byou must be (?:fed up|livid)\b"
    assert expand(r"\w{2,20}", words) == r"\w{2,20}"  # a regex quantifier is not a word list


def test_a_pattern_naming_a_missing_word_list_is_refused_with_its_name():
    with pytest.raises(ValueError, match="feelings"):
        expand(r"\byou must be {feelings}\b", {"feeling": ["fed up"]}, "en")


@pytest.mark.parametrize("text", [
    "That must have been exhausting.", "You must be fed up with us by now.", "I'd be livid.",
    "Ugh, what a headache.", "It sounds like a total nightmare.", "You've been messed around, plain and simple.",
    "Paying for a parcel you never got is the worst.",  # the "never" is the parcel's, not the empathy's
    "您心里肯定特别憋屈。", "这事确实让人窝火。", "谁碰上都得急。", "我能想象您有多着急。",
])
def test_empathy_is_heard_as_any_feeling_in_any_everyday_frame(text):
    assert names(text) == ["empathise"]


@pytest.mark.parametrize("text", ["您急什么?", "It's hard to say when."])
def test_a_feeling_word_alone_is_no_empathy(text):
    assert "empathise" not in names(text)


@pytest.mark.parametrize("text", [
    "I can't refund it to the card. What I can do is credit your account today.",
    "The system won't let me change the date, so I'll call the depot and do it by phone.",
    "Unfortunately the system won't let me reopen the ticket. I'll raise a new one for you right now.",
    "按规定这笔钱不能退到卡上。我可以先给您转成账户余额,您看行吗?",
])
def test_a_limit_met_with_an_alternative_in_any_sentence_is_no_refusal_and_no_wall(text):
    heard = names(text)
    assert "help" in heard and not {"refuse", "policy_wall"} & set(heard)


@pytest.mark.parametrize("text, fault", [("No. We can't do that.", "refuse"), ("That's company policy.", "policy_wall"),
                                         ("不行,办不了。", "refuse"), ("公司规定就是这样。", "policy_wall")])
def test_a_limit_with_nothing_offered_is_still_heard(text, fault):
    assert fault in names(text)


@pytest.mark.parametrize("text", ["补偿?没有补偿。", "复机?办不了,号码已经销了。", "A refund? Not possible."])
def test_the_customers_words_echoed_and_answered_at_once_ask_nothing(text):
    assert "ask" not in names(text)


@pytest.mark.parametrize("text", ["Order number? I'll look it up.", "您的订单号是多少?我帮您查。"])
def test_a_terse_question_is_still_a_question(text):
    assert "ask" in {m.name for m in recognise(text, semantic=True)} or "ask" in names(text)


@pytest.mark.parametrize("text", [
    "Voucher sent.", "I have corrected it and reissued your documents by email.",
    "Your table for four is confirmed at 7pm.", "Your account has been reopened, and all standing orders restored.",
    "Here's what to do: log in, go to Billing, click Download invoices.",
])
def test_help_is_heard_when_it_is_already_done_or_laid_out_as_steps(text):
    assert "help" in names(text)


@pytest.mark.parametrize("text", [
    "Getting the wrong size twice is beyond annoying.", "You've clearly had a long day.",
    "You've been more patient with us than most people would be.", "That's not the kind of service you should get.",
])
def test_empathy_is_heard_whatever_the_situation_is_called(text):
    assert "empathise" in names(text)


@pytest.mark.parametrize("text", ["Your attitude is unacceptable.", "No, that's not right, we sent two letters."])
def test_a_verdict_on_the_customer_is_no_empathy(text):
    assert "empathise" not in names(text)


def test_a_colleague_named_on_the_way_to_fixing_it_is_no_blame():
    heard = names("My colleague should have told you about the cooling-off period. I've cancelled the contract.")
    assert "blame_colleague" not in heard and "help" in heard


@pytest.mark.parametrize("text, move", [
    ("手机欠费停机还在外地,这种时候最让人心慌了。", "empathise"), ("您的担忧我们完全理解。", "empathise"),
    ("看到账单多出三百块,吓一跳很正常。", "empathise"), ("这谁顶得住。", "empathise"),
    ("您这么信任我们,结果弄成这样,真是对不住您。", "apologise"),
    ("您的案件已转入快速通道,理赔款将在五个工作日内支付至您指定的账户。", "help"),
    ("门店经理会在今天下午联系您。", "help"), ("我马上跟仓库确认库存。", "help"),
])
def test_chinese_everyday_empathy_apology_and_help(text, move):
    assert move in names(text)


def test_the_company_criticising_itself_is_no_argument():
    assert "argue" not in names("十二年都按时交费,我们还给您发停机预警,这说不过去。")
    assert "argue" in names("您这话说不过去。")


@pytest.mark.parametrize("text, heard, unheard", [
    ("亲亲,已经帮您申请了呢,请您耐心等待哦", "help", "delay"),
    ("亲,这个需要您在订单详情页点击申请售后哦", "help", None),
    ("亲,目前系统显示正常,您可以刷新一下页面再试试", "help", None),
    ("您好,欢迎光临,有什么可以帮您的吗", "greet", "close"),
    ("感谢您的支持,欢迎再次光临!", "close", None),
    ("您先回去等着吧。", "delay", None),
])
def test_online_shop_service_in_its_own_style(text, heard, unheard):
    moves = names(text)
    assert heard in moves and unheard not in moves


@pytest.mark.parametrize("text", [
    "I'll chase it myself.", "You should have been told about the fee.", "That fee shouldn't have been there.",
    "I'm not passing you on to anyone.", "We took your money and then went quiet on you, and we let you down.",
    "我亲自去跟账务部门催。", "这件事本该提前告诉您。", "您的投诉将由我本人全程跟进。", "忙不是理由。",
])
def test_ownership_is_heard_as_seeing_it_through_or_admitting_the_slip(text):
    assert "own" in names(text)


@pytest.mark.parametrize("text", ["You should have read the terms before signing.", "您本该提前告诉我们的。"])
def test_what_the_customer_should_have_done_is_no_ownership(text):
    assert "own" not in names(text)


@pytest.mark.parametrize("text, heard, unheard", [
    # the play-test of 2026-12-06: kind replies that had been accused
    ("系统里没有您短信确认的记录,这钱不该扣。", "own", "doubt"),
    ("是因为一笔月租没交上,系统自动停的机。这个真不应该,确实做得太死板了。", "own", "policy_wall"),
    ("No, it isn't, and you shouldn't have been told that.", "empathise", "refuse"),
    ("Let me make sure I've got it: you want the full ¥3,299 back. Is that right?", "restate", "help"),
    # and everyday steps that had not been heard
    ("这确实让人气不过。", "empathise", None), ("我跟您确认下:电话今天恢复、滞纳金免掉,对吗?", "restate", None),
    ("that's not how we should treat anyone, let alone a loyal customer like you.", "own", None),
    ("I will, you have my word.", "own", None), ("Can I just check the best number to reach you on?", "ask", None),
    ("这是公司规定,维修站的事我们这边管不了", "deflect", None), ("这是公司规定。", "policy_wall", None),
])
def test_what_a_trainee_playing_calls_said(text, heard, unheard):
    moves = names(text)
    assert heard in moves and unheard not in moves


@pytest.mark.parametrize("text, move", [
    # batch 4 of the natural set (dev half): what a problem cost the customer, said in passing
    ("I can see you've already sent the documents twice.", "empathise"), ("And on your anniversary, of all nights.", "empathise"),
    ("Sounds like the bank's been giving you the runaround.", "empathise"), ("You sound shattered, and I don't blame you one bit.", "empathise"),
    ("This shouldn't have been your problem to solve.", "empathise"), ("No, you didn't miss anything. We just didn't explain it properly.", "own"),
    ("The fee was wrong and I'm removing it.", "help"), ("Let's get this fixed today.", "help"),
    ("大过年的还让您为这事操心,真是过意不去。", "apologise"), ("理赔拖了一个多月,压力肯定不小。", "empathise"),
    ("您本来就有理由相信今天能到货。", "empathise"), ("您这一个月肯定憋了一肚子火。", "empathise"),
    ("这事儿确实是我们办砸了。", "own"), ("我不拿规定搪塞您,我去申请例外处理。", "own"),
])
def test_what_a_problem_cost_the_customer_and_who_owns_it(text, move):
    assert move in names(text)


@pytest.mark.parametrize("text, lang", [
    ("You're paying for a service you're not getting, and that's wrong. I'm crediting the days.", "en"),
    ("您说我们服务差,我不反驳,这次确实差。", "zh"),
])
def test_siding_with_the_customer_is_no_argument(text, lang):
    assert "argue" not in {m.name for m in recognise(text, lang=lang, semantic=True)}


def test_a_question_in_the_sentence_of_a_fault_the_model_heard_is_rhetorical_not_ask():
    text = "您真付了吗?我们这边没看到。"
    heard = [Move("ask", 0.9, (Span(0, 6, "您真付了吗?"),)), Move("doubt", 0.85, (Span(0, 6, "您真付了吗?"),))]
    assert [m.name for m in _unsuppressed_moves(heard, text, lexicon("zh"))] == ["doubt"]


def test_a_question_in_another_sentence_than_the_fault_is_still_asked():
    text = "不知道。您是哪天交的费?"
    heard = [Move("ask", 0.9, (Span(4, 13, "您是哪天交的费?"),)), Move("dont_know", 0.9, (Span(0, 3, "不知道"),))]
    assert [m.name for m in _unsuppressed_moves(heard, text, lexicon("zh"))] == ["ask", "dont_know"]


def test_a_restatement_the_model_guessed_does_not_clear_a_fault_in_its_sentence():
    text = "So the engineer never came, and that's the depot's fault, not mine."
    assert "restate" in lexicon("en").suppressed_by["blame_colleague"]
    heard = [Move("restate", 0.7, (Span(0, len(text), text),)), Move("blame_colleague", 0.9, (Span(31, 56, text[31:56]),))]
    assert [m.name for m in _unsuppressed_moves(heard, text, lexicon("en"))] == ["restate", "blame_colleague"]


@pytest.mark.parametrize("lang, text, asked", [
    ("zh", "上门取件?这个办不了。", False), ("en", "A refund? We don't do refunds on sale items.", False),
    ("zh", "您是哪天交的费?我这边查不到记录。", True), ("en", "Which branch did you pay at? I don't know that one.", True)])
def test_a_short_question_the_trainee_answers_with_its_own_fault_echoes_the_customer_and_asks_nothing(lang, text, asked):
    assert ("ask" in {m.name for m in recognise(text, lang, semantic=False)}) == asked
