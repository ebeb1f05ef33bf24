"""A scenario: the facts personas splice into their lines, and the trainee's brief."""

import pytest
from samples import line_of, write

from simulator.datafile import DataError, packaged
from simulator.engine import scenario as scenario_module
from simulator.engine.scenario import PERSONA_FACTS
from simulator.library import catalog

LINE_CUT_OFF = packaged("scenarios", "line_cut_off.yaml").read_text(encoding="utf-8")


def test_values_give_every_fact_and_detail_in_one_language(line_cut_off):
    en, zh = line_cut_off.values("en"), line_cut_off.values("zh")
    assert set(PERSONA_FACTS) <= set(en)
    assert en["company"] == "Eastline Telecom" and zh["company"] == "东线电信"
    assert en["number"] == zh["number"] == "0571-8823-4410"   # a detail that is the same in both


def test_the_brief_is_filled_with_the_scenario_details(line_cut_off):
    situation = line_cut_off.text("brief.situation", "en")
    assert "0571-8823-4410" in situation and "3 March" in situation and "{" not in situation
    assert line_cut_off.text("brief.situation", "zh").startswith("客户出差一个月。线路0571-8823-4410")
    assert len(line_cut_off.texts("brief.may_offer", "en")) == 3
    assert line_cut_off.title("zh") == "欠费停机后被拆机的电话"


def test_a_template_naming_an_unknown_detail_is_located(tmp_path):
    text = LINE_CUT_OFF.replace("disconnected on {cut_on}", "disconnected on {cut_date}")
    with pytest.raises(DataError) as caught:
        scenario_module.load(write(tmp_path, "line_cut_off.yaml", text))
    assert caught.value.line == line_of(text, "    en: >-\n      The customer")  # the `en:` of the situation
    assert "{cut_date}" in caught.value.reason
    assert "cut_on" in caught.value.fix


def test_an_opener_with_a_stray_brace_is_located(tmp_path):
    text = LINE_CUT_OFF.replace("Explain that.", "Explain {that.")
    with pytest.raises(DataError) as caught:
        scenario_module.load(write(tmp_path, "line_cut_off.yaml", text))
    assert caught.value.line == line_of(text, "Explain {that.")
    assert "not valid" in caught.value.reason


def test_a_scenario_without_the_facts_personas_need_is_refused(tmp_path):
    text = LINE_CUT_OFF.replace("  loss:\n", "  losses:\n")
    with pytest.raises(DataError) as caught:
        scenario_module.load(write(tmp_path, "line_cut_off.yaml", text))
    assert caught.value.line == line_of(text, "facts:\n  company")
    assert caught.value.reason == "facts has no `loss`"
    assert caught.value.fix == "add the key(s) 'loss'"


@pytest.mark.parametrize("lang, question, asked", [
    ("en", "Could I take your full name and postcode, please?", ("name", "address")),
    ("en", "What's the best mobile number to reach you on?", ("phone",)),
    ("zh", "麻烦您报一下姓名和手机号。", ("name", "phone")),
    ("zh", "您的身份证后四位是多少?", ("id_number",))])
def test_any_customer_says_who_they_are(lang, question, asked):
    """Checking who is calling is how most calls start: the customer answers, whatever the case."""
    scenario = catalog.scenario("ac_installer_late")
    assert scenario.hear(question, lang, asking=question).asked == asked
    assert all(scenario.answer(a, lang) for a in asked)


def test_a_scenarios_own_question_wins_over_who_the_customer_is():
    scenario = catalog.scenario("line_cut_off")   # its `number` question is the line that was cut off
    assert scenario.hear("What's the phone number on the account?", "en", asking="What's the phone number on the account?").asked == ("number",)


@pytest.mark.parametrize("ident", catalog.ids("scenarios"))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_fact_that_names_a_detail_is_said_with_it_filled_in(ident, lang):
    """`evidence: "your booking text says {window}"` reached the customer's lines as "{window}"."""
    values = catalog.scenario(ident).values(lang)
    assert not [key for key, text in values.items() if "{" in text]
