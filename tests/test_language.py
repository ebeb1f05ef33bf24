"""Which language a reply is in, and when it is in both."""

from simulator.language import detect, mixed, without_han


def test_han_characters_carry_a_sentence_against_a_few_english_words():
    assert detect("亲 sorry 这个我马上处理") == "zh"
    assert detect("Sorry, I'll sort it out today") == "en"


def test_a_reply_is_mixed_only_with_two_of_each():
    assert mixed("这个是company policy,没办法")
    assert not mixed("亲 OK 我马上处理")          # one English word is a loan, not a second language
    assert not mixed("Thanks, Mr 王, all sorted")  # one Han character is a name


def test_blanking_han_keeps_every_offset():
    text = "这个是company policy"
    blanked = without_han(text)
    assert len(blanked) == len(text) and blanked.index("company") == text.index("company")


def test_the_locale_names_the_users_language():
    from simulator.language import of_locale

    assert of_locale({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert of_locale({"LANG": "zh_TW.UTF-8"}) == "zh"
    assert of_locale({"LANG": "C.UTF-8"}) == "en" and of_locale({"LANG": "en_US.UTF-8"}) == "en"
    assert of_locale({}) == "en"
    assert of_locale({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"   # LC_ALL wins
    assert of_locale({"LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C"}) == "zh"
