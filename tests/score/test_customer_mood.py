"""The customer-mood estimator: cues with their words, the curve, and how the call ended."""

from __future__ import annotations

import pytest
import yaml

from simulator.datafile import packaged
from simulator.score.customer_mood import CueLexicon, cues, ending, estimate, lexicon


def categories(text: str, lang: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for cue in cues(text, lang):
        found.setdefault(cue.category, []).append(cue.text)
    return found


@pytest.mark.parametrize("lang, text, category, words", [
    ("en", "This is ridiculous and completely unacceptable.", "anger", ["ridiculous", "unacceptable"]),
    ("zh", "你们这什么破服务,垃圾!", "anger", ["什么破", "垃圾"]),
    ("en", "I want to speak to your manager.", "escalate", ["manager"]),
    ("zh", "我要找你们领导!", "escalate", ["领导"]),
    ("en", "I'll post this on Twitter.", "exposure", ["post this", "Twitter"]),
    ("zh", "我要去12315投诉,还要曝光你们", "exposure", ["12315", "曝光"]),
    ("en", "Oh great, another week of waiting.", "sarcasm", ["Oh great"]),
    ("zh", "呵呵,真行啊", "sarcasm", ["呵呵", "真行"]),
    ("en", "Whatever. Forget it.", "resignation", ["Whatever", "Forget it"]),
    ("zh", "算了,随便吧", "resignation", ["算了", "随便吧"]),
    ("en", "That worked, it's all sorted now.", "relief", ["That worked", "all sorted"]),
    ("zh", "太好了,已经解决了", "relief", ["太好了", "解决了"]),
    ("en", "Thank you so much!", "thanks", ["Thank you"]),
    ("zh", "好的,谢谢您", "thanks", ["谢谢"]),
    ("en", "Forget it, I'm cancelling my account.", "resignation", ["Forget it"]),
    ("zh", "不跟你说了,我挂了", "leave", ["不跟你说了", "挂了"]),
    ("en", "I've called three times and still nothing", "impatience", ["three times"]),
    ("zh", "都等了三天了还没到", "impatience", ["等了", "三天了"]),
    ("en", "I've called three times and still nothing", "unresolved", ["still nothing"]),
    ("zh", "都等了三天了还没到", "unresolved", ["还没到"]),
    ("en", "Nope, that didn't work. Same problem.", "unresolved", ["Nope", "didn't work", "Same problem"]),
    ("zh", "还是不行,你这等于没说", "unresolved", ["还是不行", "等于没说"]),
    ("en", "got it back, you guys rock", "relief", ["got it back", "you guys rock"]),
    ("zh", "好的,改好了,非常满意", "relief", ["改好了", "满意"]),
    ("en", "great, another week without internet", "sarcasm", ["great, another"]),
    ("zh", "你们客服就会说抱歉", "sarcasm", ["就会说"]),
])
def test_each_kind_of_cue_is_heard_with_its_words(lang, text, category, words):
    found = categories(text, lang)
    assert sorted(found.get(category, [])) == sorted(words), found


def test_the_spans_point_at_the_words():
    text = "Honestly, this is ridiculous."
    (cue,) = [c for c in cues(text, "en") if c.category == "anger"]
    assert text[cue.start:cue.end] == "ridiculous" == cue.text
    assert cue.delta == 20


def test_sarcasm_claims_its_words_so_thanks_for_nothing_is_no_thanks():
    assert categories("Thanks for nothing.", "en") == {"sarcasm": ["Thanks for nothing"]}


@pytest.mark.parametrize("lang, text, absent", [
    ("en", "It is not solved at all.", "relief"),
    ("zh", "问题还没解决", "relief"),
    ("zh", "我很不满意", "relief"),
    ("en", "No thanks.", "thanks"),
])
def test_a_negated_calm_cue_is_not_heard(lang, text, absent):
    assert absent not in categories(text, lang)


def test_zh_dissatisfaction_is_anger():
    assert categories("我很不满意", "zh") == {"anger": ["不满意"]}


def test_shouting_in_capitals_is_intensity_but_acronyms_in_lower_case_are_not():
    assert "intensity" in categories("WHERE IS MY REFUND", "en")
    assert "intensity" not in categories("where is my refund", "en")


def test_a_category_counts_only_up_to_its_limit():
    found = [c for c in cues("terrible, awful, useless, pathetic", "en") if c.category == "anger"]
    assert [c.delta for c in found] == [20, 20, 0, 0]


def test_the_curve_blends_each_turn_with_the_anger_before_it():
    lex = lexicon()
    first, second = estimate(["This is ridiculous!", "ok"], "en")
    assert first.anger_before == lex.baseline
    assert first.level == lex.baseline + 20
    assert first.anger_after == round(lex.carry * lex.baseline + (1 - lex.carry) * first.level)
    assert second.anger_before == first.anger_after
    assert second.level == lex.baseline - 6


def test_a_turn_without_cues_drifts_back_toward_the_baseline():
    lex = lexicon()
    angry, plain = estimate(["Useless!! Pathetic!!", "My account number is 4411."], "en")
    assert angry.anger_after > lex.baseline
    assert lex.baseline <= plain.anger_after < angry.anger_after
    assert plain.cues == ()


@pytest.mark.parametrize("lang, lines, outcome", [
    ("en", ["My order never came.", "This is ridiculous. Get me your supervisor."], "escalated"),
    ("zh", ["订单一直没到", "太过分了,我要找你们领导"], "escalated"),
    ("en", ["Still broken.", "I'm going to post this on social media."], "exposure"),
    ("zh", ["还是坏的", "我要去消协投诉,还要发微博曝光"], "exposure"),
    ("en", ["Useless.", "I'm done, I'm cancelling my account."], "hung_up"),
    ("zh", ["没用", "不跟你说了,我挂了"], "hung_up"),
    ("en", ["My bill is wrong!", "Great, that fixed it. Thanks a lot!"], "satisfied"),
    ("zh", ["账单不对!", "好的,问题解决了,谢谢"], "satisfied"),
    ("en", ["How do I change my address?", "I see."], None),
])
def test_the_last_customer_turn_says_how_the_call_ended(lang, lines, outcome):
    said, at = ending(estimate(lines, lang))
    assert said == outcome
    assert at == (len(lines) - 1)


def test_a_threat_just_before_the_end_stands_unless_the_last_turn_settles_it():
    threat = estimate(["I will report you to the ombudsman.", "My reference is 5521."], "en")
    assert ending(threat) == ("exposure", 0)
    settled = estimate(["I will report you to the ombudsman.", "OK, that works now, thank you."], "en")
    assert ending(settled)[0] == "satisfied"


def test_thanks_from_a_customer_still_furious_is_not_satisfaction():
    lines = ["RIDICULOUS!!! Useless, pathetic!!", "WTF, this is a scam!!", "fine, thanks"]
    turns = estimate(lines, "en")
    assert turns[-1].anger_after >= lexicon().satisfied_below
    assert ending(turns)[0] is None


def test_a_calm_ending_without_cues_reads_as_satisfied():
    turns = estimate(["Thanks so much, that's great!", "OK, I see."], "en")
    assert turns[-1].anger_after < lexicon().calm_below
    assert ending(turns) == ("satisfied", 1)


def test_no_customer_turn_means_no_known_ending():
    assert ending([]) == (None, None)


def test_the_language_is_detected_when_not_given():
    assert categories("气死我了", None) == {"anger": ["气死"]}


def test_a_coach_can_edit_the_cue_lexicon(tmp_path):
    data = yaml.safe_load(packaged("coaching", "customer_cues.yaml").read_text("utf-8"))
    data["cues"]["anger"]["en"].append(r"\bgrr+\b")
    data["cues"]["anger"]["delta"] = 30
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lex = CueLexicon.load(path)
    (cue,) = cues("grrr", "en", lex)
    assert (cue.category, cue.delta) == ("anger", 30)


def test_the_estimate_is_plain_data():
    (turn,) = estimate(["垃圾!!"], "zh")
    data = turn.to_dict()
    assert set(data) == {"anger_before", "anger_after", "level", "state", "cues"}
    assert {"category", "delta", "start", "end", "text"} <= set(data["cues"][0])


@pytest.mark.parametrize("lang, opening, later", [
    ("en", "My router doesn't work.", "It still doesn't work."),
    ("zh", "我的路由器用不了,还是不行", "还是不行"),
])
def test_it_does_not_work_states_the_problem_first_and_means_the_help_failed_later(lang, opening, later):
    first, second = estimate([opening, later], lang)
    assert "unresolved" not in {c.category for c in first.cues}
    assert "unresolved" in {c.category for c in second.cues}
    assert second.anger_after > first.anger_after


@pytest.mark.parametrize("lang, last", [
    ("en", "that did the trick, cheers"), ("en", "got it back, you guys rock"), ("en", "It's back up, nice one"),
    ("zh", "好的,改好了"), ("zh", "到账了,麻烦你了"), ("zh", "非常满意"),
])
def test_the_ways_real_customers_say_it_worked_end_satisfied(lang, last):
    turns = estimate(["My bill is wrong." if lang == "en" else "账单不对。", last], lang)
    assert ending(turns) == ("satisfied", 1)


@pytest.mark.parametrize("lang, last", [
    ("en", "still broken, useless"), ("en", "Nope, same problem."), ("en", "great, another week without internet"),
    ("zh", "问题还是没解决"), ("zh", "你这等于没说"), ("zh", "你们客服就会说抱歉"),
])
def test_the_ways_real_customers_say_it_still_is_not_fixed_raise_anger(lang, last):
    turns = estimate(["My bill is wrong." if lang == "en" else "账单不对。", last], lang)
    assert turns[1].anger_after > turns[0].anger_after
    assert ending(turns)[0] != "satisfied"
